import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { callbackPath } from '../../src/main/services/oauth/flows';
import { startLinkingRig, type LinkingRig, type OAuthPlatform } from './support/linking';

let rig: LinkingRig;
beforeEach(async () => {
  rig = await startLinkingRig();
});
afterEach(async () => rig.close());

const PLATFORMS: OAuthPlatform[] = ['zohobooks', 'sage', 'freshbooks'];

async function startFlow(platform: OAuthPlatform) {
  await rig.configure(platform);
  const flow = await rig.services.flows.start(
    platform,
    await rig.services.integrations.oauthClient(platform),
  );
  const authorizeUrl = rig.services.opened.at(-1)!;
  return { flow, authorizeUrl, fake: rig.fakeFor(platform) };
}

describe.each(PLATFORMS)('%s: linking a company', (platform) => {
  it('opens the system browser once with a well-formed request and links the company named by the provider', async () => {
    const { flow, authorizeUrl, fake } = await startFlow(platform);
    expect(rig.services.opened).toHaveLength(1);
    const url = new URL(authorizeUrl);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe(fake.app.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(flow.redirectUri);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(authorizeUrl).not.toContain(fake.app.clientSecret);
    expect(flow).toMatchObject({
      status: 'waiting',
      redirectUri: `${platform === 'freshbooks' ? 'https' : 'http'}://127.0.0.1:${rig.port}${callbackPath(platform)}`,
    });

    const { redirectTo } = await fake.consent(authorizeUrl);
    const page = await rig.deliver(redirectTo);
    expect(page.status).toBe(200);
    expect(page.body).toContain('You can close this tab');
    const view = rig.services.flows.view(flow.flowId);
    expect(view.status).toBe('linked');
    const connection = rig.services.connections.get(view.connectionId!);
    expect(connection).toMatchObject({
      platform,
      status: 'linked',
      kind: 'oauth',
      label: fake.behaviour.accountName,
    });
    expect(connection.tokenExpiresAt).not.toBeNull();
    expect(connection.scopes.length).toBeGreaterThan(0);
    expect(fake.tokenRequests('authorization_code')).toHaveLength(1);
    const tokenRequest = fake.tokenRequests('authorization_code')[0]!;
    expect(tokenRequest.body).toMatchObject({
      grant_type: 'authorization_code',
      redirect_uri: flow.redirectUri,
    });
    expect(String((tokenRequest.body as Record<string, string>)['code_verifier'])).toMatch(
      /^[A-Za-z0-9\-._~]{43}$/,
    );
    // The listener closed with the flow.
    expect(rig.services.flows.listening).toBe(false);
  });

  it.each([
    ['a wrong state', (u: URL) => u.searchParams.set('state', 'A'.repeat(43))],
    ['a missing state', (u: URL) => u.searchParams.delete('state')],
    ['both a code and an error', (u: URL) => u.searchParams.set('error', 'access_denied')],
    ['an unexpected issuer', (u: URL) => u.searchParams.set('iss', 'https://evil.example')],
  ])('refuses %s without any token request, and keeps waiting', async (_name, tamper) => {
    const { flow, authorizeUrl, fake } = await startFlow(platform);
    const redirect = new URL((await fake.consent(authorizeUrl)).redirectTo);
    tamper(redirect);
    const page = await rig.deliver(redirect.href);
    expect(page.status).toBe(400);
    expect(fake.tokenRequests()).toHaveLength(0);
    expect(rig.services.flows.view(flow.flowId).status).toBe('waiting');
  });
});

describe('the callback', () => {
  it('on another platform’s path is refused', async () => {
    const sage = await startFlow('sage');
    await startFlow('zohobooks');
    const redirect = new URL((await sage.fake.consent(sage.authorizeUrl)).redirectTo);
    redirect.pathname = callbackPath('zohobooks');
    expect((await rig.deliver(redirect.href)).status).toBe(400);
    expect(rig.fakes.sage.tokenRequests()).toHaveLength(0);
    expect(rig.fakes.zoho.tokenRequests()).toHaveLength(0);
  });

  it('completes once: a second valid callback, even concurrent, makes no second token request', async () => {
    const { flow, authorizeUrl, fake } = await startFlow('sage');
    const { redirectTo } = await fake.consent(authorizeUrl);
    const [a, b] = await Promise.all([
      rig.deliver(redirectTo),
      rig.deliver(redirectTo).catch(() => ({ status: 0, body: '' })),
    ]);
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    expect(fake.tokenRequests('authorization_code')).toHaveLength(1);
    expect(rig.services.flows.view(flow.flowId).status).toBe('linked');
    expect(rig.services.connections.list()).toHaveLength(1);
  });

  it('access_denied ends the flow with a clear code, no token request, and closes the listener', async () => {
    const { flow, authorizeUrl, fake } = await startFlow('zohobooks');
    const { redirectTo } = await fake.consent(authorizeUrl, 'deny');
    expect((await rig.deliver(redirectTo)).status).toBe(400);
    expect(rig.services.flows.view(flow.flowId)).toMatchObject({
      status: 'failed',
      errorCode: 'ACCESS_DENIED',
    });
    expect(fake.tokenRequests()).toHaveLength(0);
    expect(rig.services.flows.listening).toBe(false);
    // The refusal is in the audit trail, as the person who declined would expect to find it.
    expect(rig.services.audit.query({ action: 'connection.signIn', limit: 5 })).toMatchObject([
      { target: 'zohobooks', outcome: 'refused', detail: { ending: 'denied' } },
    ]);
  });

  it('every sign-in that ends without a link is audited with how it ended; a linked one only as the link', async () => {
    const cancelled = await startFlow('sage');
    await rig.services.flows.cancel(cancelled.flow.flowId);
    rig.fakes.freshbooks.behaviour.authorize = 'invalid_scope';
    const failed = await startFlow('freshbooks');
    await rig.deliver((await failed.fake.consent(failed.authorizeUrl)).redirectTo);
    await rig.link('zohobooks');
    expect(
      rig.services.audit
        .query({ action: 'connection.signIn', limit: 10 })
        .map(({ target, outcome, detail }) => ({ target, outcome, detail })),
    ).toEqual([
      { target: 'freshbooks', outcome: 'failed', detail: { ending: 'failed', code: 'INVALID_SCOPE' } },
      { target: 'sage', outcome: 'failed', detail: { ending: 'cancelled' } },
    ]);
    expect(rig.services.audit.query({ action: 'connection.link', limit: 5 })).toHaveLength(1);
  });

  it('invalid_scope from the provider becomes its own code', async () => {
    rig.fakes.sage.behaviour.authorize = 'invalid_scope';
    const { flow, authorizeUrl, fake } = await startFlow('sage');
    await rig.deliver((await fake.consent(authorizeUrl)).redirectTo);
    expect(rig.services.flows.view(flow.flowId)).toMatchObject({
      status: 'failed',
      errorCode: 'INVALID_SCOPE',
    });
  });

  it('cancel and timeout end the flow and close the port', async () => {
    const { flow, authorizeUrl, fake } = await startFlow('sage');
    expect(rig.services.flows.listening).toBe(true);
    expect((await rig.services.flows.cancel(flow.flowId)).status).toBe('cancelled');
    expect(rig.services.flows.listening).toBe(false);
    await expect(rig.deliver((await fake.consent(authorizeUrl)).redirectTo)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    expect(fake.tokenRequests()).toHaveLength(0);

    rig.services.settings.update({ signInTimeoutMinutes: 1 });
    const timed = await startFlow('zohobooks');
    (rig.services.flows as unknown as { flows: Map<string, { timer: NodeJS.Timeout }> }).flows
      .get(timed.flow.flowId)!
      .timer.refresh();
    // Fire the timer now rather than waiting a minute.
    (rig.services.flows as unknown as { end(id: string, s: string, c: string): void }).end(
      timed.flow.flowId,
      'timedOut',
      'FLOW_TIMED_OUT',
    );
    expect(rig.services.flows.view(timed.flow.flowId)).toMatchObject({
      status: 'timedOut',
      errorCode: 'FLOW_TIMED_OUT',
    });
    expect(rig.services.flows.listening).toBe(false);
  });

  it('port in use is a clear error that names the port', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen({ host: '127.0.0.1', port: rig.port }, ok));
    await rig.configure('sage');
    await expect(
      rig.services.flows.start('sage', await rig.services.integrations.oauthClient('sage')),
    ).rejects.toMatchObject({ code: 'PORT_IN_USE' });
    blocker.close();
  });

  it('paste-back completes the flow with the same checks', async () => {
    const { flow, authorizeUrl, fake } = await startFlow('freshbooks');
    const { redirectTo } = await fake.consent(authorizeUrl);
    const tampered = new URL(redirectTo);
    tampered.searchParams.set('state', 'x'.repeat(43));
    await expect(rig.services.flows.completeFromUrl(flow.flowId, tampered.href)).rejects.toMatchObject({
      code: 'CALLBACK_REJECTED',
    });
    await expect(
      rig.services.flows.completeFromUrl(
        flow.flowId,
        'https://evil.example/oauth/freshbooks/callback?code=a&state=b',
      ),
    ).rejects.toMatchObject({ code: 'CALLBACK_REJECTED' });
    expect(fake.tokenRequests()).toHaveLength(0);
    // FreshBooks suggests editing https to http when the certificate cannot be used: accepted too.
    const view = await rig.services.flows.completeFromUrl(
      flow.flowId,
      redirectTo.replace('https://', 'http://'),
    );
    expect(view.status).toBe('linked');
    expect(fake.tokenRequests('authorization_code')).toHaveLength(1);
  });
});

