/**
 * What ConnectionService records about each linked company, on a real SQLite file and the real
 * keychain: the row a sign-in leaves (scopes, expiries, name, dates), what Test connection,
 * refresh and disconnect change when they fail, and what the audit says.
 */
import { afterEach, describe, expect, it } from 'vitest';

import type { LinkedTokens } from '../../src/main/services/oauth/flows';
import { FaultyStore } from './support/faulty-store';
import { startLinkingRig, type LinkingRig, type OAuthPlatform } from './support/linking';

let rig: LinkingRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const T0 = Date.parse('2026-03-02T09:00:00.000Z');

async function pinnedRig(): Promise<LinkingRig> {
  rig = await startLinkingRig({}, { clock: () => new Date(T0) });
  return rig;
}

const column = (r: LinkingRig, id: string, name: string) =>
  r.services.db.prepare(`SELECT ${name} FROM connections WHERE id = ?`).pluck().get(id) as string | null;

const connectionItems = async (r: LinkingRig) =>
  (await r.secrets.accounts()).filter((a) => a.startsWith('connection-'));

/**
 * A completed sign-in as the flow hands it over, for another company behind the same provider as
 * the link `like` (its server, its app registration), with the token reply given.
 */
async function signIn(
  r: LinkingRig,
  platform: OAuthPlatform,
  like: string,
  tokens: Record<string, unknown>,
  account = { externalId: 'company-2', label: 'Second Company Ltd' },
): Promise<LinkedTokens> {
  return {
    platform,
    server: JSON.parse(column(r, like, 'server_json')!) as LinkedTokens['server'],
    account,
    tokens: { access_token: 'at-0001', token_type: 'bearer', ...tokens },
    requestedScopes: ['read', 'write'],
    ownerHint: null,
    client: await r.services.integrations.oauthClient(platform),
  };
}

/** Stores the sign-in `signIn` describes, as a finished OAuth sign-in does. */
async function storeSignIn(...args: Parameters<typeof signIn>) {
  return args[0].services.connections.storeOAuth(await signIn(...args));
}

