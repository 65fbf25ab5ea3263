import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startLinkingRig, type LinkingRig } from './support/linking';

// ConnectionService: linked companies' tokens (refresh, rotation), testing and disconnecting.
let rig: LinkingRig;
beforeEach(async () => {
  rig = await startLinkingRig();
});
afterEach(async () => rig.close());

describe('token lifecycle', () => {
  it('20 concurrent callers needing a token make one refresh request', async () => {
    const id = await rig.link('sage');
    (rig.services.connections as unknown as { accessTokens: Map<string, unknown> }).accessTokens.clear();
    const tokens = await Promise.all(
      Array.from({ length: 20 }, () => rig.services.connections.accessToken(id)),
    );
    expect(new Set(tokens).size).toBe(1);
    expect(rig.fakes.sage.tokenRequests('refresh_token')).toHaveLength(1);
  });

  it.each([
    ['sage', 300, 2_678_400],
    ['zohobooks', 3600, null],
  ] as const)(
    '%s: an access token is reused until 30 s before it expires, then refreshed, and the expiry shown is the provider’s',
    async (platform, lifetimeSec, refreshLifetimeSec) => {
      let now = Date.parse('2026-03-02T09:00:00.000Z');
      await rig.close();
      rig = await startLinkingRig({}, { clock: () => new Date(now) });
      const refreshes = () => rig.fakeFor(platform).tokenRequests('refresh_token').length;
      const id = await rig.link(platform);
      const linkedAt = now;
      expect(rig.services.connections.get(id).tokenExpiresAt).toBe(
        new Date(linkedAt + lifetimeSec * 1000).toISOString(),
      );
      if (refreshLifetimeSec !== null)
        expect(rig.services.connections.get(id).refreshExpiresAt).toBe(
          new Date(linkedAt + refreshLifetimeSec * 1000).toISOString(),
        );
      // The token the sign-in issued serves until shortly before it lapses: no refresh request.
      const first = await rig.services.connections.accessToken(id);
      now = linkedAt + lifetimeSec * 1000 - 31_000;
      expect(await rig.services.connections.accessToken(id)).toBe(first);
      expect(refreshes()).toBe(0);
      // Within 30 s of its end it is replaced.
      now = linkedAt + lifetimeSec * 1000 - 29_000;
      const second = await rig.services.connections.accessToken(id);
      expect(second).not.toBe(first);
      expect(refreshes()).toBe(1);
      const refreshedAt = now;
      expect(rig.services.connections.get(id).tokenExpiresAt).toBe(
        new Date(refreshedAt + lifetimeSec * 1000).toISOString(),
      );
      // And the refreshed one is cached the same way.
      now = refreshedAt + lifetimeSec * 1000 - 31_000;
      expect(await rig.services.connections.accessToken(id)).toBe(second);
      expect(refreshes()).toBe(1);
      now = refreshedAt + lifetimeSec * 1000 - 29_000;
      expect(await rig.services.connections.accessToken(id)).not.toBe(second);
      expect(refreshes()).toBe(2);
    },
  );

  it('a rotated refresh token is in the keychain, and the old one is never sent again', async () => {
    const id = await rig.link('sage');
    const before = rig.fakes.sage.liveRefreshTokens();
    await rig.services.connections.refresh(id);
    await rig.services.connections.refresh(id);
    const sent = rig.fakes.sage
      .tokenRequests('refresh_token')
      .map((r) => (r.body as Record<string, string>)['refresh_token']);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(before[0]);
    expect(sent[1]).not.toBe(sent[0]);
    const stored = (await rig.secrets.accounts()).filter((a) => a.startsWith('connection-'));
    expect(stored).toHaveLength(1);
    expect(JSON.parse((await rig.secrets.get(stored[0]!))!).refreshToken).toBe(
      rig.fakes.sage.liveRefreshTokens()[0],
    );
  });

  it('invalid_grant marks the connection Needs re-auth and does not retry', async () => {
    const id = await rig.link('freshbooks');
    rig.fakes.freshbooks.behaviour.tokenResponses.push({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'revoked' },
      sticky: true,
    });
    await expect(rig.services.connections.refresh(id)).rejects.toMatchObject({ code: 'INVALID_GRANT' });
    expect(rig.fakes.freshbooks.tokenRequests('refresh_token')).toHaveLength(1);
    expect(rig.services.connections.get(id)).toMatchObject({
      status: 'needsReauth',
      lastError: 'INVALID_GRANT',
    });
  });

  it('transient failures are retried a bounded number of times', async () => {
    const id = await rig.link('sage');
    rig.fakes.sage.behaviour.tokenResponses.push({
      status: 503,
      body: { error: 'temporarily_unavailable' },
      sticky: true,
    });
    await expect(rig.services.connections.refresh(id)).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
    expect(rig.fakes.sage.tokenRequests('refresh_token')).toHaveLength(3);
    expect(rig.services.connections.get(id).status).toBe('linked');
  });

  it('Test connection calls the provider and records the time', async () => {
    const id = await rig.link('zohobooks');
    const before = rig.fakes.zoho.apiRequests().length;
    const startedAt = Date.now();
    const tested = await rig.services.connections.test(id);
    // The provider was asked, with the connection's token.
    const asked = rig.fakes.zoho.apiRequests().slice(before);
    expect(asked.length).toBeGreaterThanOrEqual(1);
    expect(asked.every((r) => String(r.headers.authorization).startsWith('Zoho-oauthtoken '))).toBe(true);
    expect(asked.some((r) => r.at >= startedAt)).toBe(true);
    // And the time recorded is now, not a stale value.
    expect(Date.parse(tested.lastVerifiedAt!)).toBeGreaterThanOrEqual(startedAt - 1_000);
    expect(Date.parse(tested.lastVerifiedAt!)).toBeLessThanOrEqual(Date.now());
    expect(tested.lastError).toBeNull();
  });
});

