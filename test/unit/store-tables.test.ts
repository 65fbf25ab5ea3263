import { join } from 'node:path';

import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import {
  ConnectionsTable,
  ownerCountKey,
  SECRET_MISSING,
  type ConnectionColumns,
} from '../../src/main/services/store/connections-table';
import { openAppDatabase } from '../../src/main/services/store/database';
import { IntegrationsTable } from '../../src/main/services/store/integrations-table';
import { SecretIntentsTable } from '../../src/main/services/store/secret-intents-table';
import { tempDir } from './support/temp';

// The three tables that tie SQLite rows to keychain items, on a real database file: what the
// review counts, which row a re-link finds, which keychain item a row points at, and which
// half-done keychain change start-up must finish. Each query is checked against rows it must skip.

function openTables(): {
  db: Database.Database;
  connections: ConnectionsTable;
  integrations: IntegrationsTable;
} {
  const { db } = openAppDatabase(join(tempDir(), 'app.sqlite'));
  for (const platform of ['sage', 'zohobooks', 'freshbooks', 'clearbooks'])
    db.prepare('INSERT INTO integrations (platform) VALUES (?)').run(platform);
  return { db, connections: new ConnectionsTable(db), integrations: new IntegrationsTable(db) };
}

let counter = 0;
/** A whole connection row as a link writes it, pointing at a keychain account of its own. */
function link(
  table: ConnectionsTable,
  overrides: ConnectionColumns & { id?: string; account?: string; fingerprint?: string } = {},
): string {
  counter += 1;
  const {
    id = `c${counter}`,
    account = `connection-${counter}`,
    fingerprint = `fp-${counter}`,
    ...columns
  } = overrides;
  const result = table.commitSecret(id, account, fingerprint, {
    platform: 'sage',
    kind: 'oauth',
    label: `Company ${counter}`,
    status: 'linked',
    created_at: `2026-01-01T00:00:${String(counter % 60).padStart(2, '0')}.000Z`,
    ...columns,
  });
  expect(result).toEqual({ applied: true, replaced: null });
  return id;
}