describe('storing a sign-in', () => {
  it('refuses a reply without a refresh token and stores nothing', async () => {
    const r = await pinnedRig();
    const first = await r.link('sage');
    const items = await connectionItems(r);
    await expect(storeSignIn(r, 'sage', first, {})).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
    });
    expect(r.services.connections.list().map((c) => c.id)).toEqual([first]);
    expect(await connectionItems(r)).toEqual(items);
  });

  it('keeps the scopes granted, listed with spaces or commas, else the ones asked for', async () => {
    const r = await pinnedRig();
    const first = await r.link('sage');
    const granted = await storeSignIn(r, 'sage', first, {
      refresh_token: 'rt-granted',
      scope: ',full_access, read  ,core ',
    });
    expect(r.services.connections.get(granted.connectionId).scopes).toEqual(['full_access', 'read', 'core']);
    expect(JSON.parse(column(r, granted.connectionId, 'scopes_requested_json')!)).toEqual(['read', 'write']);
    const unsaid = await storeSignIn(
      r,
      'sage',
      first,
      { refresh_token: 'rt-unsaid' },
      { externalId: 'company-3', label: 'Third' },
    );
    expect(r.services.connections.get(unsaid.connectionId).scopes).toEqual(['read', 'write']);
  });

  it('dates the tokens from the reply: an hour when the access token has no lifetime, the provider’s refresh lifetime when given', async () => {
    const r = await pinnedRig();
    const first = await r.link('sage');
    const stored = await storeSignIn(r, 'sage', first, {
      refresh_token: 'rt-dated',
      refresh_token_expires_in: 86_400,
    });
    expect(r.services.connections.get(stored.connectionId)).toMatchObject({
      tokenExpiresAt: new Date(T0 + 3_600_000).toISOString(),
      refreshExpiresAt: new Date(T0 + 86_400_000).toISOString(),
      lastVerifiedAt: new Date(T0).toISOString(),
      createdAt: new Date(T0).toISOString(),
      status: 'linked',
      lastError: null,
    });
  });

  it.each([0, -5, '86400', Number.POSITIVE_INFINITY, null])(
    'a refresh lifetime of %s is not one: Sage’s own 31 days apply',
    async (lifetime) => {
      const r = await pinnedRig();
      const first = await r.link('sage');
      const stored = await storeSignIn(r, 'sage', first, {
        refresh_token: 'rt-odd',
        expires_in: 300,
        refresh_token_expires_in: lifetime,
      });
      expect(r.services.connections.get(stored.connectionId).refreshExpiresAt).toBe(
        new Date(T0 + 31 * 24 * 3600 * 1000).toISOString(),
      );
    },
  );

  it('a provider whose refresh tokens do not lapse shows no refresh expiry', async () => {
    const r = await pinnedRig();
    const first = await r.link('freshbooks');
    const stored = await storeSignIn(r, 'freshbooks', first, {
      refresh_token: 'rt-forever',
      expires_in: 43_200,
    });
    expect(r.services.connections.get(stored.connectionId)).toMatchObject({
      tokenExpiresAt: new Date(T0 + 43_200_000).toISOString(),
      refreshExpiresAt: null,
    });
  });

  it('a company without a usable name is shown by its provider id; names lose control characters', async () => {
    const r = await pinnedRig();
    const first = await r.link('sage');
    const unnamed = await storeSignIn(
      r,
      'sage',
      first,
      { refresh_token: 'rt-unnamed' },
      { externalId: 'biz-77', label: '\u0007 ' },
    );
    expect(r.services.connections.get(unnamed.connectionId).label).toBe('biz-77');
    const named = await storeSignIn(
      r,
      'sage',
      first,
      { refresh_token: 'rt-named' },
      { externalId: 'biz-78', label: 'Acme\nLtd' },
    );
    expect(r.services.connections.get(named.connectionId).label).toBe('Acme Ltd');
  });

  it('a re-link keeps the company’s id and creation date, and is audited as a re-link; the first as a link', async () => {
    let now = T0;
    rig = await startLinkingRig({}, { clock: () => new Date(now) });
    const r = rig;
    const id = await r.link('zohobooks');
    now = T0 + 86_400_000;
    expect(await r.link('zohobooks')).toBe(id);
    expect(r.services.connections.get(id)).toMatchObject({
      createdAt: new Date(T0).toISOString(),
      lastVerifiedAt: new Date(now).toISOString(),
    });
    const trail = r.services.audit
      .query({ action: 'connection.', target: id, limit: 10 })
      .map((e) => [e.action, e.outcome, e.detail]);
    expect(trail).toContainEqual(['connection.link', 'success', { platform: 'zohobooks' }]);
    expect(trail).toContainEqual(['connection.relink', 'success', { platform: 'zohobooks' }]);
    expect(trail).toContainEqual(['connection.revokeReplaced', 'success', { revocation: 'revoked' }]);
  });

  it('a replaced token the provider would not revoke is audited as failed, and the new link stands', async () => {
    const r = await pinnedRig();
    const id = await r.link('freshbooks');
    r.fakes.freshbooks.behaviour.revokeResponses.push({ status: 503, sticky: true });
    expect(await r.link('freshbooks')).toBe(id);
    expect(
      r.services.audit.query({ action: 'connection.revokeReplaced', target: id, limit: 5 }),
    ).toMatchObject([{ outcome: 'failed', detail: { revocation: 'failed' } }]);
    expect(r.services.connections.get(id).status).toBe('linked');
  });

  it('a replaced token whose stored revocation address is unusable is audited as not revoked', async () => {
    const r = await pinnedRig();
    const id = await r.link('sage');
    const server = JSON.parse(column(r, id, 'server_json')!) as Record<string, unknown>;
    r.services.db
      .prepare('UPDATE connections SET server_json = ? WHERE id = ?')
      .run(JSON.stringify({ ...server, revocationEndpoint: 'not a url' }), id);
    expect(await r.link('sage')).toBe(id);
    expect(
      r.services.audit.query({ action: 'connection.revokeReplaced', target: id, limit: 5 }),
    ).toMatchObject([{ outcome: 'failed', detail: { revocation: 'failed' } }]);
  });

  it('signing in again with the same refresh token revokes nothing', async () => {
    const r = await pinnedRig();
    const first = await r.link('zohobooks');
    const stored = await storeSignIn(r, 'zohobooks', first, { refresh_token: 'rt-same' });
    await storeSignIn(r, 'zohobooks', first, { refresh_token: 'rt-same' });
    expect(r.fakes.zoho.revokeRequests()).toEqual([]);
    expect(
      r.services.audit.query({ action: 'connection.revokeReplaced', target: stored.connectionId, limit: 5 }),
    ).toEqual([]);
  });
});

