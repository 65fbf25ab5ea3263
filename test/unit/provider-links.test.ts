/**
 * Links against what the providers actually send and accept, through the real
 * services and the fakes: token errors with a WWW-Authenticate challenge, an
 * id_token nobody asked for, RFC 9207 `iss`, re-links, several companies behind
 * one sign-in, Zoho's data centres and throttling, and the redirect host.
 */
import * as oauth from 'oauth4webapi';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { dispatch } from '../../src/main/ipc/dispatch';
import { toProviderError } from '../../src/main/services/oauth/provider-errors';
import { createIpcHandlers } from '../../src/main/ipc/handlers';
import { MAX_COMPANY_CHOICES } from '../../src/shared/ipc/schemas';
import { request, ZOHO_THROTTLED } from '../fakes';
import { startLinkingRig, type LinkingRig, type OAuthPlatform } from './support/linking';

let rig: LinkingRig;
beforeEach(async () => {
  rig = await startLinkingRig();
});
afterEach(async () => rig.close());

async function startFlow(platform: OAuthPlatform) {
  await rig.configure(platform);
  const flow = await rig.services.flows.start(
    platform,
    await rig.services.integrations.oauthClient(platform),
  );
  return { flow, authorizeUrl: rig.services.opened.at(-1)!, fake: rig.fakeFor(platform) };
}

/** Signs in at the fake and delivers the redirect; returns the flow as main then sees it. */
async function signIn(platform: OAuthPlatform) {
  const { flow, authorizeUrl, fake } = await startFlow(platform);
  const page = await rig.deliver((await fake.consent(authorizeUrl)).redirectTo);
  return { view: rig.services.flows.view(flow.flowId), page, fake };
}

const serverOf = (id: string) =>
  JSON.parse(
    rig.services.db.prepare('SELECT server_json FROM connections WHERE id = ?').pluck().get(id) as string,
  ) as { issuer?: string; region: string | null };
const ownerKeyOf = (id: string) =>
  rig.services.db.prepare('SELECT owner_key FROM connections WHERE id = ?').pluck().get(id) as string | null;

describe('token errors with a WWW-Authenticate challenge (Doorkeeper-style servers)', () => {
  it("map the challenge's error like a body error", async () => {
    const as = { issuer: 'https://auth.example', token_endpoint: 'https://auth.example/token' };
    const reply = (status: number, error: string) =>
      new Response(
        JSON.stringify({ error, error_description: 'The provided authorization grant is invalid' }),
        {
          status,
          headers: {
            'content-type': 'application/json',
            'www-authenticate': `Bearer realm="Doorkeeper", error="${error}", error_description="The provided authorization grant is invalid"`,
          },
        },
      );
    const thrown = await oauth
      .processRefreshTokenResponse(as, { client_id: 'c' }, reply(400, 'invalid_grant'))
      .catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    expect(toProviderError(thrown)).toMatchObject({
      code: 'INVALID_GRANT',
      providerText: 'The provided authorization grant is invalid',
    });
    const client = await oauth
      .processRefreshTokenResponse(as, { client_id: 'c' }, reply(401, 'invalid_client'))
      .catch((e: unknown) => e);
    // The app's registration (a client secret rotated in the provider's console, say), not "unusable".
    expect(toProviderError(client)).toMatchObject({ code: 'CLIENT_REJECTED' });
  });

  it('invalid_grant means "sign in again": no retry, not "provider unavailable"', async () => {
    const id = await rig.link('freshbooks');
    const fb = rig.fakes.freshbooks;
    // The customer revoked the app at FreshBooks: the stored refresh token is dead there.
    const [live] = fb.liveRefreshTokens();
    const revoked = await request(fb.endpoints.revokeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: fb.app.clientId, client_secret: fb.app.clientSecret, token: live }),
      ca: fb.ca,
    });
    expect(revoked.status).toBe(200);

    await expect(rig.services.connections.refresh(id)).rejects.toMatchObject({ code: 'INVALID_GRANT' });
    expect(fb.tokenRequests('refresh_token')).toHaveLength(1);
    expect(rig.services.connections.get(id)).toMatchObject({
      status: 'needsReauth',
      lastError: 'INVALID_GRANT',
    });
  });
});

