import { afterEach, describe, expect, it } from 'vitest';

import { connectionSecret, parseConnectionItem } from '../../src/main/services/vault/keychain-items';
import { checkConsistency, CONSISTENT } from './support/consistency';
import { FAULTS, FaultyStore, type Fault } from './support/faulty-store';
import {
  FRESHBOOKS_NEW,
  FRESHBOOKS_OLD,
  saveFreshBooks,
  startLinkingRig,
  type LinkingRig,
} from './support/linking';

// Every operation that touches both the keychain and SQLite, run while the real keychain misbehaves
// (through a fault-injecting wrapper). Whatever the outcome, once the keychain is back and start-up
// reconciliation has run, the two stores agree, and nothing acknowledged or rotated is lost.

// Long enough that a real keychain call on a busy 2-core machine never trips it; short enough that
// the "hang" cases (which wait it out) stay quick.
const KEYCHAIN_TIMEOUT_MS = 1000;

let rig: LinkingRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

type Outcome = 'ok' | 'failed';
interface Operation {
  setup(rig: LinkingRig): Promise<Record<string, string>>;
  run(rig: LinkingRig, ctx: Record<string, string>): Promise<unknown>;
  /** What must hold after reconciliation, given how the operation ended. */
  verify(rig: LinkingRig, ctx: Record<string, string>, outcome: Outcome): Promise<void>;
}

const OLD = FRESHBOOKS_OLD;
const NEW = FRESHBOOKS_NEW;

async function registration(r: LinkingRig): Promise<{ clientId: string; clientSecret: string } | null> {
  const detail = r.services.integrations.get('freshbooks');
  if (!detail.configured) return null;
  const { value } = await r.services.review.reveal({
    kind: 'integration',
    platform: 'freshbooks',
    field: 'clientSecret',
  });
  return { clientId: detail.clientId!, clientSecret: value };
}

/** The refresh token the connection's keychain item holds (read directly from the keychain). */
async function storedToken(r: LinkingRig, id: string): Promise<string | null> {
  const ref = r.services.db.prepare('SELECT secret_ref FROM connections WHERE id = ?').pluck().get(id) as
    string | undefined;
  if (!ref) return null;
  const item = parseConnectionItem(await r.secrets.get(ref));
  return item ? connectionSecret(item) : null;
}

/** Starts a Sage sign-in and lets the fake consent, up to the callback (which completes the link). */
async function signInUpToCallback(r: LinkingRig): Promise<Record<string, string>> {
  await r.configure('sage');
  const flow = await r.services.flows.start('sage', await r.services.integrations.oauthClient('sage'));
  const { redirectTo } = await r.fakes.sage.consent(r.services.opened.at(-1)!);
  return { flowId: flow.flowId, redirectTo };
}

const linkedSage = async (r: LinkingRig) => ({ id: await r.link('sage') });

async function expectLinkedWithLiveToken(r: LinkingRig, id: string): Promise<void> {
  expect(r.services.connections.get(id).status).toBe('linked');
  const token = await storedToken(r, id);
  expect(token && r.fakes.sage.isLive(token)).toBe(true);
}

const OPERATIONS: Record<string, Operation> = {
  'save an app registration': {
    setup: async () => ({}),
    run: (r) => saveFreshBooks(r, NEW),
    async verify(r, _ctx, outcome) {
      const now = await registration(r);
      if (outcome === 'ok') expect(now).toEqual(NEW);
      else expect(now === null || now.clientId === NEW.clientId).toBe(true);
    },
  },
  're-save an app registration with a new secret': {
    setup: async (r) => (await saveFreshBooks(r, OLD), {}),
    run: (r) => saveFreshBooks(r, NEW),
    async verify(r, _ctx, outcome) {
      const now = await registration(r);
      // Never the new client ID with the old secret, or the other way round.
      if (outcome === 'ok') expect(now).toEqual(NEW);
      else expect([OLD, NEW]).toContainEqual(now);
    },
  },
  'remove an app registration': {
    setup: async (r) => (await saveFreshBooks(r, OLD), {}),
    run: (r) => r.services.integrations.remove('freshbooks'),
    async verify(r, _ctx, outcome) {
      const now = await registration(r);
      if (outcome === 'ok') expect(now).toBeNull();
      else expect(now).toEqual(OLD);
    },
  },
  'link a company (OAuth)': {
    setup: signInUpToCallback,
    run: async (r, ctx) => {
      await r.deliver(ctx['redirectTo']!);
      const view = r.services.flows.view(ctx['flowId']!);
      if (view.status !== 'linked') throw new Error(view.errorCode);
    },
    async verify(r, _ctx, outcome) {
      const connections = r.services.connections.list();
      if (outcome === 'ok') expect(connections).toHaveLength(1);
      // A link cut short keeps the issued token (rolled forward) or leaves nothing.
      for (const c of connections) await expectLinkedWithLiveToken(r, c.id);
    },
  },
  're-link a company': {
    setup: async (r) => ({ id: await r.link('sage'), ...(await signInUpToCallback(r)) }),
    run: async (r, ctx) => {
      await r.deliver(ctx['redirectTo']!);
      if (r.services.flows.view(ctx['flowId']!).status !== 'linked') throw new Error('not linked');
    },
    async verify(r, ctx) {
      expect(r.services.connections.list().map((c) => c.id)).toEqual([ctx['id']]);
      await expectLinkedWithLiveToken(r, ctx['id']!);
    },
  },
  'refresh with a rotated refresh token': {
    setup: linkedSage,
    run: (r, ctx) => r.services.connections.refresh(ctx['id']!),
    async verify(r, ctx) {
      // Whatever happened, the connection holds a token the provider still honours.
      await expectLinkedWithLiveToken(r, ctx['id']!);
    },
  },
  'disconnect (revoked at the provider)': {
    setup: linkedSage,
    run: (r, ctx) => r.services.connections.disconnect(ctx['id']!, false),
    async verify(r, ctx, outcome) {
      if (outcome === 'ok') expect(r.services.connections.list()).toEqual([]);
      else await expectLinkedWithLiveToken(r, ctx['id']!);
    },
  },
  'remove locally when revocation fails': {
    setup: async (r) => {
      r.fakes.sage.behaviour.revokeResponses.push({ status: 503, sticky: true });
      return linkedSage(r);
    },
    run: (r, ctx) => r.services.connections.disconnect(ctx['id']!, true),
    async verify(r, ctx, outcome) {
      if (outcome === 'ok') expect(r.services.connections.list()).toEqual([]);
      else await expectLinkedWithLiveToken(r, ctx['id']!);
    },
  },
  'link a Clear Books company (API key)': {
    setup: async (r) => ({ key: [...r.fakes.clearbooks.apiKeys][0]! }),
    run: (r, ctx) => r.services.connections.linkClearBooks('Acme', ctx['key']!),
    async verify(r, ctx, outcome) {
      const connections = r.services.connections.list();
      if (outcome === 'ok') expect(connections).toHaveLength(1);
      for (const c of connections) expect(await storedToken(r, c.id)).toBe(ctx['key']);
    },
  },
};