describe('Zoho data centres', () => {
  it('exchanges the code at the data centre the callback names and calls that data centre’s API', async () => {
    await rig.close();
    rig = await startLinkingRig({ zoho: { userDataCentre: 'eu' } });
    const id = await rig.link('zohobooks');
    expect(rig.services.connections.get(id).region).toBe('eu');
    expect(rig.fakes.zoho.tokenRequests('authorization_code')[0]!.server).toMatch(/eu/);
  });

  it('refuses an accounts server that is not a Zoho one', async () => {
    const { flow, authorizeUrl, fake } = await startFlow('zohobooks');
    const redirect = new URL((await fake.consent(authorizeUrl)).redirectTo);
    redirect.searchParams.set('accounts-server', 'https://accounts.zoho.evil.example');
    await rig.deliver(redirect.href);
    expect(rig.services.flows.view(flow.flowId)).toMatchObject({
      status: 'failed',
      errorCode: 'CALLBACK_REJECTED',
    });
    expect(fake.tokenRequests()).toHaveLength(0);
  });
});

describe('FreshBooks', () => {
  it('serves its callback over https with the per-install certificate, kept across flows', async () => {
    await rig.link('freshbooks');
    const first = await rig.secrets.get('loopback-tls');
    await rig.link('freshbooks');
    expect(await rig.secrets.get('loopback-tls')).toBe(first);
  });

  it('refuses FreshBooks Classic accounts with its own code', async () => {
    rig.fakes.freshbooks.classic = true;
    const { flow, authorizeUrl, fake } = await startFlow('freshbooks');
    await rig.deliver((await fake.consent(authorizeUrl)).redirectTo);
    expect(rig.services.flows.view(flow.flowId)).toMatchObject({
      status: 'failed',
      errorCode: 'ACCOUNT_NOT_SUPPORTED',
    });
    expect(rig.services.connections.list()).toEqual([]);
  });
});

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
    const tested = await rig.services.connections.test(id);
    expect(tested.lastVerifiedAt).not.toBeNull();
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

