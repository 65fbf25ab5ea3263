import { writeFile } from 'node:fs/promises';

import type { KeychainHealth, Review, Settings, StartupNotice } from '@shared/ipc/schemas';
import type { AppInfo } from '@shared/ipc/shell-schemas';
import type { AuditLog } from './audit';
import type { Clock } from './clock';
import { redact } from './log';
import type { ChooseSavePath } from './review/export';

/** Lines of the log file a diagnostics file carries. */
export const DIAGNOSTICS_LOG_LINES = 2000;

/**
 * What is known about the keychain: its measured state (the start-up probe writes, reads back and
 * deletes an item), the start-up notices, and what the offline review counts.
 */
export interface KeychainDiagnosis {
  state: KeychainHealth;
  /** The system library keytar could not load, when that is why the keychain is unavailable. */
  missingLibrary: string | null;
  startupNotices: string[];
  secretsMissing: number;
  orphanItems: number;
}

export function keychainDiagnosis(
  keychain: { state: KeychainHealth; missingLibrary: string | null },
  notices: readonly StartupNotice[],
  summary: Review['summary'],
): KeychainDiagnosis {
  return {
    state: keychain.state,
    missingLibrary: keychain.missingLibrary,
    startupNotices: notices.map((n) => n.kind),
    secretsMissing: summary.secretMissing,
    orphanItems: summary.orphanKeychainItem,
  };
}

export interface DiagnosticsSources {
  appInfo: AppInfo;
  settings: Settings;
  keychain: KeychainDiagnosis;
  /** The offline review: metadata and fingerprints only, as the review export has. */
  review: Review;
  /** The most recent log lines, already redacted when they were written. */
  log: readonly string[];
}

/**
 * One JSON document support can read: versions, settings, keychain health, the review and the
 * recent log. Nothing in it is a secret: the review carries fingerprints only and every log line
 * went through the logger's redaction (and goes through it again here).
 */
export function diagnosticsDocument(sources: DiagnosticsSources, generatedAt: Date): string {
  const document = {
    kind: 'integration-desk-diagnostics',
    formatVersion: 1,
    generatedAt: generatedAt.toISOString(),
    app: sources.appInfo,
    settings: sources.settings,
    keychain: sources.keychain,
    review: {
      generatedAt: sources.review.generatedAt,
      summary: sources.review.summary,
      rows: sources.review.rows,
    },
    log: sources.log.map((line) => String(redact(line))),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Asks where to save (the OS dialog, in main), writes the file 0600 and records it in the audit trail. */
export async function exportDiagnostics(
  collect: () => DiagnosticsSources,
  deps: { chooseSavePath: ChooseSavePath; audit: AuditLog; clock: Clock },
): Promise<{ saved: boolean }> {
  const now = deps.clock();
  const path = await deps.chooseSavePath(
    `integration-desk-diagnostics-${now.toISOString().slice(0, 10)}.json`,
    'json',
  );
  if (!path) return { saved: false };
  await writeFile(path, diagnosticsDocument(collect(), now), { encoding: 'utf8', mode: 0o600 });
  deps.audit.record({ action: 'diagnostics.export', target: 'json', outcome: 'success' });
  return { saved: true };
}
