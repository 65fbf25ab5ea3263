import { dirname } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { FINGERPRINT_KEY_ACCOUNT } from '../../src/main/services/vault/fingerprint';
import {
  accountKind,
  connectionSecret,
  parseConnectionItem,
} from '../../src/main/services/vault/keychain-items';
import { toKeychainError } from '../../src/main/services/vault/keytar-secret-store';
import type { SecretStore } from '../../src/main/services/vault/secret-store';
import { checkConsistency, CONSISTENT } from './support/consistency';
import { FaultyStore } from './support/faulty-store';
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

  /** Set by `pause`: the call stopped at the crash point goes on once this resolves. */
  private resume: Promise<void> | null = null;
  release: () => void = () => {};

  arm(point: CrashPoint | null, old: string[] = []): void {
    this.crashAt = point;
    this.old = new Set(old);
    this.resume = null;
    this.reached = new Promise((resolve) => (this.signal = resolve));
  }

  /** Like `arm`, but the call only waits at the point until `release()`, as a slow keychain would. */
  pause(point: CrashPoint, old: string[] = []): void {
    this.arm(point, old);
    this.resume = new Promise((resolve) => (this.release = resolve));
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
    if (this.resume) {
      this.signal();
      await this.resume;
      return real();
    }
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
    expect(warnings(next)).toEqual([expect.stringMatching(/^WARN Keychain and store reconciled /)]);
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
    // The audit trail says the disconnect was finished at start-up, not asked for again.
    expect(next.audit.query({ action: 'connection.disconnect', target: id, limit: 10 })).toEqual([
      expect.objectContaining({ outcome: 'success', detail: { resumed: true, platform: 'sage' } }),
    ]);
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
    expect(auditCount(r, 'connection.fingerprintCorrected', id)).toBe(1);
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

/** Starts the app on the real keychain behind a fault-injecting wrapper (faults off until set). */
async function startFaultyRig(): Promise<{ rig: LinkingRig; faulty: FaultyStore }> {
  let faulty: FaultyStore | undefined;
  rig = await startLinkingRig(
    {},
    { wrapSecrets: (keychain) => (faulty = new FaultyStore(keychain)), keychainTimeoutMs: 600_000 },
  );
  return { rig, faulty: faulty! };
}

type AppServices = ReturnType<typeof testServices>;
const auditCount = (r: LinkingRig | AppServices, action: string, target: string) =>
  ('services' in r ? r.services : r).audit.query({ action, target, limit: 100 }).length;

const connectionRef = (r: LinkingRig | AppServices, id: string) =>
  ('services' in r ? r.services : r).db
    .prepare('SELECT secret_ref FROM connections WHERE id = ?')
    .pluck()
    .get(id) as string;

const integrationRef = (r: LinkingRig, platform: string) =>
  r.services.db
    .prepare('SELECT secret_ref FROM integrations WHERE platform = ?')
    .pluck()
    .get(platform) as string;

const reconciledLines = (r: LinkingRig) =>
  r.services.logLines.filter((line) => line.includes('Keychain and store reconciled'));

describe('reconciliation, on a keychain that cannot be believed', () => {
  it('does nothing while the keychain answers every read with nothing, and says the start-up check is over', async () => {
    const { rig: r, faulty } = await startFaultyRig();
    const id = await r.link('sage');
    expect(r.services.reconciliation.checking).toBe(true);
    expect(r.services.reconciliation.orphans()).toEqual([]);
    faulty.fault = 'answerEmpty';
    const running = r.services.reconciliation.run();
    // A second caller during the run is given the same run, not a second one.
    expect(r.services.reconciliation.run()).toBe(running);
    expect(r.services.reconciliation.checking).toBe(true);
    expect(await running).toBeNull();
    expect(r.services.reconciliation.checking).toBe(false);
    // A locked keychain's "no such item" marked nothing missing.
    expect(r.services.connections.get(id)).toMatchObject({ status: 'linked', lastError: null });
    expect(auditCount(r, 'connection.secretMissing', id)).toBe(0);

    await faulty.clear();
    const report = await r.services.reconciliation.run();
    expect(report).toMatchObject({ missing: [], rolledBack: 0, orphans: [] });
  });

  it('a listing that fails after a healthy probe ends the run with nothing changed and an error logged', async () => {
    const { rig: r, faulty } = await startFaultyRig();
    const id = await r.link('sage');
    await r.secrets.delete(connectionRef(r, id));
    faulty.only = (account) => account === null; // the listing only: the probe works
    faulty.fault = 'unknownError';
    expect(await r.services.reconciliation.run()).toBeNull();
    expect(r.services.reconciliation.checking).toBe(false);
    expect(r.services.connections.get(id).status).toBe('linked');
    // The log says why, by the keychain's code.
    expect(r.services.logLines.filter((line) => line.startsWith('ERROR Reconciliation failed'))).toEqual([
      expect.stringContaining('"code":"KEYCHAIN_ERROR"'),
    ]);
    expect(reconciledLines(r)).toEqual([]);

    await faulty.clear();
    expect((await r.services.reconciliation.run())?.missing).toEqual([id]);
  });
});

describe('reconciliation, item by item', () => {
  it('logs what it changed as counts only, and nothing when there was nothing to change', async () => {
    const { rig: r } = await startRig();
    const id = await r.link('sage');
    await r.services.reconciliation.run();
    expect(reconciledLines(r)).toEqual([]);

    const ref = connectionRef(r, id);
    const value = (await r.secrets.get(ref))!;
    await r.secrets.delete(ref);
    await r.services.reconciliation.run();
    const [line, ...more] = reconciledLines(r);
    expect(more).toEqual([]);
    expect(line).toMatch(/^WARN Keychain and store reconciled /);
    expect(JSON.parse(line!.slice(line!.indexOf('{')))).toEqual({
      rolledForward: 0,
      rolledBack: 0,
      deletesFinished: 0,
      disconnectsFinished: 0,
      missing: 1,
      restored: 0,
      fingerprintsCorrected: 0,
      mismatched: 0,
      orphans: 0,
    });
    expect(line).not.toContain(id);
    expect(line).not.toContain(value);
  });

  it('marks a connection missing once, however many times it is found missing, and restores it when its item is back', async () => {
    const { rig: r } = await startRig();
    const id = await r.link('sage');
    const ref = connectionRef(r, id);
    const value = (await r.secrets.get(ref))!;
    await r.secrets.delete(ref);
    expect((await r.services.reconciliation.run())?.missing).toEqual([id]);
    expect((await r.services.reconciliation.run())?.missing).toEqual([id]);
    expect(auditCount(r, 'connection.secretMissing', id)).toBe(1);
    expect(r.services.connections.get(id)).toMatchObject({
      status: 'needsReauth',
      lastError: 'SECRET_MISSING',
    });

    // The item comes back (e.g. restored from a keychain backup): the company is linked again.
    await r.secrets.set(ref, value);
    const report = await r.services.reconciliation.run();
    expect(report).toMatchObject({ missing: [], restored: [id], fingerprintsCorrected: [] });
    expect(r.services.connections.get(id)).toMatchObject({ status: 'linked', lastError: null });
  });

  it('an item that no longer reads as a token counts as missing', async () => {
    const { rig: r } = await startRig();
    const id = await r.link('sage');
    await r.secrets.set(connectionRef(r, id), '{"v":1,"kind":"oauth"}');
    expect((await r.services.reconciliation.run())?.missing).toEqual([id]);
    expect(r.services.connections.get(id).lastError).toBe('SECRET_MISSING');
  });

  it('reports a registration problem once, keeps it while it lasts, and clears it when the item is back', async () => {
    const { rig: r } = await startRig();
    await saveFreshBooks(r, OLD);
    const ref = integrationRef(r, 'freshbooks');
    const value = (await r.secrets.get(ref))!;
    const problems = () =>
      r.services.review.currentReview().rows.find((row) => row.id === 'integration:freshbooks')!.problems;

    await r.secrets.delete(ref);
    expect((await r.services.reconciliation.run())?.missing).toEqual(['integration:freshbooks']);
    expect((await r.services.reconciliation.run())?.missing).toEqual(['integration:freshbooks']);
    expect(auditCount(r, 'integration.secret.missing', 'freshbooks')).toBe(1);
    expect(problems()).toContain('secretMissing');

    await r.secrets.set(ref, value);
    const report = await r.services.reconciliation.run();
    expect(report).toMatchObject({ missing: [], mismatched: [], restored: ['integration:freshbooks'] });
    expect(problems()).not.toContain('secretMissing');
    expect(problems()).not.toContain('secretMismatch');
    // Only the problem went to the audit trail, not its end.
    expect(auditCount(r, 'integration.secret.', 'freshbooks')).toBe(1);
    expect((await r.services.reconciliation.run())?.restored).toEqual([]);
    expect(await registration(r.services)).toEqual(OLD);
  });

  it('a registration item with a secret more or fewer than recorded is a mismatch', async () => {
    const { rig: r } = await startRig();
    await saveFreshBooks(r, OLD);
    const ref = integrationRef(r, 'freshbooks');
    const item = (fields: Record<string, string>) =>
      JSON.stringify({ v: 1, kind: 'integration', platform: 'freshbooks', fields });

    await r.secrets.set(ref, item({ clientSecret: OLD.clientSecret, signingSecret: 'added-later' }));
    expect((await r.services.reconciliation.run())?.mismatched).toEqual(['integration:freshbooks']);
    expect(auditCount(r, 'integration.secret.mismatch', 'freshbooks')).toBe(1);

    await r.secrets.set(ref, item({}));
    expect((await r.services.reconciliation.run())?.mismatched).toEqual(['integration:freshbooks']);

    await r.secrets.set(ref, item({ clientSecret: OLD.clientSecret }));
    expect(await r.services.reconciliation.run()).toMatchObject({
      mismatched: [],
      restored: ['integration:freshbooks'],
    });
  });

  it('deletes a health probe cut short, and reports as orphans only items named like its secrets', async () => {
    const { rig: r } = await startRig();
    await r.link('sage');
    const probe = 'keychain-probe-8f0c2a64-2b1e-4a59-9d55-6c1f0e3b7a10';
    await r.secrets.set(probe, 'nothing-secret');
    await r.secrets.set('someone-elses-item', 'x');
    await r.secrets.set('integration-left-behind', 'x');
    const report = await r.services.reconciliation.run();
    expect(report?.orphans).toEqual(['integration-left-behind']);
    expect(r.services.reconciliation.orphans()).toEqual(['integration-left-behind']);
    expect(await r.secrets.get(probe)).toBeNull();
    expect(await r.secrets.get('someone-elses-item')).toBe('x');
  });

  it('leaves alone a save still under way in this process: not undone, not an orphan', async () => {
    const { rig: r, crashing } = await startRig();
    crashing.arm({ method: 'get', item: 'new', when: 'before' }, await r.secrets.accounts());
    void saveFreshBooks(r, NEW);
    await crashing.reached;
    const [written] = (await r.secrets.accounts()).filter((a) => a.startsWith('integration-'));
    expect(written).toBeDefined();
    const report = await r.services.reconciliation.run();
    expect(report).toMatchObject({ rolledBack: 0, orphans: [] });
    expect(await r.secrets.get(written!)).not.toBeNull();
    // Once that process is gone, the next start undoes it.
    const next = r.nextStart();
    expect((await next.reconciliation.run())?.rolledBack).toBe(1);
    expect(await r.secrets.get(written!)).toBeNull();
    next.close();
  });
});

describe('deleting an orphan keychain item (Repair)', () => {
  it('deletes only an item the last run reported, once, and records it', async () => {
    const { rig: r, faulty } = await startFaultyRig();
    const id = await r.link('sage');
    await r.secrets.set('connection-orphan-1', '{"v":1}');
    await r.secrets.set('connection-orphan-2', '{"v":1}');
    await r.services.reconciliation.run();
    expect([...r.services.reconciliation.orphans()].sort()).toEqual([
      'connection-orphan-1',
      'connection-orphan-2',
    ]);

    // A referenced item, or one not reported, is refused and kept.
    const ref = connectionRef(r, id);
    await expect(r.services.reconciliation.deleteOrphan(ref)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(r.services.reconciliation.deleteOrphan('connection-other')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await r.secrets.get(ref)).not.toBeNull();

    // A locked keychain is not asked: the orphan stays, to be deleted once it is back.
    faulty.fault = 'answerEmpty';
    await expect(r.services.reconciliation.deleteOrphan('connection-orphan-1')).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
    });
    await faulty.clear();
    expect(await r.secrets.get('connection-orphan-1')).toBe('{"v":1}');
    expect(r.services.reconciliation.orphans()).toContain('connection-orphan-1');

    expect(await r.services.reconciliation.deleteOrphan('connection-orphan-1')).toEqual({ deleted: true });
    expect(await r.secrets.get('connection-orphan-1')).toBeNull();
    expect(await r.secrets.get('connection-orphan-2')).toBe('{"v":1}');
    expect(r.services.reconciliation.orphans()).toEqual(['connection-orphan-2']);
    expect(auditCount(r, 'secret.deleteOrphan', 'connection-orphan-1')).toBe(1);
    await expect(r.services.reconciliation.deleteOrphan('connection-orphan-1')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    // Already gone from the keychain (deleted by hand): it leaves the list, and says nothing was deleted.
    await r.secrets.delete('connection-orphan-2');
    expect(await r.services.reconciliation.deleteOrphan('connection-orphan-2')).toEqual({ deleted: false });
    expect(r.services.reconciliation.orphans()).toEqual([]);
  });
});

describe('a refresh cut short, then its new item tampered with', () => {
  /** Dies at the refresh's read-back (the new token written, nothing committed), then changes things. */
  async function refreshKilled(
    change: (r: LinkingRig, id: string, written: string) => Promise<void>,
    consistent = true,
  ) {
    const { rig: r, crashing } = await startRig();
    const id = await r.link('sage');
    const before = await token(r.services, r.secrets, id);
    const old = await r.secrets.accounts();
    crashing.arm({ method: 'get', item: 'new', when: 'before' }, old);
    void r.services.connections.refresh(id);
    await crashing.reached;
    const [written] = (await r.secrets.accounts()).filter((a) => !old.includes(a));
    await change(r, id, written!);
    const next = r.nextStart();
    const report = (await next.reconciliation.run())!;
    if (consistent) expect(await checkConsistency(next.db, r.secrets)).toEqual(CONSISTENT);
    return { r, id, next, report, written: written!, before, old };
  }

  it('an item that is not the token written is not adopted: rolled back, the old token kept', async () => {
    const { r, id, next, report, written, before } = await refreshKilled(async (rr, _id, account) => {
      await rr.secrets.set(account, JSON.stringify({ v: 1, kind: 'oauth', refreshToken: 'planted-token' }));
    });
    expect(report).toMatchObject({ rolledForward: 0, rolledBack: 1 });
    expect(await r.secrets.get(written)).toBeNull();
    expect(await token(next, r.secrets, id)).toBe(before);
    expect(auditCount(r, 'secret.rollForward', id)).toBe(0);
    next.close();
  });

  it('an unreadable new item is rolled back', async () => {
    const { r, id, next, report, written, before } = await refreshKilled(async (rr, _id, account) => {
      await rr.secrets.set(account, 'not an item');
    });
    expect(report).toMatchObject({ rolledForward: 0, rolledBack: 1 });
    expect(await r.secrets.get(written)).toBeNull();
    expect(await token(next, r.secrets, id)).toBe(before);
    next.close();
  });

  it('the new token is rolled forward and recorded in the audit trail, the old item deleted', async () => {
    const { r, id, next, report, written, before } = await refreshKilled(async () => {});
    expect(report).toMatchObject({ rolledForward: 1, rolledBack: 0, deletesFinished: 0 });
    expect(connectionRef(next, id)).toBe(written);
    expect(await token(next, r.secrets, id)).not.toBe(before);
    expect(auditCount(next, 'secret.rollForward', id)).toBe(1);
    expect((await r.secrets.accounts()).filter((a) => a.startsWith('connection-'))).toEqual([written]);
    // No delete intent is left for the old item.
    expect(next.db.prepare('SELECT COUNT(*) FROM secret_intents').pluck().get()).toBe(0);
    next.close();
  });

  it('a replaced item the keychain will not delete during the roll-forward is deleted at the start after', async () => {
    const { rig: r, crashing } = await startRig();
    const id = await r.link('sage');
    const old = await r.secrets.accounts();
    const oldRef = connectionRef(r, id);
    crashing.arm({ method: 'get', item: 'new', when: 'before' }, old);
    void r.services.connections.refresh(id);
    await crashing.reached;
    const scripted = new ScriptedStore(r.secrets);
    scripted.arm({ 'delete:old': 'error' }, old);
    const next = testServices({
      dataDir: dirname(r.services.settings.get().dataFilePath),
      secrets: scripted,
    });
    expect(await next.reconciliation.run()).toMatchObject({ rolledForward: 1 });
    expect(await r.secrets.get(oldRef)).not.toBeNull();
    next.close();
    const third = r.nextStart();
    expect(await third.reconciliation.run()).toMatchObject({ deletesFinished: 1, orphans: [] });
    expect(await r.secrets.get(oldRef)).toBeNull();
    expect(await checkConsistency(third.db, r.secrets)).toEqual(CONSISTENT);
    third.close();
  });

  it('a connection removed meanwhile is not brought back: the new item is deleted', async () => {
    let oldRef = '';
    const { r, next, report, written } = await refreshKilled(async (rr, id) => {
      oldRef = connectionRef(rr, id);
      // Removed by hand (a restored backup, say): its item is left with nothing pointing at it.
      rr.services.db.prepare('DELETE FROM connections WHERE id = ?').run(id);
    }, false);
    expect(report).toMatchObject({ rolledForward: 0, rolledBack: 1, orphans: [oldRef] });
    expect(next.connections.list()).toEqual([]);
    expect(await r.secrets.get(written)).toBeNull();
    next.close();
  });

  it('a delete whose item is already gone is still finished', async () => {
    const { rig: r, crashing } = await startRig();
    await saveFreshBooks(r, OLD);
    const oldRef = integrationRef(r, 'freshbooks');
    crashing.arm({ method: 'delete', item: 'old', when: 'before' }, await r.secrets.accounts());
    void saveFreshBooks(r, NEW);
    await crashing.reached;
    await r.secrets.delete(oldRef);
    const next = r.nextStart();
    expect(await next.reconciliation.run()).toMatchObject({ deletesFinished: 1, rolledBack: 0 });
    expect(await checkConsistency(next.db, r.secrets)).toEqual(CONSISTENT);
    expect(await registration(next)).toEqual(NEW);
    next.close();
  });
});

/**
 * The real keychain with chosen calls failing: for the items written during the operation (`new`)
 * or those that existed before it (`old`), a method can fail with the keychain's own error or, for
 * reads, answer nothing.
 */
class ScriptedStore implements SecretStore {
  old = new Set<string>();
  script: Partial<Record<`${Method}:${'new' | 'old'}`, 'error' | 'nothing'>> = {};

  constructor(private readonly inner: SecretStore) {}

  arm(script: ScriptedStore['script'], old: string[]): void {
    this.script = script;
    this.old = new Set(old);
  }

  set = (account: string, value: string) =>
    this.call('set', account, () => this.inner.set(account, value), undefined);
  get = (account: string) => this.call('get', account, () => this.inner.get(account), null);
  delete = (account: string) => this.call('delete', account, () => this.inner.delete(account), false);
  accounts = () => this.inner.accounts();
  entries = () => this.inner.entries();

  private async call<T>(method: Method, account: string, real: () => Promise<T>, nothing: T): Promise<T> {
    const kind = accountKind(account);
    if (kind !== 'integration' && kind !== 'connection') return real();
    const step = this.script[`${method}:${this.old.has(account) ? 'old' : 'new'}`];
    if (step === 'error') throw toKeychainError(new Error('Unexpected error -25293'));
    if (step === 'nothing') return nothing;
    return real();
  }
}

async function startScriptedRig(): Promise<{ rig: LinkingRig; scripted: ScriptedStore }> {
  let scripted: ScriptedStore | undefined;
  rig = await startLinkingRig(
    {},
    { wrapSecrets: (keychain) => (scripted = new ScriptedStore(keychain)), keychainTimeoutMs: 600_000 },
  );
  return { rig, scripted: scripted! };
}

const warnings = (services: AppServices) => services.logLines.filter((line) => line.startsWith('WARN '));
const intentCount = (services: AppServices) =>
  services.db.prepare('SELECT COUNT(*) FROM secret_intents').pluck().get();
const newItems = async (r: LinkingRig, old: string[]) =>
  (await r.secrets.accounts()).filter((a) => !old.includes(a) && a !== FINGERPRINT_KEY_ACCOUNT);

/** Makes this process's SQLite connection refuse a statement, as a full disk or a failing file would. */
function refuse(services: AppServices, name: string, when: string): void {
  services.db.exec(`CREATE TEMP TRIGGER ${name} ${when} BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
}

describe('the write protocol, when one side fails', () => {
  it('a first save and removing twice leave no warning and nothing for start-up', async () => {
    const { rig: r } = await startRig();
    await saveFreshBooks(r, OLD);
    await r.services.integrations.remove('freshbooks');
    await r.services.integrations.remove('freshbooks');
    expect(warnings(r.services)).toEqual([]);
    expect(intentCount(r.services)).toBe(0);
    expect(await checkConsistency(r.services.db, r.secrets)).toEqual(CONSISTENT);
    // A removed registration's row is not missing a secret.
    expect(await r.services.reconciliation.run()).toMatchObject({ missing: [], mismatched: [] });
  });

  it('a keychain that keeps nothing: the save fails as locked and nothing points at a missing item', async () => {
    const { rig: r, scripted } = await startScriptedRig();
    scripted.arm({ 'set:new': 'nothing', 'get:new': 'nothing' }, []);
    await expect(saveFreshBooks(r, NEW)).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      health: 'locked',
      message: 'The keychain did not return what was written',
    });
    expect(r.services.integrations.get('freshbooks').configured).toBe(false);
    scripted.arm({}, []);
    await r.services.reconciliation.run();
    expect(await checkConsistency(r.services.db, r.secrets)).toEqual(CONSISTENT);
  });

  it('a write the keychain refuses fails with the keychain error, not as locked', async () => {
    const { rig: r, scripted } = await startScriptedRig();
    scripted.arm({ 'set:new': 'error', 'get:new': 'nothing' }, []);
    await expect(saveFreshBooks(r, NEW)).rejects.toMatchObject({ code: 'KEYCHAIN_ERROR' });
    expect(r.services.integrations.get('freshbooks').configured).toBe(false);
  });

  it('a registration written but not read back is deleted at once: no item, no work for start-up', async () => {
    const { rig: r, scripted } = await startScriptedRig();
    await saveFreshBooks(r, OLD);
    const old = await r.secrets.accounts();
    scripted.arm({ 'get:new': 'error' }, old);
    await expect(saveFreshBooks(r, NEW)).rejects.toMatchObject({ code: 'KEYCHAIN_ERROR' });
    expect(await newItems(r, old)).toEqual([]);
    expect(intentCount(r.services)).toBe(0);
    expect(await registration(r.services)).toEqual(OLD);
  });

  it('a registration written, not read back, and not deletable is left for start-up to delete', async () => {
    const { rig: r, scripted } = await startScriptedRig();
    scripted.arm({ 'get:new': 'error', 'delete:new': 'error' }, []);
    await expect(saveFreshBooks(r, NEW)).rejects.toMatchObject({ code: 'KEYCHAIN_ERROR' });
    expect(await newItems(r, [])).toHaveLength(1);
    const next = r.nextStart();
    expect(await next.reconciliation.run()).toMatchObject({ rolledBack: 1, orphans: [] });
    expect(await checkConsistency(next.db, r.secrets)).toEqual(CONSISTENT);
    next.close();
  });

  it('a rotated token written but not read back is kept, and rolled forward at the next start', async () => {
    const { rig: r, scripted } = await startScriptedRig();
    const id = await r.link('sage');
    const old = await r.secrets.accounts();
    scripted.arm({ 'get:new': 'error' }, old);
    await expect(r.services.connections.refresh(id)).rejects.toMatchObject({ code: 'KEYCHAIN_ERROR' });
    expect(await newItems(r, old)).toHaveLength(1);
    scripted.arm({}, []);
    const next = r.nextStart();
    expect((await next.reconciliation.run())?.rolledForward).toBe(1);
    await next.connections.refresh(id);
    expect(next.connections.get(id).status).toBe('linked');
    next.close();
  });

  it('SQLite refusing the commit of a rotated token: the token is kept and rolled forward at the next start', async () => {
    const { rig: r } = await startRig();
    const id = await r.link('sage');
    const old = await r.secrets.accounts();
    refuse(r.services, 'no_commit', 'BEFORE UPDATE OF secret_ref ON connections');
    await expect(r.services.connections.refresh(id)).rejects.toThrow(/disk I\/O error/);
    expect(await newItems(r, old)).toHaveLength(1);
    const next = r.nextStart();
    expect((await next.reconciliation.run())?.rolledForward).toBe(1);
    expect(await checkConsistency(next.db, r.secrets)).toEqual(CONSISTENT);
    await next.connections.refresh(id);
    expect(next.connections.get(id).status).toBe('linked');
    next.close();
  });

  it('SQLite refusing the commit of a registration: its new item is deleted at once', async () => {
    const { rig: r } = await startRig();
    await saveFreshBooks(r, OLD);
    const old = await r.secrets.accounts();
    refuse(r.services, 'no_commit', 'BEFORE UPDATE OF secret_ref ON integrations');
    await expect(saveFreshBooks(r, NEW)).rejects.toThrow(/disk I\/O error/);
    expect(await newItems(r, old)).toEqual([]);
    expect(intentCount(r.services)).toBe(0);
    expect(await registration(r.services)).toEqual(OLD);
  });

  it('a rotated token for a company disconnected meanwhile is deleted at once, not kept for start-up', async () => {
    const { rig: r, crashing } = await startRig();
    const id = await r.link('sage');
    const old = await r.secrets.accounts();
    crashing.pause({ method: 'get', item: 'new', when: 'before' }, old);
    const refreshing = r.services.connections.refresh(id);
    await crashing.reached;
    await r.services.connections.disconnect(id, false);
    crashing.release();
    await expect(refreshing).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Nothing to attach the secret to',
    });
    expect(await newItems(r, old)).toEqual([]);
    expect(intentCount(r.services)).toBe(0);
    expect(await checkConsistency(r.services.db, r.secrets)).toEqual(CONSISTENT);
  });

  it('a replaced item the keychain will not delete: the save stands, the item is deleted at the next start', async () => {
    const { rig: r, scripted } = await startScriptedRig();
    await saveFreshBooks(r, OLD);
    scripted.arm({ 'delete:old': 'error' }, await r.secrets.accounts());
    await saveFreshBooks(r, NEW);
    expect(await registration(r.services)).toEqual(NEW);
    expect(warnings(r.services)).toEqual([
      expect.stringMatching(/^WARN Keychain item left for start-up to delete .*KEYCHAIN_ERROR/),
    ]);
    const next = r.nextStart();
    expect(await next.reconciliation.run()).toMatchObject({ deletesFinished: 1 });
    expect(await checkConsistency(next.db, r.secrets)).toEqual(CONSISTENT);
    next.close();
  });

  it('a delete intent SQLite will not drop: the save stands, start-up drops it', async () => {
    const { rig: r } = await startRig();
    await saveFreshBooks(r, OLD);
    refuse(r.services, 'keep_intents', "BEFORE DELETE ON secret_intents WHEN OLD.action = 'delete'");
    await saveFreshBooks(r, NEW);
    expect(await registration(r.services)).toEqual(NEW);
    expect(warnings(r.services)).toEqual([
      expect.stringMatching(/^WARN Delete intent left for start-up .*disk I\/O error/),
    ]);
    const next = r.nextStart();
    expect(await next.reconciliation.run()).toMatchObject({ deletesFinished: 1 });
    expect(await checkConsistency(next.db, r.secrets)).toEqual(CONSISTENT);
    next.close();
  });

  it('a write intent SQLite will not close: the keychain error is what the person sees', async () => {
    const { rig: r, scripted } = await startScriptedRig();
    const id = await r.link('sage');
    scripted.arm({ 'get:new': 'error' }, await r.secrets.accounts());
    refuse(r.services, 'keep_intents', 'BEFORE DELETE ON secret_intents');
    await expect(saveFreshBooks(r, NEW)).rejects.toMatchObject({ code: 'KEYCHAIN_ERROR' });
    refuse(r.services, 'keep_owner', 'BEFORE UPDATE ON secret_intents');
    await expect(r.services.connections.refresh(id)).rejects.toMatchObject({ code: 'KEYCHAIN_ERROR' });
    expect(warnings(r.services)).toEqual([
      expect.stringMatching(/^WARN Write intent left for start-up .*disk I\/O error/),
      expect.stringMatching(/^WARN Write intent left for start-up .*disk I\/O error/),
    ]);
  });
});