describe.each(FAULTS)('while the keychain %s', (fault: Fault) => {
  it.each(Object.keys(OPERATIONS))('%s ends consistent once it is back', async (name) => {
    const operation = OPERATIONS[name]!;
    let faulty: FaultyStore | undefined;
    rig = await startLinkingRig(
      {},
      {
        wrapSecrets: (keychain) => (faulty = new FaultyStore(keychain)),
        keychainTimeoutMs: KEYCHAIN_TIMEOUT_MS,
      },
    );
    const ctx = await operation.setup(rig);

    faulty!.fault = fault;
    const outcome: Outcome = await operation.run(rig, ctx).then(
      () => 'ok',
      () => 'failed',
    );
    // Nothing was marked missing or needing re-authorisation because the keychain misbehaved.
    const marked = rig.services.db
      .prepare(
        "SELECT (SELECT COUNT(*) FROM connections WHERE last_error = 'SECRET_MISSING' OR status = 'needsReauth') + (SELECT COUNT(*) FROM integrations WHERE secret_problem IS NOT NULL)",
      )
      .pluck()
      .get();
    expect(marked).toBe(0);
    if (fault !== 'failAfterWrite') expect(outcome).toBe('failed');

    await faulty!.clear();
    expect(await rig.services.reconciliation.run()).not.toBeNull();
    expect(await checkConsistency(rig.services.db, rig.secrets)).toEqual(CONSISTENT);
    await operation.verify(rig, ctx, outcome);
  });
});

describe('a rotated refresh token the keychain could not take', () => {
  it('is not followed by a refresh with the replaced token, and is kept at the next start', async () => {
    let faulty: FaultyStore | undefined;
    rig = await startLinkingRig(
      {},
      {
        wrapSecrets: (keychain) => (faulty = new FaultyStore(keychain)),
        keychainTimeoutMs: KEYCHAIN_TIMEOUT_MS,
      },
    );
    const r = rig;
    const id = await r.link('sage');
    const before = r.fakes.sage.tokenRequests('refresh_token').length;

    // The keychain stops answering at the rotation: the new token's write (a new item) gives up on time.
    const existing = new Set(await r.secrets.accounts());
    faulty!.only = (account) => account !== null && !existing.has(account);
    faulty!.fault = 'hang';
    await expect(r.services.connections.refresh(id)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(r.fakes.sage.tokenRequests('refresh_token')).toHaveLength(before + 1);
    await faulty!.clear(); // the write that hung lands now

    // Still this session: the replaced token is not sent (the provider would refuse it) and the
    // company is not marked for re-auth.
    await expect(r.services.connections.refresh(id)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(r.fakes.sage.tokenRequests('refresh_token')).toHaveLength(before + 1);
    expect(r.services.connections.get(id).status).toBe('linked');

    // The next start rolls the new token forward, and it works.
    const next = r.nextStart();
    expect((await next.reconciliation.run())?.rolledForward).toBe(1);
    await next.connections.refresh(id);
    expect(next.connections.get(id).status).toBe('linked');
    expect(r.fakes.sage.isLive((await storedToken(r, id))!)).toBe(true);
    next.close();
  });
});