describe('connections table', () => {
  it('lists connections oldest first, for one platform or all', () => {
    const { db, connections } = openTables();
    const late = link(connections, { platform: 'sage', created_at: '2026-03-01T00:00:00.000Z' });
    const early = link(connections, { platform: 'sage', created_at: '2026-01-01T00:00:00.000Z' });
    const other = link(connections, { platform: 'freshbooks', created_at: '2026-02-01T00:00:00.000Z' });
    expect(connections.list('sage').map((r) => r.id)).toEqual([early, late]);
    expect(connections.list().map((r) => r.id)).toEqual([early, other, late]);
    expect(
      connections
        .all()
        .map((r) => r.id)
        .sort(),
    ).toEqual([early, late, other].sort());
    expect(connections.get(other)?.platform).toBe('freshbooks');
    expect(connections.get('nope')).toBeUndefined();
    db.close();
  });

  it('finds the company already linked on a platform, never one being deleted or on another platform', () => {
    const { db, connections } = openTables();
    link(connections, { platform: 'zohobooks', external_id: 'org-1' });
    const deleting = link(connections, { platform: 'sage', external_id: 'org-1', status: 'deleting' });
    expect(connections.findLinked('sage', 'org-1')).toBeUndefined();
    const live = link(connections, { platform: 'sage', external_id: 'org-1' });
    expect(connections.findLinked('sage', 'org-1')?.id).toBe(live);
    expect(connections.findLinked('sage', 'org-2')).toBeUndefined();
    expect(deleting).not.toBe(live);
    db.close();
  });

  it('finds the same API key linked before by its fingerprint: the oldest live one, on that platform only', () => {
    const { db, connections } = openTables();
    link(connections, { platform: 'freshbooks', fingerprint: 'same', kind: 'apiKey' });
    link(connections, {
      platform: 'clearbooks',
      fingerprint: 'same',
      kind: 'apiKey',
      status: 'deleting',
      created_at: '2025-01-01T00:00:00.000Z',
    });
    expect(connections.findByFingerprint('clearbooks', 'same')).toBeUndefined();
    const newer = link(connections, {
      platform: 'clearbooks',
      fingerprint: 'same',
      kind: 'apiKey',
      created_at: '2026-05-01T00:00:00.000Z',
    });
    const older = link(connections, {
      platform: 'clearbooks',
      fingerprint: 'same',
      kind: 'apiKey',
      created_at: '2026-04-01T00:00:00.000Z',
    });
    expect(connections.findByFingerprint('clearbooks', 'same')?.id).toBe(older);
    expect(newer).not.toBe(older);
    expect(connections.findByFingerprint('clearbooks', 'other')).toBeUndefined();
    db.close();
  });

  it('a company linked again with the same key takes its new name and is linked and verified again', () => {
    const { db, connections } = openTables();
    const id = link(connections, { status: 'needsReauth', last_error: 'INVALID_GRANT' });
    const bystander = link(connections, { label: 'Unchanged' });
    connections.renameAndVerify(id, 'Acme Renamed', '2026-06-01T00:00:00.000Z');
    expect(connections.get(id)).toMatchObject({
      label: 'Acme Renamed',
      last_verified_at: '2026-06-01T00:00:00.000Z',
      last_error: null,
      status: 'linked',
    });
    expect(connections.get(bystander)).toMatchObject({ label: 'Unchanged', last_verified_at: null });
    db.close();
  });

  it('counts live OAuth links per provider user, leaving out API keys, deletions, other users and platforms', () => {
    const { db, connections } = openTables();
    link(connections, { platform: 'zohobooks', owner_key: 'u1' });
    link(connections, { platform: 'zohobooks', owner_key: 'u1' });
    link(connections, { platform: 'zohobooks', owner_key: 'u1', status: 'deleting' });
    link(connections, { platform: 'zohobooks', owner_key: 'u2' });
    link(connections, { platform: 'zohobooks', owner_key: null });
    link(connections, { platform: 'sage', owner_key: 'u1' });
    link(connections, { platform: 'clearbooks', kind: 'apiKey', owner_key: 'u1' });
    link(connections, { platform: 'clearbooks', kind: 'apiKey', owner_key: null });

    expect(connections.countLiveOAuth('zohobooks', 'u1')).toBe(2);
    expect(connections.countLiveOAuth('zohobooks', 'u2')).toBe(1);
    expect(connections.countLiveOAuth('zohobooks', null)).toBe(1);
    expect(connections.countLiveOAuth('zohobooks', 'u3')).toBe(0);
    expect(connections.countLiveOAuth('clearbooks', null)).toBe(0);

    // Platform and owner are kept apart by a character neither can contain.
    expect(ownerCountKey('sage', 'u1')).toBe('sage\u0000u1');
    expect(ownerCountKey('sage', null)).toBe('sage\u0000');
    db.close();
  });

  it('gives the review every live connection, column by column, with its provider user', () => {
    const { db, connections } = openTables();
    link(connections, { status: 'deleting' });
    const id = link(connections, {
      platform: 'zohobooks',
      kind: 'oauth',
      label: 'Acme',
      region: 'eu',
      status: 'needsReauth',
      scopes_json: '["ZohoBooks.fullaccess.all"]',
      token_expires_at: '2026-01-02T00:00:00.000Z',
      refresh_expires_at: '2027-01-01T00:00:00.000Z',
      last_verified_at: '2026-01-03T00:00:00.000Z',
      last_error: 'INVALID_GRANT',
      secret_had_whitespace: 1,
      created_at: '2026-01-01T00:00:00.000Z',
      secret_set_at: '2026-01-01T12:00:00.000Z',
      owner_key: 'u9',
      fingerprint: 'hmac-sha256:abcd',
    });
    const tuples = connections.reviewTuples();
    expect(tuples).toEqual([
      [
        id,
        'zohobooks',
        'oauth',
        'Acme',
        'eu',
        'needsReauth',
        '["ZohoBooks.fullaccess.all"]',
        '2026-01-02T00:00:00.000Z',
        '2027-01-01T00:00:00.000Z',
        '2026-01-03T00:00:00.000Z',
        'INVALID_GRANT',
        'hmac-sha256:abcd',
        1,
        '2026-01-01T00:00:00.000Z',
        '2026-01-01T12:00:00.000Z',
        'u9',
      ],
    ]);
    // Asked again (the prepared query is kept), it sees rows added since.
    link(connections);
    expect(connections.reviewTuples()).toHaveLength(2);
    db.close();
  });

  it('points a connection at a new secret version and says which keychain item it replaced', () => {
    const { db, connections } = openTables();
    const id = link(connections, { account: 'connection-old', fingerprint: 'fp-old' });
    expect(connections.commitSecret(id, 'connection-new', 'fp-new', { token_expires_at: 'later' })).toEqual({
      applied: true,
      replaced: 'connection-old',
    });
    expect(connections.get(id)).toMatchObject({
      secret_ref: 'connection-new',
      secret_fingerprint: 'fp-new',
      token_expires_at: 'later',
      label: expect.stringMatching(/^Company/),
    });
    // The same version committed again (a roll-forward after a crash) replaces nothing.
    expect(connections.commitSecret(id, 'connection-new', 'fp-new', {})).toEqual({
      applied: true,
      replaced: null,
    });
    db.close();
  });

  it('never creates a half row for a connection that is gone, and refuses a column name that is not one', () => {
    const { db, connections } = openTables();
    for (const missing of ['platform', 'kind', 'label', 'status', 'created_at'] as const) {
      const columns: ConnectionColumns = {
        platform: 'sage',
        kind: 'oauth',
        label: 'Acme',
        status: 'linked',
        created_at: '2026-01-01T00:00:00.000Z',
      };
      delete columns[missing];
      expect(connections.commitSecret('gone', 'connection-x', 'fp', columns)).toEqual({
        applied: false,
        replaced: null,
      });
    }
    expect(connections.all()).toEqual([]);
    const id = link(connections);
    const hostile = { 'label = NULL, secret_ref': 'x' } as unknown as ConnectionColumns;
    expect(() => connections.commitSecret(id, 'connection-y', 'fp', hostile)).toThrow('Invalid column name');
    expect(() =>
      connections.commitSecret('fresh', 'connection-z', 'fp', {
        ...hostile,
        platform: 'sage',
        kind: 'oauth',
        label: 'A',
        status: 'linked',
        created_at: 'now',
      }),
    ).toThrow('Invalid column name');
    expect(connections.get('fresh')).toBeUndefined();
    expect(connections.get(id)?.secret_ref).not.toBe('connection-y');
    db.close();
  });

  it('deletes a row and hands back the keychain item it pointed at', () => {
    const { db, connections } = openTables();
    const id = link(connections, { account: 'connection-gone' });
    const kept = link(connections);
    expect(connections.delete(id)).toBe('connection-gone');
    expect(connections.get(id)).toBeUndefined();
    expect(connections.get(kept)).toBeDefined();
    expect(connections.delete(id)).toBeNull();
    db.close();
  });

  it('a missing secret makes the connection need re-auth; its return clears only that mark', () => {
    const { db, connections } = openTables();
    const id = link(connections);
    const other = link(connections);
    connections.markSecretMissing(id);
    expect(connections.get(id)).toMatchObject({ status: 'needsReauth', last_error: SECRET_MISSING });
    expect(connections.get(other)).toMatchObject({ status: 'linked', last_error: null });
    connections.clearSecretMissing(id);
    expect(connections.get(id)).toMatchObject({ status: 'linked', last_error: null });

    // Needing re-auth for another reason (the provider revoked the grant) is not cleared.
    connections.setStatus(other, 'needsReauth');
    connections.recordError(other, 'INVALID_GRANT');
    connections.clearSecretMissing(other);
    expect(connections.get(other)).toMatchObject({ status: 'needsReauth', last_error: 'INVALID_GRANT' });
    // Nor is a connection being deleted brought back to life.
    connections.markSecretMissing(id);
    connections.setStatus(id, 'deleting');
    connections.clearSecretMissing(id);
    expect(connections.get(id)).toMatchObject({ status: 'deleting', last_error: SECRET_MISSING });
    db.close();
  });

  it('records fingerprints, verifications, errors and refreshes on that connection alone', () => {
    const { db, connections } = openTables();
    const id = link(connections, { token_expires_at: 'old' });
    const other = link(connections, { token_expires_at: 'old' });
    connections.setFingerprint(id, 'fp-real');
    connections.recordError(id, 'NETWORK');
    expect(connections.get(id)).toMatchObject({ secret_fingerprint: 'fp-real', last_error: 'NETWORK' });
    connections.recordVerified(id, '2026-07-01T00:00:00.000Z');
    expect(connections.get(id)).toMatchObject({
      last_verified_at: '2026-07-01T00:00:00.000Z',
      last_error: null,
    });
    connections.recordError(id, 'RATE_LIMITED');
    connections.recordRefreshed(id, '2026-07-01T01:00:00.000Z');
    expect(connections.get(id)).toMatchObject({
      token_expires_at: '2026-07-01T01:00:00.000Z',
      last_error: null,
    });
    expect(connections.get(other)).toMatchObject({
      secret_fingerprint: expect.stringMatching(/^fp-/),
      last_error: null,
      last_verified_at: null,
      token_expires_at: 'old',
    });
    db.close();
  });

  it('a platform-wide re-auth marks only that platform’s linked connections and says how many', () => {
    const { db, connections } = openTables();
    const a = link(connections, { platform: 'sage' });
    const b = link(connections, { platform: 'sage' });
    const deleting = link(connections, { platform: 'sage', status: 'deleting' });
    const elsewhere = link(connections, { platform: 'freshbooks' });
    expect(connections.markPlatformNeedsReauth('sage', 'CLIENT_SECRET_CHANGED')).toBe(2);
    for (const id of [a, b])
      expect(connections.get(id)).toMatchObject({
        status: 'needsReauth',
        last_error: 'CLIENT_SECRET_CHANGED',
      });
    expect(connections.get(deleting)).toMatchObject({ status: 'deleting', last_error: null });
    expect(connections.get(elsewhere)).toMatchObject({ status: 'linked', last_error: null });
    expect(connections.markPlatformNeedsReauth('sage', 'AGAIN')).toBe(0);
    db.close();
  });
});