describe('an id_token nobody asked for (FreshBooks sends one, as its SDK fixture shows)', () => {
  it('neither fails the link nor the refresh', async () => {
    const id = await rig.link('freshbooks');
    await rig.services.connections.refresh(id);
    await rig.services.connections.refresh(id);
    expect(rig.fakes.freshbooks.tokenRequests()).toHaveLength(3);
    expect(rig.services.connections.get(id)).toMatchObject({ status: 'linked', lastError: null });
  });

  it('link and refresh use one issuer: the one the sign-in was checked against, kept with the link', async () => {
    await rig.close();
    rig = await startLinkingRig({ zoho: { userDataCentre: 'eu' } });
    const id = await rig.link('zohobooks');
    const server = serverOf(id);
    // The EU accounts server exchanged the code, but the issuer is Zoho's one (where sign-in starts).
    expect(server.region).toBe('eu');
    expect(server.issuer).toBe(new URL(rig.fakes.zoho.endpoints.authorizeUrl).origin);
    expect(new URL(server.issuer!).origin).not.toBe(rig.fakes.zoho.accountsOrigins.eu);
    await rig.services.connections.refresh(id);
    expect(rig.fakes.zoho.tokenRequests('refresh_token')[0]!.server).toBe('zoho-eu-accounts');
  });
});

describe('RFC 9207: a server that advertises authorization_response_iss_parameter_supported', () => {
  it('a callback without iss is refused with no token request; with its own iss it links', async () => {
    rig.fakes.endpoints.sage.issParameterSupported = true;
    const missing = await signIn('sage');
    expect(missing.page.status).toBe(400);
    expect(missing.view.status).toBe('waiting');
    expect(rig.fakes.sage.tokenRequests()).toHaveLength(0);
    await rig.services.flows.cancel(missing.view.flowId);

    rig.fakes.sage.behaviour.iss = new URL(rig.fakes.sage.endpoints.authorizeUrl).origin;
    const present = await signIn('sage');
    expect(present.view.status).toBe('linked');
    expect(rig.fakes.sage.tokenRequests()).toHaveLength(1);
  });
});

describe('re-linking a company', () => {
  it('revokes the refresh token it replaces (Zoho would otherwise keep it, and count it)', async () => {
    const first = await rig.link('zohobooks');
    const [old] = rig.fakes.zoho.liveRefreshTokens();
    const second = await rig.link('zohobooks');
    expect(second).toBe(first);
    expect(rig.fakes.zoho.revokeRequests()).toHaveLength(1);
    expect(rig.fakes.zoho.revokeRequests()[0]!.query['token']).toBe(old);
    expect(rig.fakes.zoho.isLive(old!)).toBe(false);
    expect(rig.fakes.zoho.liveRefreshTokens()).toHaveLength(1);
    expect(rig.services.audit.recent(5).map((e) => [e.action, e.outcome])).toContainEqual([
      'connection.revokeReplaced',
      'success',
    ]);
    // The new token is the one kept, and it works.
    await rig.services.connections.refresh(second);
    expect(rig.services.connections.get(second).status).toBe('linked');
  });
});

