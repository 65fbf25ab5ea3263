import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  accountKind,
  connectionSecret,
  parseConnectionItem,
} from '../../src/main/services/vault/keychain-items';
import type { SecretStore } from '../../src/main/services/vault/secret-store';
import { checkConsistency, CONSISTENT } from './support/consistency';
import {
  FRESHBOOKS_NEW,
  FRESHBOOKS_OLD,
  saveFreshBooks,
  startLinkingRig,
  type LinkingRig,
} from './support/linking';
import { testServices } from './support/temp';

// Each crash window of the keychain/SQLite write protocol (docs/ARCHITECTURE.md, "Keychain and
// SQLite"), made deterministic: the keychain stops answering at one exact step, so the operation
// never goes further (as if the process had died there); then the app "starts again" on the same
// SQLite file and keychain, and reconciliation must finish or undo the operation.

type Method = 'set' | 'get' | 'delete';
interface CrashPoint {
  method: Method;
  /** Which item the call is about: the new version, or the one being replaced or removed. */
  item: 'new' | 'old';
  /** Die just before the call reaches the keychain, or just after it has done its work. */
  when: 'before' | 'after';
  /** Only an integration's or only a connection's item (default: either). */
  kind?: 'integration' | 'connection';
}

/** Passes calls to the real keychain until the crash point, where it stops answering for good. */
class CrashingStore implements SecretStore {
  crashAt: CrashPoint | null = null;
  /** Accounts that existed before the operation (anything else is the new version). */
  old = new Set<string>();
  reached!: Promise<void>;
  private signal!: () => void;

  constructor(private readonly inner: SecretStore) {
    this.arm(null);
  }

  arm(point: CrashPoint | null, old: string[] = []): void {
    this.crashAt = point;
    this.old = new Set(old);
    this.reached = new Promise((resolve) => (this.signal = resolve));
  }

  set = (account: string, value: string) => this.call('set', account, () => this.inner.set(account, value));
  get = (account: string) => this.call('get', account, () => this.inner.get(account));
  delete = (account: string) => this.call('delete', account, () => this.inner.delete(account));
  accounts = () => this.inner.accounts();
  entries = () => this.inner.entries();

  private async call<T>(method: Method, account: string, real: () => Promise<T>): Promise<T> {
    const point = this.crashAt;
    const kind = accountKind(account);
    const versioned = kind === 'integration' || kind === 'connection';
    const item = this.old.has(account) ? 'old' : 'new';
    if (!point || !versioned || point.method !== method || point.item !== item) return real();
    if (point.kind && point.kind !== kind) return real();
    this.crashAt = null;
    if (point.when === 'after') await real();
    this.signal();
    return new Promise<T>(() => {}); // the process is gone: nothing after this runs
  }
}

let rig: LinkingRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function startRig(): Promise<{ rig: LinkingRig; crashing: CrashingStore }> {
  let crashing: CrashingStore | undefined;
  rig = await startLinkingRig(
    {},
    { wrapSecrets: (keychain) => (crashing = new CrashingStore(keychain)), keychainTimeoutMs: 600_000 },
  );
  return { rig, crashing: crashing! };
}

/** Runs `operation` until it dies at `point`, then starts the app again and reconciles. */
async function crashAndRestart(
  r: LinkingRig,
  crashing: CrashingStore,
  point: CrashPoint,
  operation: () => Promise<unknown>,
) {
  crashing.arm(point, await r.secrets.accounts());
  const outcome = operation().then(
    () => 'finished',
    () => 'failed',
  );
  const reached = await Promise.race([crashing.reached.then(() => 'crashed'), outcome]);
  expect(reached).toBe('crashed');
  const next = r.nextStart();
  const report = await next.reconciliation.run();
  expect(await checkConsistency(next.db, r.secrets)).toEqual(CONSISTENT);
  return { next, report: report! };
}

const OLD = FRESHBOOKS_OLD;
const NEW = FRESHBOOKS_NEW;

async function registration(services: ReturnType<typeof testServices>) {
  const detail = services.integrations.get('freshbooks');
  if (!detail.configured) return null;
  const target = { kind: 'integration', platform: 'freshbooks', field: 'clientSecret' } as const;
  return { clientId: detail.clientId, clientSecret: (await services.review.reveal(target)).value };
}

async function token(services: ReturnType<typeof testServices>, keychain: SecretStore, id: string) {
  const ref =
    services.connections.get(id) &&
    services.db.prepare('SELECT secret_ref FROM connections WHERE id = ?').pluck().get(id);
  const item = parseConnectionItem(await keychain.get(ref as string));
  return item ? connectionSecret(item) : null;
}

