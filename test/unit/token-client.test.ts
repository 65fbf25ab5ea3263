/**
 * The token client against a small token server on 127.0.0.1 that records what reaches it and
 * answers as each test says: what a refresh keeps of the answer, and what each revocation style
 * (RFC 7009 form, JSON, Zoho's query) sends and makes of the reply.
 */
import { createServer, type Server } from 'node:http';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ConnectionServer, OAuthAdapter } from '../../src/main/platforms/types';
import {
  refreshTokens,
  revokeToken,
  type TokenClientContext,
} from '../../src/main/services/oauth/token-client';

interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
interface Answer {
  status: number;
  contentType?: string;
  body?: string;
  headers?: Record<string, string>;
}

let server: Server;
let base: string;
let seen: Seen[];
let answer: Answer;

beforeEach(async () => {
  seen = [];
  answer = { status: 200, contentType: 'application/json', body: '{}' };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      seen.push({
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(answer.status, {
        ...(answer.contentType ? { 'content-type': answer.contentType } : {}),
        ...answer.headers,
      });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterEach(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
});

const CLIENT_ID = 'desk-client';
const CLIENT_SECRET = 'cs-0b1d2e3f44';
const REFRESH_TOKEN = 'rt-7f3a9c1e55';

function context(
  revocation: OAuthAdapter['revocation'],
  server: Partial<ConnectionServer> = {},
): TokenClientContext {
  return {
    adapter: { revocation, refreshTokenLifetimeSeconds: null } as unknown as OAuthAdapter,
    server: {
      region: null,
      tokenEndpoint: `${base}/token`,
      revocationEndpoint: `${base}/revoke`,
      apiBase: base,
      ...server,
    },
    issuer: base,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    fetchImpl: fetch,
  };
}

describe('refreshing tokens', () => {
  it('drops an id_token nobody asked for, and keeps the rest of the answer', async () => {
    answer.body = JSON.stringify({
      access_token: 'at-1',
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: 'rt-2',
      id_token: 'not.a.jwt',
    });
    const tokens = await refreshTokens(context('form'), REFRESH_TOKEN);
    expect(tokens).toMatchObject({ access_token: 'at-1', expires_in: 3600, refresh_token: 'rt-2' });
    expect(tokens).not.toHaveProperty('id_token');
    expect(seen).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(seen[0]!.body))).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: REFRESH_TOKEN,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
  });

  it('an answer that is not a token object fails as the provider’s error, whatever its JSON holds', async () => {
    for (const body of ['null', '[1]', '"text"', 'not json at all']) {
      answer.body = body;
      await expect(refreshTokens(context('form'), REFRESH_TOKEN)).rejects.toMatchObject({
        code: 'PROVIDER_ERROR',
      });
    }
  });

  it('a throttled refresh says how long the provider asked to wait (Retry-After)', async () => {
    answer = {
      status: 429,
      contentType: 'application/json',
      body: JSON.stringify({ error: 'rate_limit_exceeded' }),
      headers: { 'retry-after': '120' },
    };
    await expect(refreshTokens(context('form'), REFRESH_TOKEN)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 120_000,
    });
  });
});

describe('revoking a refresh token (RFC 7009)', () => {
  it('form: posts the client and the token, hinted as a refresh token', async () => {
    expect(await revokeToken(context('form'), REFRESH_TOKEN)).toBe('revoked');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/revoke', query: {} });
    expect(seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen[0]!.headers['accept']).toBe('application/json');
    expect(Object.fromEntries(new URLSearchParams(seen[0]!.body))).toEqual({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      token: REFRESH_TOKEN,
      token_type_hint: 'refresh_token',
    });
  });

  it('json: posts the client and the token as JSON', async () => {
    expect(await revokeToken(context('json'), REFRESH_TOKEN)).toBe('revoked');
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/revoke', query: {} });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[0]!.headers['accept']).toBe('application/json');
    expect(JSON.parse(seen[0]!.body)).toEqual({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      token: REFRESH_TOKEN,
    });
  });

  it('query (Zoho): posts the token in the address, and the client secret nowhere', async () => {
    expect(await revokeToken(context('query'), REFRESH_TOKEN)).toBe('revoked');
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/revoke', query: { token: REFRESH_TOKEN } });
    expect(seen[0]!.body).toBe('');
    expect(JSON.stringify(seen[0])).not.toContain(CLIENT_SECRET);
  });

  it('asks nothing of a provider without an endpoint or a way to revoke', async () => {
    expect(await revokeToken(context('form', { revocationEndpoint: null }), REFRESH_TOKEN)).toBe(
      'notSupported',
    );
    expect(await revokeToken(context(null), REFRESH_TOKEN)).toBe('notSupported');
    expect(seen).toEqual([]);
  });

  it('only a 200 is revoked; 404 and 405 mean no revocation there; anything else may leave the token live', async () => {
    const outcomes: Record<number, string> = {};
    for (const status of [200, 204, 400, 401, 404, 405, 500, 503]) {
      // A 204 carries no body, nor a type for one.
      answer = status === 204 ? { status } : { status, contentType: 'application/json', body: '{}' };
      outcomes[status] = await revokeToken(context('form'), REFRESH_TOKEN);
    }
    expect(outcomes).toEqual({
      200: 'revoked',
      204: 'failed',
      400: 'failed',
      401: 'failed',
      404: 'notSupported',
      405: 'notSupported',
      500: 'failed',
      503: 'failed',
    });
  });

  it('a provider that cannot be reached leaves the outcome "failed"', async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
    server = createServer();
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    expect(await revokeToken(context('form', { revocationEndpoint: `${base}/revoke` }), REFRESH_TOKEN)).toBe(
      'failed',
    );
  });
});