describe('disconnect', () => {
  it('revokes, then deletes the keychain item and the row', async () => {
    const id = await rig.link('sage');
    expect(await rig.services.connections.disconnect(id, false)).toEqual({
      revocation: 'revoked',
      removed: true,
    });
    expect(rig.fakes.sage.revokeRequests()).toHaveLength(1);
    expect(rig.services.connections.list()).toEqual([]);
    expect((await rig.secrets.accounts()).filter((a) => a.startsWith('connection-'))).toEqual([]);
  });

  it('keeps everything when revocation fails, unless asked to remove locally anyway', async () => {
    const id = await rig.link('freshbooks');
    rig.fakes.freshbooks.behaviour.revokeResponses.push({
      status: 503,
      headers: { 'retry-after': '30' },
      sticky: true,
    });
    expect(await rig.services.connections.disconnect(id, false)).toEqual({
      revocation: 'failed',
      removed: false,
    });
    expect(rig.services.connections.get(id).status).toBe('linked');
    expect((await rig.secrets.accounts()).filter((a) => a.startsWith('connection-'))).toHaveLength(1);
    expect(await rig.services.connections.disconnect(id, true)).toEqual({
      revocation: 'failed',
      removed: true,
    });
    expect((await rig.secrets.accounts()).filter((a) => a.startsWith('connection-'))).toEqual([]);
    expect(rig.services.audit.recent(1)[0]).toMatchObject({
      action: 'connection.disconnect',
      outcome: 'success',
    });
  });

  it('keeps everything when the provider answers unsupported_token_type (RFC 7009 §2.2.1): the token may still be valid', async () => {
    const id = await rig.link('sage');
    rig.fakes.sage.behaviour.revokeResponses.push({
      status: 400,
      body: { error: 'unsupported_token_type' },
      sticky: true,
    });
    expect(await rig.services.connections.disconnect(id, false)).toEqual({
      revocation: 'failed',
      removed: false,
    });
    expect(rig.fakes.sage.revokeRequests()).toHaveLength(1);
    expect(rig.services.connections.get(id).status).toBe('linked');
    expect((await rig.secrets.accounts()).filter((a) => a.startsWith('connection-'))).toHaveLength(1);
  });

  it('reports a provider without a revoke endpoint as not supported and removes locally', async () => {
    const id = await rig.link('zohobooks');
    rig.fakes.zoho.behaviour.revokeResponses.push({ status: 404, sticky: true });
    expect(await rig.services.connections.disconnect(id, false)).toEqual({
      revocation: 'notSupported',
      removed: true,
    });
  });
});