describe('saving an app registration, killed', () => {
  it('after the write intent, before the keychain write: undone, nothing saved', async () => {
    const { rig: r, crashing } = await startRig();
    const { next, report } = await crashAndRestart(
      r,
      crashing,
      { method: 'set', item: 'new', when: 'before' },
      () => saveFreshBooks(r, NEW),
    );
    expect(report.rolledBack).toBe(1);
    expect(await registration(next)).toBeNull();
  });

  it('after the keychain write, before the commit: undone, the new item deleted', async () => {
    const { rig: r, crashing } = await startRig();
    const { next, report } = await crashAndRestart(
      r,
      crashing,
      { method: 'get', item: 'new', when: 'before' },
      () => saveFreshBooks(r, NEW),
    );
    expect(report.rolledBack).toBe(1);
    expect(await registration(next)).toBeNull();
    expect((await r.secrets.accounts()).filter((a) => a.startsWith('integration-'))).toEqual([]);
  });
});

describe('re-saving an app registration, killed', () => {
  it('after the keychain write, before the commit: the old client ID keeps its old secret', async () => {
    const { rig: r, crashing } = await startRig();
    await saveFreshBooks(r, OLD);
    const { next } = await crashAndRestart(r, crashing, { method: 'get', item: 'new', when: 'after' }, () =>
      saveFreshBooks(r, NEW),
    );
    expect(await registration(next)).toEqual(OLD);
  });

  it('after the commit, before the old item is deleted: the new pair, and the old item collected', async () => {
    const { rig: r, crashing } = await startRig();
    await saveFreshBooks(r, OLD);
    const { next, report } = await crashAndRestart(
      r,
      crashing,
      { method: 'delete', item: 'old', when: 'before' },
      () => saveFreshBooks(r, NEW),
    );
    expect(report.deletesFinished).toBe(1);
    expect(await registration(next)).toEqual(NEW);
  });

  it('after the old item is deleted, before its intent is dropped: the new pair', async () => {
    const { rig: r, crashing } = await startRig();
    await saveFreshBooks(r, OLD);
    const { next } = await crashAndRestart(
      r,
      crashing,
      { method: 'delete', item: 'old', when: 'after' },
      () => saveFreshBooks(r, NEW),
    );
    expect(await registration(next)).toEqual(NEW);
  });
});

describe('removing an app registration, killed', () => {
  it('after the commit, before the keychain delete: removed, and its secret deleted at start-up', async () => {
    const { rig: r, crashing } = await startRig();
    await saveFreshBooks(r, OLD);
    const { next, report } = await crashAndRestart(
      r,
      crashing,
      { method: 'delete', item: 'old', when: 'before' },
      () => r.services.integrations.remove('freshbooks'),
    );
    expect(report.deletesFinished).toBe(1);
    expect(await registration(next)).toBeNull();
  });
});

describe('refreshing with a rotated refresh token, killed', () => {
  it('after the keychain write, before the commit: rolled forward to the new token', async () => {
    const { rig: r, crashing } = await startRig();
    const id = await r.link('sage');
    const { next, report } = await crashAndRestart(
      r,
      crashing,
      { method: 'get', item: 'new', when: 'before' },
      () => r.services.connections.refresh(id),
    );
    expect(report.rolledForward).toBe(1);
    const stored = await token(next, r.secrets, id);
    expect(r.fakes.sage.isLive(stored!)).toBe(true);
    // And it works: the next refresh is accepted by the provider.
    await next.connections.refresh(id);
    expect(next.connections.get(id).status).toBe('linked');
  });

  it('after the commit, before the old item is deleted: the new token, and the old item collected', async () => {
    const { rig: r, crashing } = await startRig();
    const id = await r.link('sage');
    const { next, report } = await crashAndRestart(
      r,
      crashing,
      { method: 'delete', item: 'old', when: 'before' },
      () => r.services.connections.refresh(id),
    );
    expect(report.deletesFinished).toBe(1);
    expect(r.fakes.sage.isLive((await token(next, r.secrets, id))!)).toBe(true);
  });

  it('before the new token reaches the keychain: the one window no store can close (the token was only in memory)', async () => {
    const { rig: r, crashing } = await startRig();
    const id = await r.link('sage');
    const { next, report } = await crashAndRestart(
      r,
      crashing,
      { method: 'set', item: 'new', when: 'before' },
      () => r.services.connections.refresh(id),
    );
    expect(report.rolledBack).toBe(1);
    // The provider already retired the old token: the next refresh says so and asks for re-authorisation.
    await expect(next.connections.refresh(id)).rejects.toMatchObject({ code: 'INVALID_GRANT' });
    expect(next.connections.get(id).status).toBe('needsReauth');
  });
});

