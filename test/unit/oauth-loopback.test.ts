import { request } from 'node:http';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';

import fc from 'fast-check';
import * as oauth from 'oauth4webapi';
import { afterEach, describe, expect, it } from 'vitest';

import { isAcceptableEndpoint } from '../../src/main/platforms/endpoints';
import { listAccountCodesEnvelope } from '../../src/main/platforms/clearbooks';
import { LoopbackListener, type CallbackPage } from '../../src/main/services/oauth/loopback-listener';
import { newFlowSecrets } from '../../src/main/services/oauth/pkce';
import {
  cleanProviderText,
  codeForOAuthError,
  MAX_PROVIDER_TEXT,
} from '../../src/main/services/oauth/provider-errors';
import { redirectUriFor } from '../../src/main/services/oauth/flows';

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
