/**
 * The offline review saved to a file: who can read the file, what a spreadsheet shows in each
 * cell, the name the save dialog suggests, and the audit entry.
 */
import { chmodSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';

import { exportReview, type ExportFormat } from '../../src/main/services/review/export';
import type { Review, ReviewRow } from '../../src/shared/ipc/schemas';
import { reviewRow } from './support/review-row';
import { tempDir, testServices } from './support/temp';

const NOW = new Date('2026-12-03T23:59:59.000Z');

const row = reviewRow;

const review = (rows: ReviewRow[]): Review => ({
  generatedAt: NOW.toISOString(),
  keychain: 'healthy',
  rows,
  summary: {} as Review['summary'],
});

/** Exports with real services (SQLite audit trail); the save dialog answers `path`. */
function exporter(path: string | null) {
  const services = testServices();
  const suggested: Array<[string, ExportFormat]> = [];
  const run = (data: Review, format: ExportFormat) =>
    exportReview(data, format, {
      chooseSavePath: async (name, chosenFormat) => (suggested.push([name, chosenFormat]), path),
      audit: services.audit,
      clock: () => NOW,
    });
  return { run, suggested, audit: () => services.audit.recent(10) };
}

const permissions = (path: string) => statSync(path).mode & 0o777;
// Windows keeps no POSIX mode (a file's access is its folder's ACL; Node reports 0o666 or 0o444).
const posix = process.platform !== 'win32';

describe('the exported review file', () => {
  it.runIf(posix).each(['csv', 'json'] as const)(
    'is readable and writable by the owner only (%s)',
    async (format) => {
      const path = join(tempDir(), `review.${format}`);
      expect(await exporter(path).run(review([row()]), format)).toEqual({ saved: true });
      expect(permissions(path)).toBe(0o600);
    },
  );

  it('saved over an existing file that others could read: owner only, and nothing of the old content left', async () => {
    const path = join(tempDir(), 'review.csv');
    writeFileSync(path, 'old content that is much longer than the new export\n'.repeat(200));
    chmodSync(path, 0o644);
    expect(await exporter(path).run(review([row()]), 'csv')).toEqual({ saved: true });
    if (posix) expect(permissions(path)).toBe(0o600);
    const written = readFileSync(path, 'utf8');
    expect(written).not.toContain('old content');
    expect(Papa.parse(written, { header: true, skipEmptyLines: true }).data).toHaveLength(1);
  });

  // Linux shows a process's open files under /proc; on Windows an open file cannot be moved or deleted.
  it.runIf(process.platform === 'linux')('is closed once saved', async () => {
    const path = join(tempDir(), 'review.json');
    await exporter(path).run(review([row()]), 'json');
    const openFiles = readdirSync('/proc/self/fd').map((fd) => {
      try {
        return readlinkSync(join('/proc/self/fd', fd));
      } catch {
        return '';
      }
    });
    expect(openFiles).not.toContain(path);
  });

  it('as JSON: when it was made, the summary and every row, as the review showed them', async () => {
    const path = join(tempDir(), 'review.json');
    const data: Review = {
      ...review([row(), row({ id: 'conn-2', label: 'Beta Inc', scopes: ['full_access'] })]),
      summary: { neverVerified: 2, refreshTokenExpiring: 1 } as Review['summary'],
    };
    await exporter(path).run(data, 'json');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      generatedAt: data.generatedAt,
      summary: data.summary,
      rows: data.rows,
    });
  });

  it('cancelled in the save dialog: no file, no audit entry', async () => {
    const run = exporter(null);
    expect(await run.run(review([row()]), 'csv')).toEqual({ saved: false });
    expect(run.audit().filter((e) => e.action === 'review.export')).toEqual([]);
  });

  it('the save dialog suggests a dated name with the format as its extension', async () => {
    const dir = tempDir();
    const csv = exporter(join(dir, 'a.csv'));
    await csv.run(review([row()]), 'csv');
    const json = exporter(join(dir, 'a.json'));
    await json.run(review([row()]), 'json');
    expect([...csv.suggested, ...json.suggested]).toEqual([
      ['integration-desk-review-2026-12-03.csv', 'csv'],
      ['integration-desk-review-2026-12-03.json', 'json'],
    ]);
  });

  it('the audit trail records each export with its format and how many rows left the app', async () => {
    const dir = tempDir();
    const run = exporter(join(dir, 'review.csv'));
    await run.run(review([row(), row({ id: 'conn-2' }), row({ id: 'conn-3' })]), 'csv');
    expect(run.audit()).toEqual([
      expect.objectContaining({
        action: 'review.export',
        target: 'csv',
        outcome: 'success',
        detail: { rows: 3 },
      }),
    ]);
  });
});