describe('linking a company, killed after the keychain write and before the commit', () => {
  it('a first link is rolled forward: the company is linked with the issued token', async () => {
    const { rig: r, crashing } = await startRig();
    await r.configure('sage');
    const { next, report } = await crashAndRestart(
      r,
      crashing,
      { method: 'get', item: 'new', when: 'before', kind: 'connection' },
      () => r.link('sage'),
    );
    expect(report.rolledForward).toBe(1);
    const [linked] = next.connections.list();
    expect(linked).toMatchObject({ platform: 'sage', status: 'linked', label: 'Acme Trading Ltd' });
    expect(r.fakes.sage.isLive((await token(next, r.secrets, linked!.id))!)).toBe(true);
  });

  it('a re-link is rolled forward: the company keeps its row and gets the new token', async () => {
    const { rig: r, crashing } = await startRig();
    const id = await r.link('sage');
    const { next } = await crashAndRestart(
      r,
      crashing,
      { method: 'get', item: 'new', when: 'before', kind: 'connection' },
      () => r.link('sage'),
    );
    expect(next.connections.list().map((c) => c.id)).toEqual([id]);
    expect(await token(next, r.secrets, id)).toBe(r.fakes.sage.liveRefreshTokens().at(-1));
  });

  it('a Clear Books key is rolled back (the person still has it): nothing linked', async () => {
    const { rig: r, crashing } = await startRig();
    const key = [...r.fakes.clearbooks.apiKeys][0]!;
    const { next, report } = await crashAndRestart(
      r,
      crashing,
      { method: 'get', item: 'new', when: 'before' },
      () => r.services.connections.linkClearBooks('Acme', key),
    );
    expect(report.rolledBack).toBe(1);
    expect(next.connections.list()).toEqual([]);
  });
});

describe('disconnecting, killed', () => {
  it('after it began, before revocation: the disconnect is finished at start-up', async () => {
    const { rig: r, crashing } = await startRig();
    const id = await r.link('sage');
    const { next, report } = await crashAndRestart(
      r,
      crashing,
      { method: 'get', item: 'old', when: 'before' },
      () => r.services.connections.disconnect(id, false),
    );
    expect(report.disconnectsFinished).toBe(1);
    expect(next.connections.list()).toEqual([]);
  });

  it('after the commit, before the keychain delete: the secret is deleted at start-up', async () => {
    const { rig: r, crashing } = await startRig();
    const id = await r.link('sage');
    const { next, report } = await crashAndRestart(
      r,
      crashing,
      { method: 'delete', item: 'old', when: 'before' },
      () => r.services.connections.disconnect(id, false),
    );
    expect(report.deletesFinished).toBe(1);
    expect(next.connections.list()).toEqual([]);
    expect(r.fakes.sage.liveRefreshTokens()).toEqual([]);
  });
});

describe('reconciliation', () => {
  it('reports a registration whose secret is gone, and one whose secret is not the recorded one', async () => {
    const { rig: r } = await startRig();
    await saveFreshBooks(r, OLD);
    await r.configure('sage');
    const refs = r.services.db
      .prepare('SELECT platform, secret_ref FROM integrations WHERE secret_ref IS NOT NULL')
      .all() as Array<{ platform: string; secret_ref: string }>;
    const fb = refs.find((x) => x.platform === 'freshbooks')!.secret_ref;
    const sage = refs.find((x) => x.platform === 'sage')!.secret_ref;
    await r.secrets.delete(fb);
    // What older versions could leave: the secret overwritten in place, the record not updated.
    await r.secrets.set(
      sage,
      JSON.stringify({ v: 1, kind: 'integration', platform: 'sage', fields: { clientSecret: 'other' } }),
    );
    const report = await r.services.reconciliation.run();
    expect(report).toMatchObject({ missing: ['integration:freshbooks'], mismatched: ['integration:sage'] });
    const problems = (id: string) =>
      r.services.review.currentReview().rows.find((row) => row.id === id)!.problems;
    expect(problems('integration:freshbooks')).toContain('secretMissing');
    expect(problems('integration:sage')).toContain('secretMismatch');
    // Saving again puts it right.
    await saveFreshBooks(r, NEW);
    expect(problems('integration:freshbooks')).not.toContain('secretMissing');
  });

  it('corrects a connection fingerprint an older version left stale, and restores one marked missing by mistake', async () => {
    const { rig: r } = await startRig();
    const id = await r.link('sage');
    r.services.db
      .prepare(
        "UPDATE connections SET secret_fingerprint = 'hmac-sha256:stale', status = 'needsReauth', last_error = 'SECRET_MISSING' WHERE id = ?",
      )
      .run(id);
    const report = await r.services.reconciliation.run();
    expect(report).toMatchObject({ fingerprintsCorrected: [id], restored: [id] });
    expect(r.services.connections.get(id)).toMatchObject({ status: 'linked', lastError: null });
    expect(await checkConsistency(r.services.db, r.secrets)).toEqual(CONSISTENT);
  });
});

describe('reconciliation at start-up, with linked companies', () => {
  let rig: LinkingRig;
  beforeEach(async () => {
    rig = await startLinkingRig();
  });
  afterEach(async () => rig.close());

  it('flags a row whose secret vanished, finishes a half-done delete, and reports orphans', async () => {
    const kept = await rig.link('sage');
    const gone = await rig.link('zohobooks');
    // A healthy connection beside them: it must come through untouched.
    const healthy = await rig.link('freshbooks');
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
    expect(
      rig.services.connections
        .list()
        .map((c) => c.id)
        .sort(),
    ).toEqual([gone, healthy].sort());
    expect(rig.services.connections.get(healthy)).toMatchObject({ status: 'linked', lastError: null });
    expect(rig.services.connections.get(gone)).toMatchObject({
      status: 'needsReauth',
      lastError: 'SECRET_MISSING',
    });
  });
});
