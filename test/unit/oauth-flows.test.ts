import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { callbackPath } from '../../src/main/services/oauth/flows';
import { FaultyStore } from './support/faulty-store';
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
    // PKCE (RFC 7636 §4.2): the authorize request carried the S256 challenge of the verifier the
    // token request proves, so a stolen code is useless without it.
    const verifier = String((tokenRequest.body as Record<string, string>)['code_verifier']);
    expect(url.searchParams.get('code_challenge')).toBe(
      createHash('sha256').update(verifier).digest('base64url'),
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

  it('a client secret the provider does not know (one rotated in its console) ends the sign-in with the registration named, and links nothing', async () => {
    const { app } = rig.fakeFor(platform);
    await rig.services.integrations.saveConfiguration(platform, {
      clientId: app.clientId,
      secrets: { clientSecret: `${app.clientSecret}-before-rotation` },
      options: {},
    });
    const flow = await rig.services.flows.start(
      platform,
      await rig.services.integrations.oauthClient(platform),
    );
    const fake = rig.fakeFor(platform);
    await rig.deliver((await fake.consent(rig.services.opened.at(-1)!)).redirectTo);
    expect(fake.tokenRequests('authorization_code')).toHaveLength(1);
    expect(rig.services.flows.view(flow.flowId)).toMatchObject({
      status: 'failed',
      errorCode: 'CLIENT_REJECTED',
    });
    expect(rig.services.connections.list()).toEqual([]);
    expect(rig.services.review.auditEvents({ action: 'connection.signIn', limit: 5 })).toMatchObject([
      { target: platform, outcome: 'failed', detail: { ending: 'failed', code: 'CLIENT_REJECTED' } },
    ]);
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

  it('a provider that refuses S256 ends the sign-in: no second attempt with plain, no token request', async () => {
    const { flow, authorizeUrl, fake } = await startFlow('sage');
    fake.behaviour.authorize = 'plainOnly';
    const redirect = new URL((await fake.consent(authorizeUrl)).redirectTo);
    expect(redirect.searchParams.get('error')).toBe('invalid_request');
    await rig.deliver(redirect.href);
    expect(rig.services.flows.view(flow.flowId)).toMatchObject({
      status: 'failed',
      errorCode: 'REQUEST_REFUSED',
    });
    // RFC 9700 §2.1.1: S256 only. The browser was opened once, on an S256 request, and nothing followed.
    expect(rig.services.opened).toEqual([authorizeUrl]);
    expect(new URL(authorizeUrl).searchParams.get('code_challenge_method')).toBe('S256');
    expect(fake.tokenRequests()).toHaveLength(0);
    expect(rig.services.flows.listening).toBe(false);
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
    // The log says which provider and why, for support.
    expect(rig.services.logLines.filter((line) => line.startsWith('WARN Sign-in failed'))).toEqual([
      expect.stringMatching(
        /"platform":"zohobooks".*"errorCode":"ACCESS_DENIED"|"errorCode":"ACCESS_DENIED".*"platform":"zohobooks"/,
      ),
    ]);
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

  it('a throttled code exchange fails the sign-in and says when to try again', async () => {
    const { flow, authorizeUrl, fake } = await startFlow('sage');
    const { redirectTo } = await fake.consent(authorizeUrl);
    fake.behaviour.tokenResponses.push({
      status: 429,
      headers: { 'Retry-After': '120' },
      body: { error: 'slow_down' },
    });
    const before = Date.now();
    await rig.deliver(redirectTo);
    const after = Date.now();
    const view = rig.services.flows.view(flow.flowId);
    expect(view).toMatchObject({ status: 'failed', errorCode: 'RATE_LIMITED' });
    const retryAt = Date.parse(view.retryAt!);
    expect(retryAt).toBeGreaterThanOrEqual(before + 120_000);
    expect(retryAt).toBeLessThanOrEqual(after + 120_000);
    expect(rig.services.flows.listening).toBe(false);
  });

  it('a refused code exchange shows the provider’s own words, and no retry time', async () => {
    const { flow, authorizeUrl, fake } = await startFlow('sage');
    const { redirectTo } = await fake.consent(authorizeUrl);
    fake.behaviour.tokenResponses.push({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'The code has expired' },
    });
    await rig.deliver(redirectTo);
    const view = rig.services.flows.view(flow.flowId);
    expect(view).toMatchObject({ status: 'failed', providerText: 'The code has expired' });
    expect(view.retryAt).toBeUndefined();
  });

  it('quitting cancels every waiting sign-in and closes the port', async () => {
    const sage = await startFlow('sage');
    const zoho = await startFlow('zohobooks');
    await rig.services.flows.closeAll();
    expect(rig.services.flows.listening).toBe(false);
    expect(rig.services.flows.view(sage.flow.flowId).status).toBe('cancelled');
    expect(rig.services.flows.view(zoho.flow.flowId)).toMatchObject({
      status: 'cancelled',
      errorCode: 'FLOW_CANCELLED',
    });
    await expect(rig.deliver((await zoho.fake.consent(zoho.authorizeUrl)).redirectTo)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    expect(rig.services.audit.query({ action: 'connection.signIn', limit: 5 })).toHaveLength(2);
  });

  it('closing the app’s services (quit) ends a waiting sign-in, closes its port and the database', async () => {
    const sage = await startFlow('sage');
    rig.services.close();
    expect(rig.services.flows.view(sage.flow.flowId).status).toBe('cancelled');
    expect(rig.services.db.open).toBe(false);
    await expect.poll(() => rig.services.flows.listening).toBe(false);
    await expect(rig.deliver((await sage.fake.consent(sage.authorizeUrl)).redirectTo)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('a finished sign-in stays as it ended: Cancel afterwards changes nothing', async () => {
    const linked = await startFlow('sage');
    await rig.deliver((await linked.fake.consent(linked.authorizeUrl)).redirectTo);
    const denied = await startFlow('zohobooks');
    await rig.deliver((await denied.fake.consent(denied.authorizeUrl, 'deny')).redirectTo);
    expect(await rig.services.flows.cancel(linked.flow.flowId)).toMatchObject({ status: 'linked' });
    expect(await rig.services.flows.cancel(denied.flow.flowId)).toMatchObject({
      status: 'failed',
      errorCode: 'ACCESS_DENIED',
    });
    expect(rig.services.connections.list()).toHaveLength(1);
    // Only the refusal is in the audit trail: no "cancelled" after the fact.
    expect(rig.services.audit.query({ action: 'connection.signIn', limit: 5 }).map((e) => e.detail)).toEqual([
      { ending: 'denied' },
    ]);
  });

  it('an unknown sign-in is refused by every action', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const flows = rig.services.flows;
    expect(() => flows.view(unknown)).toThrow(expect.objectContaining({ code: 'FLOW_NOT_FOUND' }));
    await expect(flows.cancel(unknown)).rejects.toMatchObject({ code: 'FLOW_NOT_FOUND' });
    await expect(flows.choose(unknown, 'x')).rejects.toMatchObject({ code: 'FLOW_NOT_FOUND' });
    await expect(flows.completeFromUrl(unknown, `http://127.0.0.1:${rig.port}/`)).rejects.toMatchObject({
      code: 'FLOW_NOT_FOUND',
    });
  });

  it('a keychain that refuses the new link fails the sign-in with its code; nothing is linked', async () => {
    await rig.close();
    let faulty: FaultyStore | undefined;
    rig = await startLinkingRig({}, { wrapSecrets: (keychain) => (faulty = new FaultyStore(keychain)) });
    const { flow, authorizeUrl, fake } = await startFlow('sage');
    const { redirectTo } = await fake.consent(authorizeUrl);
    faulty!.only = (account) => account?.startsWith('connection-') ?? false;
    faulty!.fault = 'unknownError';
    await rig.deliver(redirectTo);
    expect(rig.services.flows.view(flow.flowId)).toMatchObject({
      status: 'failed',
      errorCode: 'KEYCHAIN_ERROR',
    });
    expect(rig.services.connections.list()).toEqual([]);
    expect(rig.services.flows.listening).toBe(false);
    await faulty!.clear();
  });

  it('cancel and timeout end the flow and close the port', async () => {
    const { flow, authorizeUrl, fake } = await startFlow('sage');
    expect(rig.services.flows.listening).toBe(true);
    expect(await rig.services.flows.cancel(flow.flowId)).toMatchObject({
      status: 'cancelled',
      errorCode: 'FLOW_CANCELLED',
    });
    expect(rig.services.flows.listening).toBe(false);
    await expect(rig.deliver((await fake.consent(authorizeUrl)).redirectTo)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    expect(fake.tokenRequests()).toHaveLength(0);

    // A sign-in nobody finishes: the real timer fires (settings are trusted here; the IPC schema
    // keeps a person's choice to whole minutes), the flow times out and the port closes.
    rig.services.settings.update({ signInTimeoutMinutes: 0.005 }); // 300 ms
    const timed = await startFlow('zohobooks');
    expect(rig.services.flows.view(timed.flow.flowId).status).toBe('waiting');
    expect(rig.services.flows.listening).toBe(true);
    await new Promise((done) => setTimeout(done, 1_000));
    expect(rig.services.flows.view(timed.flow.flowId)).toMatchObject({
      status: 'timedOut',
      errorCode: 'FLOW_TIMED_OUT',
    });
    expect(rig.services.flows.listening).toBe(false);
    await expect(
      rig.deliver((await timed.fake.consent(timed.authorizeUrl)).redirectTo),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(timed.fake.tokenRequests()).toHaveLength(0);
    expect(
      rig.services.audit
        .query({ action: 'connection.signIn', limit: 5 })
        .map(({ target, outcome, detail }) => ({ target, outcome, detail })),
    ).toEqual([
      { target: 'zohobooks', outcome: 'failed', detail: { ending: 'timedOut' } },
      { target: 'sage', outcome: 'failed', detail: { ending: 'cancelled' } },
    ]);
  });

  it('a sign-in waits for its full time: the timeout is the one Settings give', async () => {
    rig.services.settings.update({ signInTimeoutMinutes: 0.02 }); // 1.2 s
    const started = Date.now();
    const { flow } = await startFlow('sage');
    expect(Date.parse(flow.expiresAt) - started).toBeGreaterThanOrEqual(1_100);
    expect(Date.parse(flow.expiresAt) - Date.now()).toBeLessThanOrEqual(1_200);
    await new Promise((done) => setTimeout(done, 400));
    expect(rig.services.flows.view(flow.flowId).status).toBe('waiting');
    expect(rig.services.flows.listening).toBe(true);
  });

  it('cancelling one of two waiting sign-ins keeps the port open for the other, which still links', async () => {
    const sage = await startFlow('sage');
    const zoho = await startFlow('zohobooks');
    await rig.services.flows.cancel(sage.flow.flowId);
    expect(rig.services.flows.listening).toBe(true);
    expect((await rig.deliver((await zoho.fake.consent(zoho.authorizeUrl)).redirectTo)).status).toBe(200);
    expect(rig.services.flows.view(zoho.flow.flowId).status).toBe('linked');
    expect(rig.services.flows.listening).toBe(false);
  });

  it('an https sign-in is refused while a plain-http one waits, rather than served over http', async () => {
    await startFlow('sage');
    await rig.configure('freshbooks');
    await expect(
      rig.services.flows.start('freshbooks', await rig.services.integrations.oauthClient('freshbooks')),
    ).rejects.toMatchObject({ code: 'FLOW_IN_PROGRESS' });
    expect(rig.services.opened).toHaveLength(1);
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

  it('two sign-ins to the same provider: each callback completes its own, in any order', async () => {
    const first = await startFlow('zohobooks');
    const second = await startFlow('zohobooks');
    const firstRedirect = (await first.fake.consent(first.authorizeUrl)).redirectTo;
    const secondRedirect = (await second.fake.consent(second.authorizeUrl)).redirectTo;
    expect((await rig.deliver(secondRedirect)).status).toBe(200);
    expect(rig.services.flows.view(second.flow.flowId).status).toBe('linked');
    expect(rig.services.flows.view(first.flow.flowId).status).toBe('waiting');
    expect(rig.services.flows.listening).toBe(true);
    expect((await rig.deliver(firstRedirect)).status).toBe(200);
    expect(rig.services.flows.view(first.flow.flowId).status).toBe('linked');
    expect(rig.fakes.zoho.tokenRequests('authorization_code')).toHaveLength(2);
    expect(rig.services.flows.listening).toBe(false);
  });

  it('ending one of two sign-ins to the same provider keeps its callback served for the other', async () => {
    const first = await startFlow('sage');
    const second = await startFlow('sage');
    await rig.services.flows.cancel(first.flow.flowId);
    expect(rig.services.flows.listening).toBe(true);
    const page = await rig.deliver((await second.fake.consent(second.authorizeUrl)).redirectTo);
    expect(page.status).toBe(200);
    expect(rig.services.flows.view(second.flow.flowId).status).toBe('linked');
    expect(rig.services.flows.view(first.flow.flowId).status).toBe('cancelled');
    expect(rig.services.flows.listening).toBe(false);
  });

  it('a sign-in on the other redirect host is refused while one waits, rather than sent to an address the provider does not expect', async () => {
    const waiting = await startFlow('sage');
    rig.services.settings.update({ redirectHost: 'localhost' });
    await rig.configure('zohobooks');
    await expect(
      rig.services.flows.start('zohobooks', await rig.services.integrations.oauthClient('zohobooks')),
    ).rejects.toMatchObject({ code: 'FLOW_IN_PROGRESS' });
    expect(rig.services.opened).toHaveLength(1);
    // The waiting one is untouched and still links.
    expect((await rig.deliver((await waiting.fake.consent(waiting.authorizeUrl)).redirectTo)).status).toBe(
      200,
    );
    expect(rig.services.flows.view(waiting.flow.flowId).status).toBe('linked');
  });

  it('never opens the browser on an authorize address that is not https', async () => {
    const endpoints = rig.fakes.endpoints.sage as { authorizeUrl: string };
    endpoints.authorizeUrl = endpoints.authorizeUrl.replace('127.0.0.1', 'localhost');
    expect(endpoints.authorizeUrl).toMatch(/^http:\/\/localhost:/);
    await rig.configure('sage');
    await expect(
      rig.services.flows.start('sage', await rig.services.integrations.oauthClient('sage')),
    ).rejects.toMatchObject({ code: 'LINK_NOT_ALLOWED' });
    expect(rig.services.opened).toEqual([]);
    expect(rig.services.flows.listening).toBe(false);
  });

  it('a browser that cannot be opened ends the sign-in: the error reaches the caller, the port closes, the audit says failed', async () => {
    await rig.close();
    rig = await startLinkingRig(
      {},
      {
        openExternal: async () => {
          throw new Error('no browser');
        },
      },
    );
    await rig.configure('sage');
    await expect(
      rig.services.flows.start('sage', await rig.services.integrations.oauthClient('sage')),
    ).rejects.toThrow('no browser');
    expect(rig.services.flows.listening).toBe(false);
    expect(
      rig.services.audit
        .query({ action: 'connection.signIn', limit: 5 })
        .map(({ target, outcome, detail }) => ({ target, outcome, detail })),
    ).toEqual([{ target: 'sage', outcome: 'failed', detail: { ending: 'failed', code: 'INTERNAL' } }]);
  });

  it('once the code is being exchanged, neither the timer nor Cancel interrupts the link', async () => {
    rig.services.settings.update({ signInTimeoutMinutes: 0.005 }); // 300 ms
    const { flow, authorizeUrl, fake } = await startFlow('sage');
    const { redirectTo } = await fake.consent(authorizeUrl);
    fake.behaviour.latencyMs = 800;
    const delivered = rig.deliver(redirectTo);
    while (rig.services.flows.view(flow.flowId).status === 'waiting')
      await new Promise((done) => setTimeout(done, 10));
    expect(rig.services.flows.view(flow.flowId).status).toBe('linking');
    await new Promise((done) => setTimeout(done, 400)); // the timer has fired
    expect((await rig.services.flows.cancel(flow.flowId)).status).toBe('linking');
    fake.behaviour.latencyMs = 0;
    expect((await delivered).status).toBe(200);
    const view = rig.services.flows.view(flow.flowId);
    expect(view).toMatchObject({ status: 'linked' });
    expect(view.errorCode).toBeUndefined();
    expect(rig.services.connections.list()).toHaveLength(1);
    expect(rig.services.audit.query({ action: 'connection.signIn', limit: 5 })).toEqual([]);
  });

  it('paste-back completes the flow with the same checks', async () => {
    const { flow, authorizeUrl, fake } = await startFlow('freshbooks');
    const { redirectTo } = await fake.consent(authorizeUrl);
    const tampered = new URL(redirectTo);
    tampered.searchParams.set('state', 'x'.repeat(43));
    await expect(rig.services.flows.completeFromUrl(flow.flowId, tampered.href)).rejects.toMatchObject({
      code: 'CALLBACK_REJECTED',
    });
    // The flow's own code and state, on an address that is not its redirect URI: only the
    // address check can refuse these (the state is good).
    const good = new URL(redirectTo);
    const elsewhere = [
      (u: URL) => (u.hostname = 'evil.example'),
      (u: URL) => (u.port = String(rig.port + 1)),
      (u: URL) => (u.hostname = 'localhost'),
      (u: URL) => (u.pathname = callbackPath('sage')),
      (u: URL) => (u.pathname = `${u.pathname}/`),
      (u: URL) => (u.protocol = 'ftp:'),
    ];
    const foreignScheme = [
      // A scheme that merely ends in http or https is another scheme.
      good.href.replace(/^https:/, 'xhttps:'),
      good.href.replace(/^https:/, 'web+http:'),
    ];
    for (const move of elsewhere) {
      const moved = new URL(good.href);
      move(moved);
      expect(moved.searchParams.get('state')).toBe(good.searchParams.get('state'));
      await expect(
        rig.services.flows.completeFromUrl(flow.flowId, moved.href),
        moved.href,
      ).rejects.toMatchObject({
        code: 'CALLBACK_REJECTED',
      });
    }
    for (const address of foreignScheme) {
      const parsed = new URL(address);
      expect([parsed.host, parsed.pathname]).toEqual([good.host, good.pathname]);
      await expect(rig.services.flows.completeFromUrl(flow.flowId, address), address).rejects.toMatchObject({
        code: 'CALLBACK_REJECTED',
      });
    }
    await expect(rig.services.flows.completeFromUrl(flow.flowId, 'not an address')).rejects.toMatchObject({
      code: 'CALLBACK_REJECTED',
    });
    expect(fake.tokenRequests()).toHaveLength(0);
    expect(rig.services.flows.view(flow.flowId).status).toBe('waiting');
    // FreshBooks suggests editing https to http when the certificate cannot be used: accepted too.
    // Copied from a chat or a document, the address may come with a tab, a non-breaking space or a line break.
    const view = await rig.services.flows.completeFromUrl(
      flow.flowId,
      `\u00a0\t${redirectTo.replace('https://', 'http://')}\u00a0\n`,
    );
    expect(view.status).toBe('linked');
    expect(fake.tokenRequests('authorization_code')).toHaveLength(1);
  });
});

describe('what a failed code exchange tells the person', () => {
  async function exchangeFailing(reply?: {
    status: number;
    headers?: Record<string, string>;
    body?: unknown;
  }) {
    const { flow, authorizeUrl, fake } = await startFlow('sage');
    const { redirectTo } = await fake.consent(authorizeUrl);
    if (reply) fake.behaviour.tokenResponses.push(reply);
    await rig.deliver(redirectTo);
    return rig.services.flows.view(flow.flowId);
  }

  it('a token endpoint that cannot be reached: the provider is unavailable', async () => {
    const endpoints = rig.fakes.endpoints.sage as { tokenUrl: string };
    const { createServer } = await import('node:net');
    const closed = createServer();
    await new Promise<void>((ok) => closed.listen({ host: '127.0.0.1', port: 0 }, ok));
    const { port } = closed.address() as { port: number };
    await new Promise((ok) => closed.close(ok));
    endpoints.tokenUrl = `http://127.0.0.1:${port}/token`;
    expect(await exchangeFailing()).toMatchObject({ status: 'failed', errorCode: 'PROVIDER_UNAVAILABLE' });
  });

  it('a 401 whose challenge names no error is read by its body: invalid_grant means sign in again', async () => {
    const view = await exchangeFailing({
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer realm="Doorkeeper"' },
      body: { error: 'invalid_grant', error_description: 'The code is no longer valid' },
    });
    expect(view).toMatchObject({
      status: 'failed',
      errorCode: 'INVALID_GRANT',
      providerText: 'The code is no longer valid',
    });
  });

  it('a 401 with neither a named challenge nor an error in its body is a provider error', async () => {
    const view = await exchangeFailing({
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer realm="Doorkeeper"' },
      body: { message: 'Unauthorized' },
    });
    expect(view).toMatchObject({ status: 'failed', errorCode: 'PROVIDER_ERROR' });
    expect(view.providerText).toBeUndefined();
  });

  it('a 401 with a bare challenge and a page instead of JSON is a provider error', async () => {
    const view = await exchangeFailing({
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer realm="Doorkeeper"' },
      body: '<h1>Unauthorized</h1>',
    });
    expect(view).toMatchObject({ status: 'failed', errorCode: 'PROVIDER_ERROR' });
  });

  it.each([
    ['no code', (u: URL) => u.searchParams.delete('code')],
    ['the code twice', (u: URL) => u.searchParams.append('code', 'second')],
  ])(
    'a callback of this sign-in with %s is the provider’s fault, not an outage, and nothing is sent',
    async (_name, tamper) => {
      const { flow, authorizeUrl, fake } = await startFlow('sage');
      const redirect = new URL((await fake.consent(authorizeUrl)).redirectTo);
      tamper(redirect);
      await rig.deliver(redirect.href);
      expect(rig.services.flows.view(flow.flowId)).toMatchObject({
        status: 'failed',
        errorCode: 'PROVIDER_ERROR',
      });
      expect(fake.tokenRequests()).toHaveLength(0);
    },
  );

  it('of several challenges, the one that names an error decides', async () => {
    const view = await exchangeFailing({
      status: 401,
      headers: {
        'WWW-Authenticate':
          'Basic realm="api", Bearer realm="Doorkeeper", error="invalid_grant", error_description="Expired"',
      },
      body: {},
    });
    expect(view).toMatchObject({ status: 'failed', errorCode: 'INVALID_GRANT', providerText: 'Expired' });
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

  it('links with a mobile-and-desktop client, which Zoho refuses without PKCE', async () => {
    await rig.close();
    rig = await startLinkingRig({ zoho: { clientType: 'mobileOrDesktop' } });
    const id = await rig.link('zohobooks');
    expect(rig.services.connections.get(id).status).toBe('linked');
    expect(rig.fakes.zoho.tokenRequests('authorization_code')).toHaveLength(1);
  });

  it('never sends the code to a data centre reached over plain http', async () => {
    // A data centre listed with an http address (a mistake in the list, or a tampered one):
    // the code would cross the network in clear. https is required of every endpoint learnt
    // from the callback (RFC 6749 §3.2: the token endpoint requires TLS).
    (rig.fakes.endpoints.zohobooks.accountsServers as Record<string, string>)['cn'] =
      'http://accounts.zoho.com.cn';
    const { flow, authorizeUrl, fake } = await startFlow('zohobooks');
    const redirect = new URL((await fake.consent(authorizeUrl)).redirectTo);
    redirect.searchParams.set('accounts-server', 'http://accounts.zoho.com.cn');
    await rig.deliver(redirect.href);
    expect(rig.services.flows.view(flow.flowId)).toMatchObject({
      status: 'failed',
      errorCode: 'CALLBACK_REJECTED',
    });
    expect(fake.tokenRequests()).toHaveLength(0);
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

describe('the canary scan', () => {
  it('no client secret, code, verifier, refresh or access token reaches SQLite, its WAL and shared memory, the log (lines and file) or an IPC reply', async () => {
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
    // The exchange's and the refresh's access tokens, the second used by the connection test.
    const accessTokens = rig.fakes.sage.issuedAccessTokens();
    expect(accessTokens).toHaveLength(2);
    const canaries = [
      rig.fakes.sage.app.clientSecret,
      tokenCall['code']!,
      tokenCall['code_verifier']!,
      ...refreshCalls,
      liveRefresh,
      ...accessTokens,
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
      readFileSync(`${file}-shm`),
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