describe('integrations table', () => {
  const write = (over: Partial<Parameters<IntegrationsTable['saveRegistration']>[0]> = {}) => ({
    platform: 'zohobooks' as const,
    clientId: '1000.ABC',
    options: { dataCenter: 'eu' },
    account: 'integration-1',
    fingerprints: { clientSecret: 'fp-1' },
    secretsReplaced: true,
    now: '2026-01-01T00:00:00.000Z',
    ...over,
  });

  it('saves a first registration disabled, with its client ID, options, fingerprints and times', () => {
    const { db } = openAppDatabase(join(tempDir(), 'app.sqlite'));
    const integrations = new IntegrationsTable(db);
    expect(integrations.saveRegistration(write())).toBeNull();
    expect(integrations.get('zohobooks')).toEqual({
      platform: 'zohobooks',
      enabled: 0,
      client_id: '1000.ABC',
      options_json: '{"dataCenter":"eu"}',
      secret_ref: 'integration-1',
      secret_fingerprints_json: '{"clientSecret":"fp-1"}',
      configured_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
      secret_set_at: '2026-01-01T00:00:00.000Z',
      secret_problem: null,
    });
    expect(integrations.all().map((r) => r.platform)).toEqual(['zohobooks']);
    db.close();
  });

  it('a re-save keeps when it was first set up, moves the secret date only when the secret changed, and clears a problem', () => {
    const { db, integrations } = openTables();
    integrations.saveRegistration(write());
    integrations.setEnabled('zohobooks', true, '2026-01-02T00:00:00.000Z');
    integrations.setSecretProblem('zohobooks', 'mismatch');
    expect(integrations.get('zohobooks')?.secret_problem).toBe('mismatch');

    // Only the options change: same secret item, same secret date.
    expect(
      integrations.saveRegistration(
        write({ options: { dataCenter: 'com' }, secretsReplaced: false, now: '2026-02-01T00:00:00.000Z' }),
      ),
    ).toBeNull();
    expect(integrations.get('zohobooks')).toMatchObject({
      enabled: 1,
      options_json: '{"dataCenter":"com"}',
      configured_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-02-01T00:00:00.000Z',
      secret_set_at: '2026-01-01T00:00:00.000Z',
      secret_problem: null,
    });

    // A new client secret: a new item, whose predecessor is handed back to be deleted.
    expect(
      integrations.saveRegistration(
        write({
          account: 'integration-2',
          fingerprints: { clientSecret: 'fp-2' },
          now: '2026-03-01T00:00:00.000Z',
        }),
      ),
    ).toBe('integration-1');
    expect(integrations.get('zohobooks')).toMatchObject({
      secret_ref: 'integration-2',
      secret_fingerprints_json: '{"clientSecret":"fp-2"}',
      configured_at: '2026-01-01T00:00:00.000Z',
      secret_set_at: '2026-03-01T00:00:00.000Z',
    });
    db.close();
  });

  it('a registration saved over a bare row (Clear Books) gets its set-up and secret dates', () => {
    const { db, integrations } = openTables();
    integrations.saveRegistration(write({ platform: 'clearbooks', secretsReplaced: false }));
    expect(integrations.get('clearbooks')).toMatchObject({
      configured_at: '2026-01-01T00:00:00.000Z',
      secret_set_at: '2026-01-01T00:00:00.000Z',
    });
    db.close();
  });

  it('ensuring a row never resets a registration; enabling creates or updates one', () => {
    const { db } = openAppDatabase(join(tempDir(), 'app.sqlite'));
    const integrations = new IntegrationsTable(db);
    integrations.ensureRow('clearbooks');
    expect(integrations.get('clearbooks')).toMatchObject({ enabled: 0, client_id: null, secret_ref: null });
    integrations.saveRegistration(write());
    integrations.ensureRow('zohobooks');
    expect(integrations.get('zohobooks')?.secret_ref).toBe('integration-1');

    integrations.setEnabled('sage', true, '2026-04-01T00:00:00.000Z');
    expect(integrations.get('sage')).toMatchObject({ enabled: 1, updated_at: '2026-04-01T00:00:00.000Z' });
    integrations.setEnabled('sage', false, '2026-04-02T00:00:00.000Z');
    expect(integrations.get('sage')).toMatchObject({ enabled: 0, updated_at: '2026-04-02T00:00:00.000Z' });
    db.close();
  });

  it('clearing a registration returns it to "not set up" and hands back its keychain item', () => {
    const { db, integrations } = openTables();
    integrations.saveRegistration(write());
    integrations.saveRegistration(write({ platform: 'sage', account: 'integration-sage' }));
    integrations.setEnabled('zohobooks', true, '2026-01-02T00:00:00.000Z');
    integrations.setSecretProblem('zohobooks', 'missing');
    expect(integrations.clearRegistration('zohobooks', '2026-05-01T00:00:00.000Z')).toBe('integration-1');
    expect(integrations.get('zohobooks')).toEqual({
      platform: 'zohobooks',
      enabled: 0,
      client_id: null,
      options_json: '{}',
      secret_ref: null,
      secret_fingerprints_json: '{}',
      configured_at: null,
      updated_at: '2026-05-01T00:00:00.000Z',
      secret_set_at: null,
      secret_problem: null,
    });
    expect(integrations.get('sage')?.secret_ref).toBe('integration-sage');
    expect(integrations.clearRegistration('zohobooks', '2026-05-02T00:00:00.000Z')).toBeNull();
    // A platform that never had a row (nothing set up): nothing to clear, and no failure.
    const { db: fresh } = openAppDatabase(join(tempDir(), 'fresh.sqlite'));
    expect(
      new IntegrationsTable(fresh).clearRegistration('freshbooks', '2026-05-03T00:00:00.000Z'),
    ).toBeNull();
    fresh.close();
    db.close();
  });

  it('a transaction that fails leaves no write of it behind', () => {
    const { db, integrations } = openTables();
    expect(() =>
      integrations.transaction(() => {
        integrations.saveRegistration(write());
        throw new Error('audit row failed');
      }),
    ).toThrow('audit row failed');
    expect(integrations.get('zohobooks')?.secret_ref).toBeNull();
    expect(integrations.transaction(() => integrations.saveRegistration(write()))).toBeNull();
    expect(integrations.get('zohobooks')?.secret_ref).toBe('integration-1');
    db.close();
  });
});

