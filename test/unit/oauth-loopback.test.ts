import { createPrivateKey, X509Certificate } from 'node:crypto';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { connect as tlsConnect, createServer as createTlsServer } from 'node:tls';

import fc from 'fast-check';
import * as oauth from 'oauth4webapi';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';

import { isAcceptableEndpoint } from '../../src/main/platforms/endpoints';
import { listAccountCodesEnvelope } from '../../src/main/platforms/clearbooks';
import {
  createLoopbackCertificates,
  LOOPBACK_TLS_ACCOUNT,
} from '../../src/main/services/oauth/loopback-certificate';
import { LoopbackListener, type CallbackPage } from '../../src/main/services/oauth/loopback-listener';
import { newFlowSecrets } from '../../src/main/services/oauth/pkce';
import {
  cleanProviderText,
  codeForOAuthError,
  MAX_PROVIDER_TEXT,
} from '../../src/main/services/oauth/provider-errors';
import { redirectUriFor } from '../../src/main/services/oauth/flows';
import { FaultyStore } from './support/faulty-store';
import { testKeychain } from './support/temp';

const open: LoopbackListener[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function listener(
  handle: (path: string, params: URLSearchParams) => Promise<CallbackPage> = async () => 'linked',
) {
  const l = await LoopbackListener.open(0, handle);
  open.push(l);
  l.addPath('/oauth/sage/callback');
  return l;
}

/** A raw HTTP request, so tests control the Host header and method. */
function send(
  port: number,
  path: string,
  options: { method?: string; host?: string; address?: string } = {},
) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }>((resolve, reject) => {
    const req = request(
      {
        host: options.address ?? '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? `127.0.0.1:${port}` },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('PKCE and state (RFC 7636, RFC 6749 §10.12)', () => {
  it('computes the RFC 7636 appendix B challenge', async () => {
    expect(await oauth.calculatePKCECodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes well-formed, unique verifiers and states of at least 128 bits', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const { state, codeVerifier, codeChallenge } = await newFlowSecrets();
      expect(codeVerifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
      expect(state).toMatch(/^[A-Za-z0-9_-]{43,}$/);
      expect(codeChallenge).toBe(await oauth.calculatePKCECodeChallenge(codeVerifier));
      expect(seen.has(state) || seen.has(codeVerifier)).toBe(false);
      seen.add(state).add(codeVerifier);
    }
  });
});

describe('the loopback listener (RFC 8252 §7.3, §8.3)', () => {
  it('binds 127.0.0.1 only and is unreachable on other interfaces', async () => {
    const l = await listener();
    expect(l.origin).toBe(`http://127.0.0.1:${l.port}`);
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (lan)
      await expect(send(l.port, '/oauth/sage/callback', { address: lan.address })).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
  });

  it('reports a port in use as PORT_IN_USE, naming no internals', async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen({ host: '127.0.0.1', port: 0 }, ok));
    const port = (blocker.address() as { port: number }).port;
    await expect(LoopbackListener.open(port, async () => 'linked')).rejects.toMatchObject({
      code: 'PORT_IN_USE',
    });
    blocker.close();
  });

  it('refuses a second listener on the same port', async () => {
    const l = await listener();
    await expect(LoopbackListener.open(l.port, async () => 'linked')).rejects.toMatchObject({
      code: 'PORT_IN_USE',
    });
  });

  it('serves GET on registered paths only: other paths 404, other methods 405, wrong Host 400 — none reach the handler', async () => {
    const calls: string[] = [];
    const l = await listener(async (path) => (calls.push(path), 'linked'));
    expect((await send(l.port, '/favicon.ico')).status).toBe(404);
    expect((await send(l.port, '/oauth/zohobooks/callback?code=x&state=y')).status).toBe(404);
    const post = await send(l.port, '/oauth/sage/callback?code=x&state=y', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET');
    expect(
      (await send(l.port, '/oauth/sage/callback?code=x&state=y', { host: `evil.example:${l.port}` })).status,
    ).toBe(400);
    expect(
      (await send(l.port, '/oauth/sage/callback?code=x&state=y', { host: `localhost:${l.port}` })).status,
    ).toBe(400);
    expect(calls).toEqual([]);
    expect((await send(l.port, '/oauth/sage/callback?code=x&state=y')).status).toBe(200);
    expect(calls).toEqual(['/oauth/sage/callback']);
  });

  it('answers with a static page that never echoes the code, state or provider text, and sets the safety headers', async () => {
    for (const outcome of ['linked', 'failed', 'refused'] as const) {
      const l = await listener(async () => outcome);
      const res = await send(
        l.port,
        '/oauth/sage/callback?code=SECRETCODE123&state=STATEVALUE456&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      );
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'");
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      for (const leaked of ['SECRETCODE123', 'STATEVALUE456', '<script>', 'http'])
        expect(res.body).not.toContain(leaked);
      expect(res.body).toContain('Integration Desk');
    }
  });

  it('closes: nothing listens afterwards', async () => {
    const l = await listener();
    await l.close();
    expect(l.listening).toBe(false);
    await expect(send(l.port, '/oauth/sage/callback')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('redirect URIs', () => {
  it('name 127.0.0.1, the fixed port and one path per platform; FreshBooks uses https', () => {
    expect(redirectUriFor('zohobooks', 47318)).toBe('http://127.0.0.1:47318/oauth/zohobooks/callback');
    expect(redirectUriFor('sage', 47318)).toBe('http://127.0.0.1:47318/oauth/sage/callback');
    expect(redirectUriFor('freshbooks', 47318)).toBe('https://127.0.0.1:47318/oauth/freshbooks/callback');
    expect(new URL(redirectUriFor('freshbooks', 1)).search).toBe('');
  });
});

describe('provider endpoints', () => {
  it('must be https; plain http only on 127.0.0.1', () => {
    expect(isAcceptableEndpoint('https://oauth.accounting.sage.com/token')).toBe(true);
    expect(isAcceptableEndpoint('http://127.0.0.1:9999/token')).toBe(true);
    for (const bad of [
      'http://oauth.accounting.sage.com/token',
      'http://localhost:1/x',
      'https://user@host/x',
      'ftp://x/',
      'nonsense',
    ]) {
      expect(isAcceptableEndpoint(bad), bad).toBe(false);
    }
  });
});

describe('provider errors', () => {
  it('map RFC 6749 codes to fixed messages', () => {
    expect(codeForOAuthError('access_denied')).toBe('ACCESS_DENIED');
    expect(codeForOAuthError('invalid_scope')).toBe('INVALID_SCOPE');
    expect(codeForOAuthError('invalid_grant')).toBe('INVALID_GRANT');
    // The app's registration: a wrong client ID or secret, or an app type that may not use this flow.
    expect(codeForOAuthError('invalid_client', 401)).toBe('CLIENT_REJECTED');
    expect(codeForOAuthError('unauthorized_client')).toBe('CLIENT_REJECTED');
    expect(codeForOAuthError('unsupported_response_type')).toBe('CLIENT_REJECTED');
    expect(codeForOAuthError('invalid_request', 400)).toBe('REQUEST_REFUSED');
    expect(codeForOAuthError('temporarily_unavailable')).toBe('PROVIDER_UNAVAILABLE');
    expect(codeForOAuthError('server_error')).toBe('PROVIDER_UNAVAILABLE');
    expect(codeForOAuthError(undefined, 429)).toBe('RATE_LIMITED');
    // Any 429 is throttling, even when its body names another error.
    expect(codeForOAuthError('temporarily_unavailable', 429)).toBe('RATE_LIMITED');
    expect(codeForOAuthError('server_error', 429)).toBe('RATE_LIMITED');
    expect(codeForOAuthError(undefined, 503)).toBe('PROVIDER_UNAVAILABLE');
    expect(codeForOAuthError('something_new')).toBe('PROVIDER_ERROR');
    // Sage's spelling of an unusable code: sign in again, as for invalid_grant.
    expect(codeForOAuthError('invalid_code')).toBe('INVALID_GRANT');
    // Any 5xx is the provider's trouble (try later); a 4xx without a known code is not.
    expect(codeForOAuthError(undefined, 500)).toBe('PROVIDER_UNAVAILABLE');
    expect(codeForOAuthError(undefined, 499)).toBe('PROVIDER_ERROR');
    expect(codeForOAuthError(undefined)).toBe('PROVIDER_ERROR');
  });

  it('keep provider text of exactly the limit whole, and cut one character more', () => {
    const atLimit = 'x'.repeat(MAX_PROVIDER_TEXT);
    expect(cleanProviderText(atLimit)).toBe(atLimit);
    expect(cleanProviderText(`${atLimit}y`)).toBe(`${'x'.repeat(MAX_PROVIDER_TEXT - 1)}…`);
  });

  it('keep provider text short and on one line', () => {
    // fast-check's default size keeps strings short and its default unit is printable ASCII:
    // ask for the full length range and for control characters, and count that long ones came.
    let longInputs = 0;
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 2000, size: 'max' }), (s) => {
        // eslint-disable-next-line no-control-regex -- what the screen must never receive
        const visible = s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
        const text = cleanProviderText(s);
        if (visible === '') {
          expect(text).toBeUndefined();
          return;
        }
        // eslint-disable-next-line no-control-regex -- the same characters, in the output
        expect(text).not.toMatch(/[\u0000-\u001f\u007f]/);
        if (visible.length <= MAX_PROVIDER_TEXT) {
          expect(text).toBe(visible);
          return;
        }
        longInputs++;
        // Cut to the limit, and marked as cut, so the reader knows there was more.
        expect(text).toHaveLength(MAX_PROVIDER_TEXT);
        expect(text).toBe(`${visible.slice(0, MAX_PROVIDER_TEXT - 1)}…`);
      }),
      // Shrinking 2,000-character strings takes minutes: report the first counterexample as is.
      { numRuns: 300, seed: 3, endOnFailure: true },
    );
    expect(longInputs).toBeGreaterThan(100);
    expect(cleanProviderText('Invalid\r\nclient\u0000id')).toBe('Invalid client id');
  });
});

describe('Clear Books SOAP request', () => {
  it('escapes the API key into the authenticate header', () => {
    const xml = listAccountCodesEnvelope('a<b>&"c\'');
    expect(xml).toContain('<apiKey>a&#60;b&#62;&#38;&#34;c&#39;</apiKey>');
    expect(xml).toContain('<ns1:listAccountCodes/>');
  });
});

describe('the loopback certificate (https callbacks)', () => {
  const now = new Date('2026-12-06T20:00:00.000Z');
  const FIVE_YEARS_MS = 5 * 365 * 24 * 3600 * 1000;
  // DER encodings a browser reads in the certificate (RFC 5280 §4.2.1, RFC 5758 §3.2).
  const ECDSA_WITH_SHA256 = Buffer.from('06082a8648ce3d040302', 'hex');
  const ECDSA_WITH_SHA1 = Buffer.from('06072a8648ce3d0401', 'hex');
  // Key usage, critical: digital signature only (no certificate signing).
  const KEY_USAGE_SIGNATURE_ONLY = Buffer.from('0603551d0f0101ff040403020780', 'hex');
  // Basic constraints: not a certificate authority.
  const BASIC_CONSTRAINTS_NOT_CA = Buffer.from('0603551d1304023000', 'hex');

  /** Whether a TLS client that trusts only `cert` accepts the server for `servername`. */
  async function handshake(tls: { key: string; cert: string }, servername: string) {
    const server = createTlsServer({ key: tls.key, cert: tls.cert }, (socket) => socket.end());
    await new Promise<void>((ok) => server.listen({ host: '127.0.0.1', port: 0 }, ok));
    const { port } = server.address() as { port: number };
    try {
      return await new Promise<boolean>((resolve) => {
        const socket = tlsConnect({ host: '127.0.0.1', port, servername, ca: tls.cert }, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  }

  /** A certificate as an older install (or a clock far ahead) may have left in the keychain. */
  async function stored(options: { until: Date; localhost: boolean }) {
    const made = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: new Date(options.until.getTime() - 24 * 3600 * 1000),
      notAfterDate: options.until,
      extensions: [
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7, ip: '127.0.0.1' },
            ...(options.localhost ? [{ type: 2 as const, value: 'localhost' }] : []),
          ],
        },
      ],
    });
    return { key: made.private, cert: made.cert };
  }

  it('is made once per install and kept in the keychain: a restart shows the browser the same one', async () => {
    const keychain = testKeychain();
    const tlsFor = createLoopbackCertificates(keychain, () => now);
    // Two https sign-ins starting together share the one certificate made.
    const [first, second] = await Promise.all([tlsFor(), tlsFor()]);
    expect(second.cert).toBe(first.cert);
    expect(JSON.parse((await keychain.get(LOOPBACK_TLS_ACCOUNT))!)).toEqual(first);
    const afterRestart = await createLoopbackCertificates(keychain, () => now)();
    expect(afterRestart).toEqual(first);
  });

  it('serves https://127.0.0.1 and https://localhost only, for five years, and can sign no other certificate', async () => {
    const tls = await createLoopbackCertificates(testKeychain(), () => now)();
    const certificate = new X509Certificate(tls.cert);
    expect(certificate.subject).toBe('CN=127.0.0.1');
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(certificate.checkHost('localhost')).toBe('localhost');
    expect(certificate.checkHost('integrationdesk.example')).toBeUndefined();
    expect(certificate.checkIP('192.168.1.10')).toBeUndefined();
    expect(new Date(certificate.validFrom)).toEqual(now);
    expect(new Date(certificate.validTo)).toEqual(new Date(now.getTime() + FIVE_YEARS_MS));
    expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    // Signed with SHA-256 (browsers refuse SHA-1), for TLS servers only ("serverAuth")…
    expect(certificate.raw.includes(ECDSA_WITH_SHA256)).toBe(true);
    expect(certificate.raw.includes(ECDSA_WITH_SHA1)).toBe(false);
    expect(certificate.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    // …and not an authority, twice over: someone who trusts it to silence the warning trusts no
    // certificate its key might sign for another site.
    expect(certificate.ca).toBe(false);
    expect(certificate.raw.includes(BASIC_CONSTRAINTS_NOT_CA)).toBe(true);
    expect(certificate.raw.includes(KEY_USAGE_SIGNATURE_ONLY)).toBe(true);
    expect(certificate.checkPrivateKey(createPrivateKey(tls.key))).toBe(true);
    // A client that trusts it completes the handshake for localhost, not for another name.
    expect(await handshake(tls, 'localhost')).toBe(true);
    expect(await handshake(tls, 'integrationdesk.example')).toBe(false);
  });

  it('one that has expired, or does not name localhost, is made again; one still valid is kept', async () => {
    const keychain = testKeychain();
    const until = new Date('2027-01-01T00:00:00.000Z');
    const valid = await stored({ until, localhost: true });
    await keychain.set(LOOPBACK_TLS_ACCOUNT, JSON.stringify(valid));
    // A second before it lapses it is still served…
    expect(await createLoopbackCertificates(keychain, () => new Date(until.getTime() - 1000))()).toEqual(
      valid,
    );
    // …at the second it lapses, a new one is made and kept in its place.
    const renewed = await createLoopbackCertificates(keychain, () => until)();
    expect(renewed.cert).not.toBe(valid.cert);
    expect(new Date(new X509Certificate(renewed.cert).validFrom)).toEqual(until);
    expect(JSON.parse((await keychain.get(LOOPBACK_TLS_ACCOUNT))!)).toEqual(renewed);

    const withoutLocalhost = await stored({ until, localhost: false });
    await keychain.set(LOOPBACK_TLS_ACCOUNT, JSON.stringify(withoutLocalhost));
    const remade = await createLoopbackCertificates(keychain, () => now)();
    expect(remade.cert).not.toBe(withoutLocalhost.cert);
    expect(new X509Certificate(remade.cert).checkHost('localhost')).toBe('localhost');
  });

  it('a keychain that fails once is asked again at the next https sign-in', async () => {
    const faulty = new FaultyStore(testKeychain());
    const tlsFor = createLoopbackCertificates(faulty, () => now);
    faulty.fault = 'unknownError';
    await expect(tlsFor()).rejects.toMatchObject({ code: 'KEYCHAIN_ERROR' });
    await faulty.clear();
    const tls = await tlsFor();
    expect(JSON.parse((await faulty.inner.get(LOOPBACK_TLS_ACCOUNT))!)).toEqual(tls);
  });
});