describe('Test connection', () => {
  it('Clear Books: asks Clear Books with the stored key and records the time', async () => {
    const r = await pinnedRig();
    const key = [...r.fakes.clearbooks.apiKeys][0]!;
    const linked = await r.services.connections.linkClearBooks('Acme', key);
    const asked = r.fakes.clearbooks.operations().length;
    expect(await r.services.connections.test(linked.id)).toMatchObject({
      status: 'linked',
      lastError: null,
      lastVerifiedAt: new Date(T0).toISOString(),
    });
    expect(r.fakes.clearbooks.operations()).toHaveLength(asked + 1);
    expect(r.services.audit.query({ action: 'connection.test', target: linked.id, limit: 5 })).toMatchObject([
      { outcome: 'success' },
    ]);
  });

  it('Clear Books: a key it no longer accepts marks the company Needs re-auth', async () => {
    const r = await pinnedRig();
    const key = [...r.fakes.clearbooks.apiKeys][0]!;
    const linked = await r.services.connections.linkClearBooks('Acme', key);
    r.fakes.clearbooks.apiKeys.delete(key);
    await expect(r.services.connections.test(linked.id)).rejects.toMatchObject({ code: 'API_KEY_REJECTED' });
    expect(r.services.connections.get(linked.id)).toMatchObject({
      status: 'needsReauth',
      lastError: 'API_KEY_REJECTED',
    });
    expect(r.services.audit.query({ action: 'connection.test', target: linked.id, limit: 5 })).toMatchObject([
      { outcome: 'failed', detail: { code: 'API_KEY_REJECTED' } },
    ]);
  });

  it('a company the sign-in no longer reaches is COMPANY_NOT_FOUND, recorded, and still linked', async () => {
    const r = await pinnedRig();
    const first = await r.link('sage');
    const other = await storeSignIn(
      r,
      'sage',
      first,
      // The same sign-in's tokens: the provider lists its companies, not this one.
      {
        access_token: await r.services.connections.accessToken(first),
        refresh_token: r.fakes.sage.liveRefreshTokens()[0],
      },
      {
        externalId: 'not-listed',
        label: 'Gone Ltd',
      },
    );
    await expect(r.services.connections.test(other.connectionId)).rejects.toMatchObject({
      code: 'COMPANY_NOT_FOUND',
    });
    expect(r.services.connections.get(other.connectionId)).toMatchObject({
      status: 'linked',
      lastError: 'COMPANY_NOT_FOUND',
    });
    // The company the sign-in does reach passes.
    expect((await r.services.connections.test(first)).lastError).toBeNull();
  });

  it('a keychain that cannot be used says nothing about the connection: no error recorded on it', async () => {
    let faulty: FaultyStore | undefined;
    rig = await startLinkingRig({}, { wrapSecrets: (keychain) => (faulty = new FaultyStore(keychain)) });
    const key = [...rig.fakes.clearbooks.apiKeys][0]!;
    const linked = await rig.services.connections.linkClearBooks('Acme', key);
    // A locked keychain finds no item, and its probe fails.
    faulty!.fault = 'answerEmpty';
    await expect(rig.services.connections.test(linked.id)).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
    });
    faulty!.fault = null;
    expect(rig.services.connections.get(linked.id)).toMatchObject({ status: 'linked', lastError: null });
    expect(
      rig.services.audit.query({ action: 'connection.test', target: linked.id, limit: 5 }),
    ).toMatchObject([{ outcome: 'failed', detail: { code: 'KEYCHAIN_UNAVAILABLE' } }]);
  });

  it('an unknown connection is NOT_FOUND', async () => {
    const r = await pinnedRig();
    await expect(r.services.connections.test('conn-nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(r.services.connections.refresh('conn-nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('refresh', () => {
  it('an API-key connection has nothing to refresh', async () => {
    const r = await pinnedRig();
    const linked = await r.services.connections.linkClearBooks('Acme', [...r.fakes.clearbooks.apiKeys][0]!);
    await expect(r.services.connections.refresh(linked.id)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('a company marked Needs re-auth is not refreshed: nothing is sent to the provider', async () => {
    const r = await pinnedRig();
    const id = await r.link('sage');
    expect(r.services.connections.markNeedsReauth('sage', 'SCOPES_CHANGED')).toBe(1);
    await expect(r.services.connections.refresh(id)).rejects.toMatchObject({ code: 'INVALID_GRANT' });
    expect(r.fakes.sage.tokenRequests('refresh_token')).toHaveLength(0);
  });

  it('a refresh that goes through clears the last error, with or without rotation', async () => {
    const r = await pinnedRig();
    for (const platform of ['sage', 'zohobooks'] as const) {
      const id = await r.link(platform);
      r.fakeFor(platform).behaviour.tokenResponses.push({ status: 400, body: { error: 'invalid_request' } });
      await expect(r.services.connections.refresh(id)).rejects.toBeTruthy();
      expect(r.services.connections.get(id).lastError).not.toBeNull();
      await r.services.connections.refresh(id);
      expect(r.services.connections.get(id)).toMatchObject({ status: 'linked', lastError: null });
      expect(r.services.audit.query({ action: 'connection.refresh', target: id, limit: 5 })).toMatchObject([
        { outcome: 'success' },
        {
          outcome: 'failed',
          detail: { code: r.services.connections.get(id).lastError ?? expect.any(String) },
        },
      ]);
    }
  });

  it('a secret gone from a healthy keychain marks the company Needs re-auth, without asking the provider', async () => {
    const r = await pinnedRig();
    const id = await r.link('sage');
    await r.secrets.delete(column(r, id, 'secret_ref')!);
    await expect(r.services.connections.refresh(id)).rejects.toMatchObject({ code: 'INVALID_GRANT' });
    expect(r.services.connections.get(id)).toMatchObject({
      status: 'needsReauth',
      lastError: 'SECRET_MISSING',
    });
    expect(r.fakes.sage.tokenRequests('refresh_token')).toHaveLength(0);
  });

  it('a secret read empty once, then found, is used: nothing marked missing', async () => {
    let faulty: FaultyStore | undefined;
    rig = await startLinkingRig({}, { wrapSecrets: (keychain) => (faulty = new FaultyStore(keychain)) });
    const id = await rig.link('sage');
    const account = column(rig, id, 'secret_ref')!;
    faulty!.fault = 'answerEmpty';
    let reads = 0;
    faulty!.only = (a) => a === account && reads++ === 0;
    await rig.services.connections.refresh(id);
    faulty!.fault = null;
    expect(rig.services.connections.get(id)).toMatchObject({ status: 'linked', lastError: null });
    expect(rig.fakes.sage.tokenRequests('refresh_token')).toHaveLength(1);
  });
  it('after a rotated token could not be stored, no refresh sends the old one again until the next start', async () => {
    let faulty: FaultyStore | undefined;
    rig = await startLinkingRig({}, { wrapSecrets: (keychain) => (faulty = new FaultyStore(keychain)) });
    const id = await rig.link('sage');
    const old = await rig.secrets.accounts();
    // Sage has replaced the refresh token; the keychain refuses every new item.
    faulty!.fault = 'unknownError';
    faulty!.only = (account) => account !== null && !old.includes(account);
    await expect(rig.services.connections.refresh(id)).rejects.toMatchObject({ code: 'KEYCHAIN_ERROR' });
    faulty!.fault = null;
    expect(rig.fakes.sage.tokenRequests('refresh_token')).toHaveLength(1);
    await expect(rig.services.connections.refresh(id)).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
    });
    // The old token was not sent (Sage would call it invalid_grant): the company is not marked for re-auth.
    expect(rig.fakes.sage.tokenRequests('refresh_token')).toHaveLength(1);
    expect(rig.services.connections.get(id).status).toBe('linked');
  });
});

describe('disconnect', () => {
  it('with a keychain that cannot be used, refuses and leaves the company as it was', async () => {
    let faulty: FaultyStore | undefined;
    rig = await startLinkingRig({}, { wrapSecrets: (keychain) => (faulty = new FaultyStore(keychain)) });
    const id = await rig.link('sage');
    faulty!.fault = 'answerEmpty';
    await expect(rig.services.connections.disconnect(id, true)).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
    });
    faulty!.fault = null;
    expect(rig.services.connections.get(id).status).toBe('linked');
    expect(rig.fakes.sage.revokeRequests()).toHaveLength(0);
    expect(await connectionItems(rig)).toHaveLength(1);
  });

  it('a failed revocation puts back the status the company had, and the audit says why', async () => {
    const r = await pinnedRig();
    const id = await r.link('freshbooks');
    r.services.connections.markNeedsReauth('freshbooks', 'SCOPES_CHANGED');
    r.fakes.freshbooks.behaviour.revokeResponses.push({ status: 503, sticky: true });
    expect(await r.services.connections.disconnect(id, false)).toEqual({
      revocation: 'failed',
      removed: false,
    });
    expect(r.services.connections.get(id).status).toBe('needsReauth');
    expect(r.services.audit.query({ action: 'connection.disconnect', target: id, limit: 5 })).toMatchObject([
      { outcome: 'failed', detail: { revocation: 'failed' } },
    ]);
  });

  it('a secret that cannot be read counts as a failed revocation', async () => {
    const r = await pinnedRig();
    const id = await r.link('sage');
    await r.secrets.delete(column(r, id, 'secret_ref')!);
    expect(await r.services.connections.disconnect(id, false)).toEqual({
      revocation: 'failed',
      removed: false,
    });
    expect(r.fakes.sage.revokeRequests()).toHaveLength(0);
    expect(await r.services.connections.disconnect(id, true)).toEqual({
      revocation: 'failed',
      removed: true,
    });
    expect(r.services.connections.list()).toEqual([]);
  });

  it('Clear Books has nothing to revoke; the audit names the platform; the token cache goes with the row', async () => {
    const r = await pinnedRig();
    const linked = await r.services.connections.linkClearBooks('Acme', [...r.fakes.clearbooks.apiKeys][0]!);
    expect(await r.services.connections.disconnect(linked.id, false)).toEqual({
      revocation: 'notSupported',
      removed: true,
    });
    expect(
      r.services.audit.query({ action: 'connection.disconnect', target: linked.id, limit: 5 }),
    ).toMatchObject([{ outcome: 'success', detail: { revocation: 'notSupported', platform: 'clearbooks' } }]);
    const id = await r.link('sage');
    await r.services.connections.disconnect(id, false);
    await expect(r.services.connections.accessToken(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('Needs re-auth for a whole platform', () => {
  it('counts and audits the companies it marks, and audits nothing when there are none', async () => {
    const r = await pinnedRig();
    const id = await r.link('freshbooks');
    expect(r.services.connections.markNeedsReauth('sage', 'SCOPES_CHANGED')).toBe(0);
    expect(r.services.audit.query({ action: 'connection.needsReauth', limit: 5 })).toEqual([]);
    expect(r.services.connections.markNeedsReauth('freshbooks', 'SCOPES_CHANGED')).toBe(1);
    expect(r.services.connections.get(id)).toMatchObject({
      status: 'needsReauth',
      lastError: 'SCOPES_CHANGED',
    });
    expect(r.services.audit.query({ action: 'connection.needsReauth', limit: 5 })).toMatchObject([
      { target: 'freshbooks', outcome: 'success', detail: { reason: 'SCOPES_CHANGED', count: 1 } },
    ]);
  });
});

describe('Clear Books links', () => {
  it('an empty key is EMPTY_SECRET before Clear Books is asked', async () => {
    const r = await pinnedRig();
    await expect(r.services.connections.linkClearBooks('Acme', '')).rejects.toMatchObject({
      code: 'EMPTY_SECRET',
    });
    expect(r.fakes.clearbooks.operations()).toEqual([]);
    expect(r.services.connections.list()).toEqual([]);
  });

  it('remembers whether the key had white space in it (the review warns of a pasted key), not the key', async () => {
    const r = await pinnedRig();
    const spaced = 'abc123 def456';
    r.fakes.clearbooks.apiKeys.add(spaced);
    const plain = await r.services.connections.linkClearBooks('Plain', [...r.fakes.clearbooks.apiKeys][0]!);
    const pasted = await r.services.connections.linkClearBooks('Pasted', spaced);
    expect(column(r, plain.id, 'secret_had_whitespace')).toBe(0);
    expect(column(r, pasted.id, 'secret_had_whitespace')).toBe(1);
  });

  it('a key Clear Books refuses is audited as a failed link, with the reason and no key', async () => {
    const r = await pinnedRig();
    await expect(r.services.connections.linkClearBooks('Acme', 'wrong-key-1')).rejects.toMatchObject({
      code: 'API_KEY_REJECTED',
    });
    const [event] = r.services.audit.query({ action: 'connection.link', limit: 5 });
    expect(event).toMatchObject({
      target: 'clearbooks',
      outcome: 'failed',
      detail: { code: 'API_KEY_REJECTED' },
    });
    expect(JSON.stringify(event)).not.toContain('wrong-key-1');
  });

  it('updating a linked key keeps its name when no usable one is given, and audits a re-link', async () => {
    let now = T0;
    rig = await startLinkingRig({}, { clock: () => new Date(now) });
    const key = [...rig.fakes.clearbooks.apiKeys][0]!;
    const first = await rig.services.connections.linkClearBooks('Acme', key);
    now = T0 + 60_000;
    expect(await rig.services.connections.linkClearBooks(' \u0000 ', key, 'update')).toMatchObject({
      id: first.id,
      label: 'Acme',
      lastVerifiedAt: new Date(now).toISOString(),
    });
    expect(
      rig.services.audit.query({ action: 'connection.relink', target: first.id, limit: 5 }),
    ).toMatchObject([{ outcome: 'success', detail: { platform: 'clearbooks' } }]);
  });

  it('updating a key Clear Books no longer accepts changes nothing', async () => {
    const r = await pinnedRig();
    const key = [...r.fakes.clearbooks.apiKeys][0]!;
    const first = await r.services.connections.linkClearBooks('Acme', key);
    r.fakes.clearbooks.apiKeys.delete(key);
    await expect(r.services.connections.linkClearBooks('Renamed', key, 'update')).rejects.toMatchObject({
      code: 'API_KEY_REJECTED',
    });
    expect(r.services.connections.get(first.id).label).toBe('Acme');
    expect(r.services.audit.query({ action: 'connection.relink', limit: 5 })).toEqual([]);
  });
});

describe('links stored by earlier versions, and edges', () => {
  it('a re-link whose old item is gone from the keychain still links, with nothing to revoke', async () => {
    const r = await pinnedRig();
    const id = await r.link('zohobooks');
    await r.secrets.delete(column(r, id, 'secret_ref')!);
    expect(await r.link('zohobooks')).toBe(id);
    expect(r.fakes.zoho.revokeRequests()).toEqual([]);
    expect(r.services.connections.get(id)).toMatchObject({ status: 'linked', lastError: null });
    await r.services.connections.refresh(id);
  });

  it('a link stored without its issuer refreshes, and is revoked when replaced, with the provider’s issuer', async () => {
    const r = await pinnedRig();
    const id = await r.link('freshbooks');
    const server = JSON.parse(column(r, id, 'server_json')!) as Record<string, unknown>;
    delete server['issuer'];
    r.services.db
      .prepare('UPDATE connections SET server_json = ? WHERE id = ?')
      .run(JSON.stringify(server), id);
    await r.services.connections.refresh(id);
    expect(r.services.connections.get(id)).toMatchObject({ status: 'linked', lastError: null });
    const [live] = r.fakes.freshbooks.liveRefreshTokens();
    expect(await r.link('freshbooks')).toBe(id);
    expect(r.fakes.freshbooks.isLive(live!)).toBe(false);
    expect(
      r.services.audit.query({ action: 'connection.revokeReplaced', target: id, limit: 5 }),
    ).toMatchObject([{ outcome: 'success', detail: { revocation: 'revoked' } }]);
  });

  it('a link stored without the company’s provider id passes Test connection', async () => {
    const r = await pinnedRig();
    const id = await r.link('sage');
    r.services.db.prepare('UPDATE connections SET external_id = NULL WHERE id = ?').run(id);
    expect((await r.services.connections.test(id)).lastError).toBeNull();
  });

  it('an access token is refreshed once exactly 30 s of it are left', async () => {
    let now = T0;
    rig = await startLinkingRig({}, { clock: () => new Date(now) });
    const id = await rig.link('sage');
    const first = await rig.services.connections.accessToken(id);
    now = T0 + 300_000 - 30_001;
    expect(await rig.services.connections.accessToken(id)).toBe(first);
    now = T0 + 300_000 - 30_000;
    expect(await rig.services.connections.accessToken(id)).not.toBe(first);
  });

  it('while its token is being revoked, the company shows as being deleted', async () => {
    const r = await pinnedRig();
    const id = await r.link('sage');
    r.fakes.sage.behaviour.latencyMs = 1_000;
    const done = r.services.connections.disconnect(id, false);
    // The keychain probe comes first: wait for the status to change, however long that takes here.
    while (r.services.connections.get(id).status === 'linked')
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(r.services.connections.get(id).status).toBe('deleting');
    expect(r.services.review.currentReview().rows.some((row) => row.id === id)).toBe(false);
    expect(await done).toEqual({ revocation: 'revoked', removed: true });
  });

  it('a Clear Books company whose key is gone from the keychain is still removed: there is nothing to revoke', async () => {
    const r = await pinnedRig();
    const linked = await r.services.connections.linkClearBooks('Acme', [...r.fakes.clearbooks.apiKeys][0]!);
    await r.secrets.delete(column(r, linked.id, 'secret_ref')!);
    expect(await r.services.connections.disconnect(linked.id, false)).toEqual({
      revocation: 'notSupported',
      removed: true,
    });
  });

  it('a Clear Books company is shown by the review', async () => {
    const r = await pinnedRig();
    const linked = await r.services.connections.linkClearBooks('Acme', [...r.fakes.clearbooks.apiKeys][0]!);
    expect(r.services.review.currentReview().rows.map((row) => row.id)).toContain(linked.id);
  });

  it('a refresh without a new refresh token leaves the keychain item as it was, and the next refresh works', async () => {
    const r = await pinnedRig();
    const id = await r.link('zohobooks');
    const before = await r.secrets.entries();
    await r.services.connections.refresh(id);
    expect(await r.secrets.entries()).toEqual(before);
    await r.services.connections.refresh(id);
    expect(r.fakes.zoho.tokenRequests('refresh_token')).toHaveLength(2);
    expect(r.services.connections.get(id).status).toBe('linked');
  });

  it('a refresh reply that repeats the refresh token writes no new keychain item', async () => {
    let now = T0;
    rig = await startLinkingRig({}, { clock: () => new Date(now) });
    const id = await rig.link('sage');
    const before = await rig.secrets.entries();
    const [current] = rig.fakes.sage.liveRefreshTokens();
    now = T0 + 60_000;
    rig.fakes.sage.behaviour.tokenResponses.push({
      status: 200,
      body: { access_token: 'at-canned', token_type: 'bearer', expires_in: 300, refresh_token: current },
    });
    expect(await rig.services.connections.refresh(id)).toBe('at-canned');
    expect(await rig.secrets.entries()).toEqual(before);
    expect(rig.services.connections.get(id).tokenExpiresAt).toBe(new Date(now + 300_000).toISOString());
  });

  it('a rotated refresh token is dated from the refresh, with the lifetime the provider gave', async () => {
    let now = T0;
    rig = await startLinkingRig({}, { clock: () => new Date(now) });
    const id = await rig.link('sage');
    now = T0 + 7 * 86_400_000;
    await rig.services.connections.refresh(id);
    expect(rig.services.connections.get(id).refreshExpiresAt).toBe(
      new Date(now + 2_678_400_000).toISOString(),
    );
    rig.fakes.sage.behaviour.tokenResponses.push({
      status: 200,
      body: {
        access_token: 'at-canned',
        token_type: 'bearer',
        expires_in: 300,
        refresh_token: 'rt-canned-1',
        refresh_token_expires_in: 86_400,
      },
    });
    await rig.services.connections.refresh(id);
    expect(rig.services.connections.get(id).refreshExpiresAt).toBe(new Date(now + 86_400_000).toISOString());
  });

  it.each([
    ['unknownError', 'KEYCHAIN_ERROR', 'KEYCHAIN_ERROR'],
    ['answerEmpty', 'KEYCHAIN_UNAVAILABLE', null],
  ] as const)(
    'a rotated token the keychain will not keep (%s): %s, recorded on the company only if it is not a locked keychain',
    async (fault, code, recorded) => {
      let faulty: FaultyStore | undefined;
      rig = await startLinkingRig({}, { wrapSecrets: (keychain) => (faulty = new FaultyStore(keychain)) });
      const id = await rig.link('sage');
      const old = await rig.secrets.accounts();
      faulty!.fault = fault;
      faulty!.only = (account) => account === null || !old.includes(account);
      await expect(rig.services.connections.refresh(id)).rejects.toMatchObject({ code });
      faulty!.fault = null;
      expect(rig.services.connections.get(id)).toMatchObject({ status: 'linked', lastError: recorded });
      expect(rig.services.audit.query({ action: 'connection.refresh', target: id, limit: 5 })).toMatchObject([
        { outcome: 'failed', detail: { code } },
      ]);
    },
  );
});

describe('a keychain item of the wrong kind (edited by hand, or another item put in its place)', () => {
  const item = (value: Record<string, string>) => JSON.stringify({ v: 1, ...value });

  it('an OAuth company holding an API key is neither refreshed nor revoked with it', async () => {
    const r = await pinnedRig();
    const id = await r.link('sage');
    await r.secrets.set(column(r, id, 'secret_ref')!, item({ kind: 'apiKey', apiKey: 'key-in-wrong-place' }));
    await expect(r.services.connections.refresh(id)).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(r.fakes.sage.tokenRequests('refresh_token')).toHaveLength(0);
    expect(await r.services.connections.disconnect(id, false)).toEqual({
      revocation: 'notSupported',
      removed: true,
    });
    expect(r.fakes.sage.revokeRequests()).toHaveLength(0);
  });

  it('a Clear Books company holding a refresh token fails Test connection without asking Clear Books', async () => {
    const r = await pinnedRig();
    const linked = await r.services.connections.linkClearBooks('Acme', [...r.fakes.clearbooks.apiKeys][0]!);
    const asked = r.fakes.clearbooks.operations().length;
    await r.secrets.set(
      column(r, linked.id, 'secret_ref')!,
      item({ kind: 'oauth', refreshToken: 'rt-wrong-place' }),
    );
    await expect(r.services.connections.test(linked.id)).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(r.fakes.clearbooks.operations()).toHaveLength(asked);
    expect(r.services.connections.get(linked.id)).toMatchObject({ status: 'linked', lastError: 'INTERNAL' });
  });
});

describe('failures that are not the app’s own errors', () => {
  it('a stored provider address that cannot be read fails Test connection as INTERNAL, recorded on the company', async () => {
    const r = await pinnedRig();
    const id = await r.link('sage');
    r.services.db.prepare("UPDATE connections SET server_json = '{' WHERE id = ?").run(id);
    await expect(r.services.connections.test(id)).rejects.toBeInstanceOf(SyntaxError);
    expect(r.services.connections.get(id).lastError).toBe('INTERNAL');
    expect(r.services.audit.query({ action: 'connection.test', target: id, limit: 5 })).toMatchObject([
      { outcome: 'failed', detail: { code: 'INTERNAL' } },
    ]);
  });

  it('SQLite refusing to record a rotated token fails the refresh as INTERNAL, recorded on the company', async () => {
    const r = await pinnedRig();
    const id = await r.link('sage');
    r.services.db.exec(
      "CREATE TEMP TRIGGER no_commit BEFORE UPDATE OF secret_ref ON connections BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
    );
    await expect(r.services.connections.refresh(id)).rejects.toThrow(/disk I\/O error/);
    r.services.db.exec('DROP TRIGGER no_commit');
    expect(r.services.connections.get(id).lastError).toBe('INTERNAL');
    expect(r.services.audit.query({ action: 'connection.refresh', target: id, limit: 5 })).toMatchObject([
      { outcome: 'failed', detail: { code: 'INTERNAL' } },
    ]);
  });
});