describe('Clear Books', () => {
  it('verifies the API key with listAccountCodes and stores it in the keychain only', async () => {
    const key = rig.fakes.clearbooks.apiKeys.values().next().value as string;
    const connection = await rig.services.connections.linkClearBooks('Acme Trading Ltd', key);
    expect(connection).toMatchObject({
      platform: 'clearbooks',
      kind: 'apiKey',
      label: 'Acme Trading Ltd',
      status: 'linked',
    });
    expect(rig.fakes.clearbooks.operations()).toEqual(['listAccountCodes']);
    expect(JSON.stringify(connection)).not.toContain(key);
  });

  it('a wrong key is "rejected", not a SOAP fault dump, and nothing is stored', async () => {
    await expect(rig.services.connections.linkClearBooks('Acme', 'not-the-key')).rejects.toMatchObject({
      code: 'API_KEY_REJECTED',
    });
    expect(rig.services.connections.list()).toEqual([]);
    expect(await rig.secrets.accounts()).not.toContainEqual(expect.stringMatching(/^connection-/));
  });

  it('throttled or unavailable, even wrapped in a SOAP fault, says so (and when to try again), not "provider error"', async () => {
    const faultBody = (text: string) =>
      `<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>Receiver</faultcode><faultstring>${text}</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
    const key = [...rig.fakes.clearbooks.apiKeys][0]!;
    rig.fakes.clearbooks.behaviour.responses.push({
      status: 429,
      headers: { 'retry-after': '120' },
      body: faultBody('Too Many Requests'),
    });
    await expect(rig.services.connections.linkClearBooks('Acme', key)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 120_000,
    });
    rig.fakes.clearbooks.behaviour.responses.push({ status: 503, body: faultBody('Service Unavailable') });
    await expect(rig.services.connections.linkClearBooks('Acme', key)).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
    expect(rig.services.connections.list()).toEqual([]);
  });

  it('the same key twice is refused by fingerprint, or updates the company it linked, never a second copy', async () => {
    const key = rig.fakes.clearbooks.apiKeys.values().next().value as string;
    const first = await rig.services.connections.linkClearBooks('Acme', key);
    const accounts = await rig.secrets.accounts();
    const verifications = rig.fakes.clearbooks.operations().length;
    const error = await rig.services.connections.linkClearBooks('Acme again', key).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'API_KEY_ALREADY_LINKED' });
    // Refused before Clear Books is asked, and the refusal names no key.
    expect(rig.fakes.clearbooks.operations()).toHaveLength(verifications);
    expect(JSON.stringify(error)).not.toContain(key);
    expect(
      rig.services.audit.query({ action: 'connection.link', outcome: 'refused', limit: 5 }),
    ).toMatchObject([{ target: first.id, detail: { code: 'API_KEY_ALREADY_LINKED' } }]);

    const updated = await rig.services.connections.linkClearBooks('Acme Trading Ltd', key, 'update');
    expect(updated).toMatchObject({ id: first.id, label: 'Acme Trading Ltd', status: 'linked' });
    expect(updated.lastVerifiedAt).not.toBeNull();
    expect(rig.services.connections.list()).toHaveLength(1);
    expect(await rig.secrets.accounts()).toEqual(accounts);
    expect(rig.fakes.clearbooks.operations()).toHaveLength(verifications + 1);
  });
});