describe('Export in the app', () => {
  it('saves the review as it stands: what is set up now, in the format asked for', async () => {
    const services = testServices();
    await services.integrations.saveConfiguration('sage', {
      clientId: 'sage-client-id',
      secrets: { clientSecret: 'sage-client-secret' },
      options: {},
    });
    const path = join(tempDir(), 'review.json');
    services.savePath.next = path;
    expect(await services.exportReview('json')).toEqual({ saved: true });
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { rows: ReviewRow[] };
    expect(saved.rows).toEqual(services.review.currentReview().rows);
    // The registration just saved is in it, with the fingerprint of its client secret.
    expect(saved.rows.find((r) => r.platform === 'sage')?.fingerprints).toHaveLength(1);
    expect(services.audit.recent(1)[0]).toMatchObject({ action: 'review.export', target: 'json' });
    expect(readFileSync(path, 'utf8')).not.toContain('sage-client-secret');
  });
});

describe('CSV cells as a spreadsheet shows them', () => {
  it('one column per fact, under the header a support person reads, each value under its own header', async () => {
    const path = join(tempDir(), 'review.csv');
    const facts = {
      kind: 'connection',
      platform: 'sage',
      label: 'Acme Ltd',
      region: 'eu',
      credentialKind: 'oauth',
      status: 'linked',
      problems: ['neverVerified'],
      secretSetAt: '2026-12-01T10:00:00.000Z',
      tokenExpiresAt: '2026-12-02T10:00:00.000Z',
      refreshExpiresAt: '2027-03-01T10:00:00.000Z',
      lastVerifiedAt: '2026-12-03T10:00:00.000Z',
      lastError: 'invalid_grant',
      scopes: ['full_access'],
      fingerprints: ['hmac-sha256:0a1b'],
    } satisfies Omit<ReviewRow, 'id'>;
    await exporter(path).run(review([row(facts)]), 'csv');
    const text = readFileSync(path, 'utf8');
    // The header row as written, column for column (the internal id is not exported).
    expect(text.split('\r\n')[0]).toBe(
      Object.keys(facts)
        .map((column) => `"${column}"`)
        .join(','),
    );
    const [cells] = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    expect(cells).toEqual(
      Object.fromEntries(
        Object.entries(facts).map(([column, value]) => [
          column,
          Array.isArray(value) ? value.join(' ') : value,
        ]),
      ),
    );
  });

  it('a list (scopes, problems, fingerprints) is one cell with every value, separated by a space', async () => {
    const path = join(tempDir(), 'review.csv');
    const scopes = ['ZohoBooks.settings.READ', 'ZohoBooks.contacts.READ'];
    const problems = ['neverVerified', 'refreshTokenExpiring'] as const;
    const fingerprints = ['hmac-sha256:0a1b 2c3d', 'hmac-sha256:4e5f 6a7b'];
    await exporter(path).run(review([row({ scopes, problems: [...problems], fingerprints })]), 'csv');
    const [cells] = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(cells!['scopes']!.split(' ')).toEqual(scopes);
    expect(cells!['problems']!.split(' ')).toEqual(problems);
    expect(cells!['fingerprints']).toBe(fingerprints.join(' '));
  });

  it('a value that is absent is an empty cell, not a word', async () => {
    const path = join(tempDir(), 'review.csv');
    await exporter(path).run(review([row({ region: null, lastError: null, tokenExpiresAt: null })]), 'csv');
    const [cells] = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    for (const column of [
      'region',
      'secretSetAt',
      'tokenExpiresAt',
      'refreshExpiresAt',
      'lastVerifiedAt',
      'lastError',
      'scopes',
      'problems',
      'fingerprints',
    ])
      expect(cells![column], column).toBe('');
    expect(cells!['label']).toBe('Acme Ltd');
  });
});
