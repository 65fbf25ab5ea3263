import { open } from 'node:fs/promises';

import Papa from 'papaparse';

import type { Review, ReviewRow } from '@shared/ipc/schemas';
import type { AuditLog } from '../audit';
import type { Clock } from '../clock';

/**
 * Cells a spreadsheet would run as a formula (OWASP CSV injection; ASVS 1.2.10):
 * papaparse prefixes them with a single quote.
 */
// eslint-disable-next-line no-control-regex -- tab, CR, LF and NUL are among the triggers
const FORMULA_TRIGGER = /^[=+\-@\t\r\n\u0000]/;

const COLUMNS: readonly (keyof ReviewRow)[] = [
  'kind',
  'platform',
  'label',
  'region',
  'credentialKind',
  'status',
  'problems',
  'secretSetAt',
  'tokenExpiresAt',
  'refreshExpiresAt',
  'lastVerifiedAt',
  'lastError',
  'scopes',
  'fingerprints',
];

/** The review as CSV: every field quoted, formula triggers neutralised, fingerprints only. */
export function reviewToCsv(review: Review): string {
  const data = review.rows.map((row) =>
    COLUMNS.map((column) => {
      const value = row[column];
      return Array.isArray(value) ? value.join(' ') : (value ?? '');
    }),
  );
  return Papa.unparse(
    { fields: [...COLUMNS], data },
    { quotes: true, escapeFormulae: FORMULA_TRIGGER, newline: '\r\n' },
  );
}

export function reviewToJson(review: Review): string {
  return `${JSON.stringify({ generatedAt: review.generatedAt, summary: review.summary, rows: review.rows }, null, 2)}\n`;
}

export type ExportFormat = 'csv' | 'json';

/** Asks where to save (main shows the OS dialog; the renderer never names a path). Null when cancelled. */
export type ChooseSavePath = (suggestedName: string, format: ExportFormat) => Promise<string | null>;

/**
 * Writes the file readable by its owner only, also when saving over an existing file: the mode
 * given to open() applies only to a file it creates, so the mode is set before anything is written.
 */
async function writeOwnerOnly(path: string, body: string): Promise<void> {
  const file = await open(path, 'w', 0o600);
  try {
    await file.chmod(0o600);
    await file.writeFile(body);
  } finally {
    await file.close();
  }
}

export async function exportReview(
  review: Review,
  format: ExportFormat,
  deps: { chooseSavePath: ChooseSavePath; audit: AuditLog; clock: Clock },
): Promise<{ saved: boolean }> {
  const suggested = `integration-desk-review-${deps.clock().toISOString().slice(0, 10)}.${format}`;
  const path = await deps.chooseSavePath(suggested, format);
  if (!path) return { saved: false };
  const body = format === 'csv' ? reviewToCsv(review) : reviewToJson(review);
  await writeOwnerOnly(path, body);
  deps.audit.record({
    action: 'review.export',
    target: format,
    outcome: 'success',
    detail: { rows: review.rows.length },
  });
  return { saved: true };
}