describe('removing an integration', () => {
  it("revokes each of its companies' refresh tokens at the provider, so none stays live there", async () => {
    await rig.link('zohobooks');
    const [live] = rig.fakes.zoho.liveRefreshTokens();
    expect(await rig.services.setup.remove('zohobooks')).toEqual({ removedConnections: 1 });
    expect(rig.fakes.zoho.revokeRequests().map((r) => r.query['token'])).toEqual([live]);
    expect(rig.fakes.zoho.liveRefreshTokens()).toEqual([]);
    expect(rig.services.connections.list('zohobooks')).toEqual([]);
  });

  it('removes its companies here even when the provider cannot be reached to revoke', async () => {
    const id = await rig.link('freshbooks');
    const account = rig.services.db
      .prepare('SELECT secret_ref FROM connections WHERE id = ?')
      .pluck()
      .get(id) as string;
    expect(await rig.secrets.get(account)).not.toBeNull();
    rig.fakes.freshbooks.behaviour.revokeResponses.push({ status: 503, sticky: true });
    expect(await rig.services.setup.remove('freshbooks')).toEqual({ removedConnections: 1 });
    expect(rig.services.connections.list('freshbooks')).toEqual([]);
    expect(await rig.secrets.get(account)).toBeNull();
    expect(rig.services.integrations.get('freshbooks').configured).toBe(false);
  });
});

describe('a sign-in that cannot become a link after the code exchange', () => {
  it('revokes the tokens it was issued: a Zoho user with no Books organisation keeps no live refresh token', async () => {
    const zoho = rig.fakes.zoho;
    zoho.organizations.us = [];
    await rig.configure('zohobooks');
    const flow = await rig.services.flows.start(
      'zohobooks',
      await rig.services.integrations.oauthClient('zohobooks'),
    );
    const { redirectTo } = await zoho.consent(rig.services.opened.at(-1)!);
    await rig.deliver(redirectTo);
    expect(rig.services.flows.view(flow.flowId)).toMatchObject({
      status: 'failed',
      errorCode: 'ACCOUNT_NOT_SUPPORTED',
    });
    expect(zoho.tokenRequests('authorization_code')).toHaveLength(1);
    // The revocation is not awaited by the callback: wait for it to reach the provider.
    await expect.poll(() => zoho.revokeRequests().length).toBe(1);
    expect(zoho.liveRefreshTokens()).toEqual([]);
    expect(rig.services.connections.list()).toEqual([]);
  });
});

describe("Zoho's cap of 20 live refresh tokens per user", () => {
  it('warns near the cap counting only what this app holds for the user who signed in', async () => {
    const zoho = rig.fakes.zoho;
    const org = (n: number) => [{ organization_id: `80000${n}`, name: `Org ${n}`, is_default_org: true }];
    zoho.organizations.us = org(0);
    const firstId = await rig.link('zohobooks');
    const ownerKey = ownerKeyOf(firstId);
    expect(ownerKey).toMatch(/^hmac-sha256:/);
    // The provider user is its own column, not a key of the stored server.
    expect(serverOf(firstId)).not.toHaveProperty('ownerKey');
    // Sixteen more links of the same Zoho user, as earlier sign-ins would have left them.
    const row = rig.services.db.prepare('SELECT * FROM connections WHERE id = ?').get(firstId) as Record<
      string,
      unknown
    >;
    for (let n = 1; n <= 16; n++) {
      rig.services.db
        .prepare(
          `INSERT INTO connections (id, platform, kind, label, external_id, status, scopes_json, server_json, owner_key, created_at)
           VALUES (?, 'zohobooks', 'oauth', ?, ?, 'linked', '[]', ?, ?, ?)`,
        )
        .run(`conn-seed-${n}`, `Org ${n}`, `80000${n}`, row['server_json'], ownerKey, row['created_at']);
    }
    // Another Zoho user links one organisation: their own count is 1, so no warning.
    zoho.behaviour.user = 'someone-else@example.test';
    zoho.organizations.us = org(50);
    const other = await signIn('zohobooks');
    expect(other.view).toMatchObject({ status: 'linked', warnings: [] });

    // The first user links an 18th organisation: 18 of 20 known for them.
    zoho.behaviour.user = 'owner@example.test';
    zoho.organizations.us = org(17);
    const near = await signIn('zohobooks');
    expect(near.view).toMatchObject({
      status: 'linked',
      warnings: ['tokenCapNear'],
      signInCap: { live: 18, cap: 20 },
    });
    const review = rig.services.review.currentReview();
    const problemsOf = (id: string) => review.rows.find((r) => r.id === id)?.problems ?? [];
    expect(problemsOf(firstId)).toContain('tokenCapNear');
    expect(problemsOf(other.view.connectionId!)).not.toContain('tokenCapNear');
    // Only fingerprints of who signed in are stored, never the Zoho users themselves.
    const stored = JSON.stringify(rig.services.db.prepare('SELECT * FROM connections').all());
    for (const user of ['owner@example.test', 'someone-else@example.test'])
      expect(stored).not.toContain(user);

    // A link being deleted is not live: with 17 left, the warning goes.
    rig.services.db.prepare("UPDATE connections SET status = 'deleting' WHERE id = 'conn-seed-1'").run();
    const later = rig.services.review.currentReview();
    expect(later.rows.find((r) => r.id === firstId)?.problems).not.toContain('tokenCapNear');
    expect(later.rows.some((r) => r.id === 'conn-seed-1')).toBe(false);
  });
});