describe('keychain change intents', () => {
  const owner = { kind: 'connection' as const, id: 'c1' };

  it('records a write with what a roll-forward needs, owned by the running process', () => {
    const { db } = openTables();
    const mine = new SecretIntentsTable(db, 'boot-a');
    mine.addWrite(
      {
        account: 'connection-new',
        owner,
        recovery: 'rollForward',
        fingerprint: 'fp-new',
        row: { token_expires_at: 'later' },
      },
      '2026-01-01T00:00:00.000Z',
    );
    expect(mine.all()).toEqual([
      {
        account: 'connection-new',
        action: 'write',
        owner_kind: 'connection',
        owner_id: 'c1',
        recovery: 'rollForward',
        fingerprint: 'fp-new',
        row_json: '{"token_expires_at":"later"}',
        boot_id: 'boot-a',
        created_at: '2026-01-01T00:00:00.000Z',
      },
    ]);
    expect([...mine.ownedAccounts()]).toEqual(['connection-new']);
    expect(mine.unowned()).toEqual([]);
    db.close();
  });

  it('a delete replaces a write intent for the same item, dropping what would have committed it', () => {
    const { db } = openTables();
    const earlier = new SecretIntentsTable(db, 'boot-a');
    earlier.addWrite(
      { account: 'connection-x', owner, recovery: 'rollForward', fingerprint: 'fp', row: { a: 1 } },
      '2026-01-01T00:00:00.000Z',
    );
    const now = new SecretIntentsTable(db, 'boot-b');
    now.addDelete('connection-x', owner, '2026-01-02T00:00:00.000Z');
    now.addDelete('integration-y', { kind: 'integration', id: 'sage' }, '2026-01-03T00:00:00.000Z');
    expect(now.all()).toEqual([
      expect.objectContaining({
        account: 'connection-x',
        action: 'delete',
        row_json: '{}',
        fingerprint: null,
        boot_id: 'boot-b',
      }),
      {
        account: 'integration-y',
        action: 'delete',
        owner_kind: 'integration',
        owner_id: 'sage',
        recovery: 'rollBack',
        fingerprint: null,
        row_json: '{}',
        boot_id: 'boot-b',
        created_at: '2026-01-03T00:00:00.000Z',
      },
    ]);
    db.close();
  });

  it('start-up resolves the intents no running operation owns, oldest first; released ones included', () => {
    const { db } = openTables();
    const crashed = new SecretIntentsTable(db, 'boot-old');
    crashed.addDelete('connection-late', owner, '2026-01-03T00:00:00.000Z');
    crashed.addDelete('connection-early', owner, '2026-01-01T00:00:00.000Z');
    const running = new SecretIntentsTable(db, 'boot-now');
    running.addDelete('connection-busy', owner, '2026-01-02T00:00:00.000Z');
    running.addDelete('connection-failed', owner, '2026-01-04T00:00:00.000Z');
    running.release('connection-failed');

    expect(running.unowned().map((i) => i.account)).toEqual([
      'connection-early',
      'connection-late',
      'connection-failed',
    ]);
    expect([...running.ownedAccounts()]).toEqual(['connection-busy']);
    expect(running.all().find((i) => i.account === 'connection-busy')?.boot_id).toBe('boot-now');

    running.remove('connection-early');
    expect(
      running
        .all()
        .map((i) => i.account)
        .sort(),
    ).toEqual(['connection-busy', 'connection-failed', 'connection-late']);
    db.close();
  });
});