describe('reconciliation at start-up', () => {
  it('flags a row whose secret vanished, finishes a half-done delete, and reports orphans', async () => {
    const kept = await rig.link('sage');
    const gone = await rig.link('zohobooks');
    const ref = rig.services.db
      .prepare('SELECT secret_ref FROM connections WHERE id = ?')
      .pluck()
      .get(gone) as string;
    await rig.secrets.delete(ref);
    rig.services.db.prepare("UPDATE connections SET status = 'deleting' WHERE id = ?").run(kept);
    await rig.secrets.set('connection-orphan-1', '{"v":1}');
    const report = await rig.services.reconciliation.run();
    expect(report).toMatchObject({
      missing: [gone],
      orphans: ['connection-orphan-1'],
      disconnectsFinished: 1,
    });
    expect(rig.services.connections.list().map((c) => c.id)).toEqual([gone]);
    expect(rig.services.connections.get(gone)).toMatchObject({
      status: 'needsReauth',
      lastError: 'SECRET_MISSING',
    });
  });
});

describe('the canary scan', () => {
  it('no client secret, code, verifier, refresh or access token reaches SQLite, its WAL, the log (lines and file) or an IPC reply', async () => {
    const { createIpcHandlers } = await import('../../src/main/ipc/handlers');
    const { dispatch } = await import('../../src/main/ipc/dispatch');
    const handlers = createIpcHandlers(rig.services);
    const replies: string[] = [];
    const call = async (channel: string, payload?: unknown) => {
      const reply = await dispatch(handlers, channel, payload, rig.services.log);
      replies.push(JSON.stringify(reply));
      return reply as { ok: boolean; value: { flowId?: string; connectionId?: string } };
    };
    await rig.configure('sage');
    const started = await call('startConnect', { platform: 'sage' });
    const authorizeUrl = rig.services.opened.at(-1)!;
    const { redirectTo } = await rig.fakes.sage.consent(authorizeUrl);
    await rig.deliver(redirectTo);
    const flow = await call('getConnectFlow', { flowId: started.value.flowId });
    const connectionId = flow.value.connectionId!;
    await call('listConnections');
    await call('refreshConnection', { connectionId });
    await call('testConnection', { connectionId });

    const tokenCall = rig.fakes.sage.tokenRequests('authorization_code')[0]!.body as Record<string, string>;
    const refreshCalls = rig.fakes.sage
      .tokenRequests('refresh_token')
      .map((r) => (r.body as Record<string, string>)['refresh_token']!);
    const liveRefresh = rig.fakes.sage.liveRefreshTokens()[0]!;
    const canaries = [
      rig.fakes.sage.app.clientSecret,
      tokenCall['code']!,
      tokenCall['code_verifier']!,
      ...refreshCalls,
      liveRefresh,
    ];
    // Positive control: the keychain does hold the current refresh token.
    const [ref] = (await rig.secrets.accounts()).filter((a) => a.startsWith('connection-'));
    expect(await rig.secrets.get(ref!)).toContain(liveRefresh);

    // A careless log call with secrets in it: the logger's redaction must keep them out of the file.
    rig.services.log.error('Token exchange failed', {
      refresh_token: liveRefresh,
      client_secret: rig.fakes.sage.app.clientSecret,
      error: new Error(`GET /oauth/sage/callback?code=${tokenCall['code']!}&state=x`),
    });
    const logFile = readFileSync(rig.services.logFilePath);
    // Positive control: the file is the one the lines went to.
    expect(logFile.toString('utf8')).toContain('Token exchange failed');

    const file = join(rig.services.settings.get().dataFilePath);
    const haystacks = [
      readFileSync(file),
      readFileSync(`${file}-wal`),
      Buffer.from(rig.services.logLines.join('\n')),
      logFile,
      Buffer.from(replies.join('\n')),
    ];
    for (const canary of canaries) {
      expect(canary.length).toBeGreaterThan(8);
      for (const haystack of haystacks) {
        expect(haystack.includes(Buffer.from(canary, 'utf8'))).toBe(false);
        expect(haystack.includes(Buffer.from(canary, 'utf16le'))).toBe(false);
      }
    }
    await call('disconnectConnection', { connectionId, removeLocallyIfRevokeFails: false });
    expect((await rig.secrets.accounts()).filter((a) => a.startsWith('connection-'))).toEqual([]);
  });
});