describe('several companies behind one sign-in', () => {
  it('Sage: the person chooses; the choice is linked, nothing else', async () => {
    const sage = rig.fakes.sage;
    sage.businesses = [
      { id: 'a'.repeat(32), displayed_as: 'Maple Leaf Bakery' },
      { id: 'b'.repeat(32), displayed_as: 'Thistle & Co' },
    ];
    const { view, page } = await signIn('sage');
    // The browser tab sends the person back to the app to choose.
    expect(page.status).toBe(200);
    expect(page.body).toContain('Return to Integration Desk to choose which company to link');
    expect(view).toMatchObject({
      status: 'choosing',
      companies: [
        { id: 'a'.repeat(32), name: 'Maple Leaf Bakery' },
        { id: 'b'.repeat(32), name: 'Thistle & Co' },
      ],
    });
    expect(rig.services.connections.list()).toEqual([]);
    await expect(rig.services.flows.choose(view.flowId, 'c'.repeat(32))).rejects.toMatchObject({
      code: 'COMPANY_NOT_FOUND',
    });
    expect(rig.services.flows.view(view.flowId).status).toBe('choosing');

    const chosen = await rig.services.flows.choose(view.flowId, 'b'.repeat(32));
    expect(chosen).toMatchObject({ status: 'linked' });
    expect(chosen.companies).toBeUndefined();
    expect(rig.services.connections.list()).toEqual([
      expect.objectContaining({ externalId: 'b'.repeat(32), label: 'Thistle & Co' }),
    ]);
    // One token exchange for the whole sign-in.
    expect(sage.tokenRequests('authorization_code')).toHaveLength(1);

    // Test connection checks the linked business is still reachable.
    await rig.services.connections.test(chosen.connectionId!);
    sage.businesses = [{ id: 'a'.repeat(32), displayed_as: 'Maple Leaf Bakery' }];
    await expect(rig.services.connections.test(chosen.connectionId!)).rejects.toMatchObject({
      code: 'COMPANY_NOT_FOUND',
    });
  });

  it('Sage: businesses over several pages are all offered', async () => {
    rig.fakes.sage.businesses = Array.from({ length: 45 }, (_, i) => ({
      id: i.toString(16).padStart(32, '0'),
      displayed_as: `Business ${i}`,
    }));
    const { view } = await signIn('sage');
    expect(view.companies).toHaveLength(45);
    expect(rig.fakes.sage.apiRequests().map((r) => r.query['page'] ?? '1')).toEqual(['1', '2', '3']);
  });

  it('Zoho organisations and FreshBooks businesses are offered too', async () => {
    rig.fakes.zoho.organizations.us = [
      { organization_id: '712345678', name: 'Acme US', is_default_org: false },
      { organization_id: '712345679', name: 'Acme Default', is_default_org: true },
    ];
    const zoho = await signIn('zohobooks');
    // The default organisation is listed first.
    expect(zoho.view.companies?.map((c) => c.name)).toEqual(['Acme Default', 'Acme US']);
    rig.fakes.freshbooks.businesses = [
      { id: 1, account_id: 'ABC123', name: 'Commonwealth of Independent Systems' },
      { id: 2, account_id: 'ABC124', name: 'Bayern Corporation', role: 'business_employee' },
    ];
    const fb = await signIn('freshbooks');
    expect(fb.view.companies).toEqual([
      { id: 'ABC123', name: 'Commonwealth of Independent Systems' },
      { id: 'ABC124', name: 'Bayern Corporation' },
    ]);
  });

  it('one company links without a question', async () => {
    const { view } = await signIn('sage');
    expect(view.status).toBe('linked');
    expect(view.companies).toBeUndefined();
    // Sage has no per-user cap: nobody asks who signed in, so nothing is missing from the log.
    expect(rig.services.logLines.filter((line) => line.includes('Could not tell who signed in'))).toEqual([]);
  });

  it('leaving the choice (cancel) revokes the refresh token the sign-in got', async () => {
    rig.fakes.zoho.organizations.us = [
      { organization_id: '1', name: 'One', is_default_org: true },
      { organization_id: '2', name: 'Two', is_default_org: false },
    ];
    const { view } = await signIn('zohobooks');
    expect(rig.fakes.zoho.liveRefreshTokens()).toHaveLength(1);
    expect((await rig.services.flows.cancel(view.flowId)).status).toBe('cancelled');
    await expect.poll(() => rig.fakes.zoho.liveRefreshTokens()).toEqual([]);
    await expect(rig.services.flows.choose(view.flowId, '1')).rejects.toMatchObject({
      code: 'COMPANY_NOT_FOUND',
    });
    expect(rig.services.connections.list()).toEqual([]);
    // The provider's answer has reached the app by now: a revocation that worked is not reported as failed.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rig.services.logLines.filter((line) => line.includes('not revoked'))).toEqual([]);
  });

  it('leaving the choice when the provider cannot revoke says so in the log', async () => {
    rig.fakes.zoho.organizations.us = [
      { organization_id: '1', name: 'One', is_default_org: true },
      { organization_id: '2', name: 'Two', is_default_org: false },
    ];
    const { view } = await signIn('zohobooks');
    rig.fakes.zoho.behaviour.revokeResponses.push({
      status: 400,
      body: { error: 'invalid_request' },
      sticky: true,
    });
    expect((await rig.services.flows.cancel(view.flowId)).status).toBe('cancelled');
    await expect
      .poll(() =>
        rig.services.logLines.filter((line) => line.startsWith('WARN Unchosen sign-in not revoked')),
      )
      .toEqual([expect.stringContaining('"platform":"zohobooks"')]);
    expect(rig.fakes.zoho.revokeRequests()).not.toHaveLength(0);
  });

  it('offers at most the contract’s number of companies', async () => {
    // Zoho lists every organisation in one reply: the app keeps the first ones, the default first.
    rig.fakes.zoho.organizations.us = Array.from({ length: MAX_COMPANY_CHOICES + 1 }, (_, i) => ({
      organization_id: String(700_000_000 + i),
      name: `Organisation ${i}`,
      is_default_org: i === 0,
    }));
    const { view } = await signIn('zohobooks');
    expect(view.status).toBe('choosing');
    expect(view.companies).toHaveLength(MAX_COMPANY_CHOICES);
    expect(view.companies![0]!.name).toBe('Organisation 0');
  });

  it('not knowing who signed in (Zoho /users/me fails) still links, and the log says so', async () => {
    rig.fakes.zoho.organizations.us = [
      { organization_id: '1', name: 'One', is_default_org: true },
      { organization_id: '2', name: 'Two', is_default_org: false },
    ];
    const { view } = await signIn('zohobooks');
    rig.fakes.zoho.behaviour.apiResponses.push({ status: 500, body: { code: 1, message: 'Internal error' } });
    expect(await rig.services.flows.choose(view.flowId, '2')).toMatchObject({ status: 'linked' });
    expect(rig.services.connections.list()).toEqual([expect.objectContaining({ externalId: '2' })]);
    expect(
      rig.services.logLines.filter((line) => line.startsWith('WARN Could not tell who signed in')),
    ).toEqual([expect.stringContaining('"platform":"zohobooks"')]);
  });

  it('a Zoho token reply naming a foreign API domain is refused, and the refresh token it carried is revoked', async () => {
    const { flow, authorizeUrl, fake } = await startFlow('zohobooks');
    const { redirectTo } = await fake.consent(authorizeUrl);
    fake.behaviour.tokenResponses.push({
      status: 200,
      body: {
        access_token: '1000.forged-access-token',
        refresh_token: '1000.forged-refresh-token',
        token_type: 'Bearer',
        expires_in: 3600,
        api_domain: 'https://www.zohoapis.evil.example',
      },
    });
    await rig.deliver(redirectTo);
    expect(rig.services.flows.view(flow.flowId).status).toBe('failed');
    await expect
      .poll(() => fake.revokeRequests().map((r) => JSON.stringify(r.query) + JSON.stringify(r.body)))
      .toEqual([expect.stringContaining('1000.forged-refresh-token')]);
    expect(rig.services.connections.list()).toEqual([]);
  });

  it('the choice crosses the IPC contract', async () => {
    rig.fakes.sage.businesses = [
      { id: 'a'.repeat(32), displayed_as: 'One' },
      { id: 'b'.repeat(32), displayed_as: 'Two' },
    ];
    const { view } = await signIn('sage');
    const handlers = createIpcHandlers(rig.services);
    const reply = await dispatch(
      handlers,
      'chooseConnectCompany',
      { flowId: view.flowId, companyId: 'a'.repeat(32) },
      rig.services.log,
    );
    expect(reply).toMatchObject({ ok: true, value: { status: 'linked' } });
  });
});

describe('throttling', () => {
  /** A refresh through IPC ends RATE_LIMITED with a try-again time `waitMs` from now (±1 s). */
  async function expectToldToWait(id: string, waitMs: number): Promise<void> {
    const before = Date.now();
    const reply = (await dispatch(
      createIpcHandlers(rig.services),
      'refreshConnection',
      { connectionId: id },
      rig.services.log,
    )) as { ok: false; error: { code: string; retryAt?: string } };
    expect(reply.error.code).toBe('RATE_LIMITED');
    const retryAt = Date.parse(reply.error.retryAt!);
    expect(retryAt).toBeGreaterThanOrEqual(before + waitMs - 1_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + waitMs + 1_000);
  }

  it('Zoho\'s "Access Denied" token reply is RATE_LIMITED, not hammered with retries, and says when to try again', async () => {
    const id = await rig.link('zohobooks');
    rig.fakes.zoho.behaviour.tokenResponses.push({ ...ZOHO_THROTTLED, sticky: true });
    // Zoho names no time: the person is told the end of its longest documented window (10 minutes).
    await expectToldToWait(id, 600_000);
    expect(rig.fakes.zoho.tokenRequests('refresh_token')).toHaveLength(1);
    expect(rig.services.connections.get(id)).toMatchObject({ status: 'linked', lastError: 'RATE_LIMITED' });
  });

  it('a 429 with a long Retry-After is not retried, and the person is told when to try again', async () => {
    const id = await rig.link('sage');
    rig.fakes.sage.behaviour.tokenResponses.push({
      status: 429,
      headers: { 'retry-after': '120' },
      body: { error: 'rate_limited' },
      sticky: true,
    });
    await expectToldToWait(id, 120_000);
    expect(rig.fakes.sage.tokenRequests('refresh_token')).toHaveLength(1);
  });

  it('a short Retry-After is waited out, never less, and then the refresh goes through', async () => {
    await rig.close();
    const waits: number[] = [];
    rig = await startLinkingRig({}, { backoff: async (_attempt, delayMs) => void waits.push(delayMs) });
    const id = await rig.link('sage');
    rig.fakes.sage.behaviour.tokenResponses.push({
      status: 429,
      headers: { 'retry-after': '2' },
      body: { error: 'rate_limited' },
    });
    await rig.services.connections.refresh(id);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(2000);
    expect(rig.fakes.sage.tokenRequests('refresh_token')).toHaveLength(2);
  });

  it('the app’s own pause before a retry is the one asked for: the provider is not asked again at once', async () => {
    await rig.close();
    rig = await startLinkingRig({}, { backoff: null });
    const id = await rig.link('sage');
    rig.fakes.sage.behaviour.tokenResponses.push({
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: 'rate_limited' },
    });
    await rig.services.connections.refresh(id);
    const [first, second] = rig.fakes.sage.tokenRequests('refresh_token');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    expect(rig.services.connections.get(id).status).toBe('linked');
  });

  it('a 429 from the Books API (code 44) is RATE_LIMITED with its Retry-After', async () => {
    const id = await rig.link('zohobooks');
    rig.fakes.zoho.behaviour.apiResponses.push({
      status: 429,
      headers: { 'retry-after': '60' },
      body: { code: 44, message: 'You have exceeded the maximum number of requests per minute' },
    });
    const reply = (await dispatch(
      createIpcHandlers(rig.services),
      'testConnection',
      { connectionId: id },
      rig.services.log,
    )) as { ok: false; error: { code: string; retryAt?: string } };
    expect(reply.error.code).toBe('RATE_LIMITED');
    expect(Date.parse(reply.error.retryAt!) - Date.now()).toBeGreaterThan(55_000);
  });
});

describe('the redirect host', () => {
  it('is 127.0.0.1 unless Settings say localhost; the listener binds 127.0.0.1 either way', async () => {
    expect(rig.services.settings.get().redirectHost).toBe('127.0.0.1');
    const handlers = createIpcHandlers(rig.services);
    const uri = async () =>
      (
        (await dispatch(handlers, 'getRedirectUri', { platform: 'sage' }, rig.services.log)) as {
          value: { redirectUri: string };
        }
      ).value.redirectUri;
    expect(await uri()).toBe(`http://127.0.0.1:${rig.port}/oauth/sage/callback`);

    rig.services.settings.update({ redirectHost: 'localhost' });
    expect(await uri()).toBe(`http://localhost:${rig.port}/oauth/sage/callback`);
    const { flow, authorizeUrl, fake } = await startFlow('sage');
    expect(flow.redirectUri).toBe(`http://localhost:${rig.port}/oauth/sage/callback`);
    expect(new URL(authorizeUrl).searchParams.get('redirect_uri')).toBe(flow.redirectUri);

    const redirect = new URL((await fake.consent(authorizeUrl)).redirectTo);
    expect(redirect.host).toBe(`localhost:${rig.port}`);
    // The socket is on 127.0.0.1; the Host header must be the one the redirect URI names.
    const at127 = `http://127.0.0.1:${rig.port}${redirect.pathname}${redirect.search}`;
    const wrongHost = await request(at127);
    expect(wrongHost.status).toBe(400);
    expect(fake.tokenRequests()).toHaveLength(0);
    const page = await request(at127, { headers: { host: `localhost:${rig.port}` } });
    expect(page.status).toBe(200);
    expect(rig.services.flows.view(flow.flowId).status).toBe('linked');
  });

  it('FreshBooks over https://localhost: the loopback certificate names localhost', async () => {
    rig.services.settings.update({ redirectHost: 'localhost' });
    const { flow } = await startFlow('freshbooks');
    expect(flow.redirectUri).toBe(`https://localhost:${rig.port}/oauth/freshbooks/callback`);
    const { X509Certificate } = await import('node:crypto');
    const tls = JSON.parse((await rig.secrets.get('loopback-tls'))!) as { cert: string };
    expect(new X509Certificate(tls.cert).checkHost('localhost')).toBe('localhost');
    expect(new X509Certificate(tls.cert).checkIP('127.0.0.1')).toBe('127.0.0.1');
  });
});
