import type { DeskApi } from '../../src/shared/ipc/api';
import { contract, type ChannelName, type ChannelParsedInput } from '../../src/shared/ipc/contract';
import { AppError, ipcError, type ErrorCode, type IpcResult } from '../../src/shared/ipc/errors';
import {
  PROBLEM_CODES,
  type AuditEventView,
  type Review,
  type ReviewRow,
  type SecretTarget,
} from '../../src/shared/ipc/schemas';
import { PLATFORM_IDS } from '../../src/shared/platforms';
import { createFakeApi, FAKE_NOW, fakeFingerprint, type FakeApiOptions } from './fake-api';

/** The review's channels, which this fake adds to fake-api's. */
const REVIEW_CHANNELS = [
  'getReview',
  'revealSecret',
  'copySecret',
  'compareSecret',
  'listAuditEvents',
  'exportReview',
  'deleteOrphanSecret',
] as const satisfies readonly ChannelName[];
type ReviewChannel = (typeof REVIEW_CHANNELS)[number];

export interface FakeReviewOptions extends FakeApiOptions {
  /** The review's rows; see reviewRow() for the defaults. */
  rows?: ReviewRow[];
  /** Stored secrets, by target (`conn-1`, `sage:clientSecret`): what reveal and copy answer, compare checks. */
  secrets?: Record<string, string>;
  /** Audit events already recorded, oldest first. */
  audit?: Array<Omit<AuditEventView, 'id'>>;
  /** What the OS save dialog does on export (true: a file was chosen and saved). */
  exportSaves?: boolean;
}

/** Main's clipboard wipe delay (services/review/review.ts CLIPBOARD_CLEAR_SECONDS). */
const CLEAR_AFTER_SECONDS = 30;

/** A connection row with main's defaults; tests override what they care about. */
export function reviewRow(fields: Partial<ReviewRow> & Pick<ReviewRow, 'id'>): ReviewRow {
  return {
    kind: 'connection',
    platform: 'sage',
    label: `Company ${fields.id}`,
    region: 'uk',
    credentialKind: 'oauth',
    status: 'linked',
    secretSetAt: '2026-10-09T09:30:00.000Z',
    tokenExpiresAt: '2026-11-20T10:30:00.000Z',
    refreshExpiresAt: '2026-12-21T09:30:00.000Z',
    lastVerifiedAt: '2026-11-19T09:30:00.000Z',
    lastError: null,
    scopes: ['full_access'],
    fingerprints: [fakeFingerprint(`secret-of-${fields.id}`)],
    problems: [],
    ...fields,
  };
}

/** `count` connection rows spread over the platforms, some with problems: for windowing and speed tests. */
export function manyReviewRows(count: number): ReviewRow[] {
  return Array.from({ length: count }, (_, i) =>
    reviewRow({
      id: `conn-many-${i}`,
      platform: PLATFORM_IDS[i % PLATFORM_IDS.length],
      label: `Company ${String(i).padStart(5, '0')}`,
      credentialKind: PLATFORM_IDS[i % PLATFORM_IDS.length] === 'clearbooks' ? 'apiKey' : 'oauth',
      problems: i % 11 === 0 ? ['neverVerified'] : [],
      lastVerifiedAt: i % 11 === 0 ? null : '2026-11-19T09:30:00.000Z',
    }),
  );
}

const describeTarget = (target: SecretTarget) =>
  target.kind === 'connection' ? target.connectionId : `${target.platform}:${target.field}`;

/**
 * fake-api's in-memory window.api plus the review's channels, behaving like main's
 * ReviewService: reveal, copy and compare read the fake's secrets and are audited;
 * the export records that it happened and never receives a path.
 */
export function createFakeReviewApi(options: FakeReviewOptions = {}) {
  const base = createFakeApi(options);
  let rows = [...(options.rows ?? [])];
  const secrets = new Map(Object.entries(options.secrets ?? {}));
  const audit: AuditEventView[] = (options.audit ?? []).map((event, i) => ({ ...event, id: i + 1 }));
  const clipboard = { text: '' };
  const failures: Partial<Record<ReviewChannel, ErrorCode>> = {};
  let exportSaves = options.exportSaves ?? true;

  function record(action: string, target: string, outcome: AuditEventView['outcome'], detail = {}) {
    audit.push({ id: audit.length + 1, at: FAKE_NOW, actor: 'support', action, target, outcome, detail });
  }

  function read(target: SecretTarget, action: string): string {
    const value = secrets.get(describeTarget(target));
    if (value === undefined) {
      record(action, describeTarget(target), 'failed', { code: 'NOT_FOUND' });
      throw new AppError('NOT_FOUND');
    }
    record(action, describeTarget(target), 'success');
    return value;
  }

  const review = (): Review => {
    const summary = Object.fromEntries(PROBLEM_CODES.map((p) => [p, 0])) as Review['summary'];
    for (const row of rows) for (const problem of row.problems) summary[problem] += 1;
    return { generatedAt: FAKE_NOW, keychain: 'healthy', rows, summary };
  };

  const handlers: { [C in ReviewChannel]: (input: ChannelParsedInput<C>) => unknown } = {
    getReview: review,
    revealSecret: ({ target }) => ({ value: read(target, 'secret.reveal') }),
    copySecret: ({ target }) => {
      clipboard.text = read(target, 'secret.copy');
      return { clearAfterSeconds: CLEAR_AFTER_SECONDS };
    },
    compareSecret: ({ target, candidate }) => {
      const stored = secrets.get(describeTarget(target));
      const matches = stored !== undefined && stored === candidate;
      record('secret.compare', describeTarget(target), 'success', { matches });
      return { matches };
    },
    listAuditEvents: ({ action, target, outcome, limit }) =>
      audit
        .filter(
          (e) =>
            (action === undefined || e.action.startsWith(action)) &&
            (target === undefined || e.target === target) &&
            (outcome === undefined || e.outcome === outcome),
        )
        .reverse()
        .slice(0, limit),
    exportReview: ({ format }) => {
      if (!exportSaves) return { saved: false };
      record('review.export', format, 'success', { rows: rows.length });
      return { saved: true };
    },
    deleteOrphanSecret: ({ account }) => {
      const id = `orphan:${account}`;
      if (!rows.some((row) => row.id === id)) throw new AppError('NOT_FOUND');
      rows = rows.filter((row) => row.id !== id);
      record('secret.deleteOrphan', account, 'success');
      return { deleted: true };
    },
  };

  async function serve(channel: ReviewChannel, input: unknown): Promise<IpcResult<unknown>> {
    base.calls.push({ channel, input });
    const failure = failures[channel];
    if (failure) return { ok: false, error: ipcError(failure) };
    const parsed = contract[channel].input.safeParse(input);
    if (!parsed.success) return { ok: false, error: ipcError('INVALID_INPUT') };
    try {
      const handler = handlers[channel] as (input: unknown) => unknown;
      return { ok: true, value: contract[channel].output.parse(handler(parsed.data)) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: ipcError(error.code) };
      throw error;
    }
  }

  const api = {
    ...base.api,
    ...Object.fromEntries(
      REVIEW_CHANNELS.map((channel) => [channel, (input?: unknown) => serve(channel, input)]),
    ),
  } as DeskApi;

  return {
    ...base,
    api,
    /** The system clipboard, as main would have left it. */
    clipboard,
    /** Every audit event, oldest first. */
    audit: (): readonly AuditEventView[] => audit,
    setExportSaves(saves: boolean) {
      exportSaves = saves;
    },
    setRows(next: ReviewRow[]) {
      rows = [...next];
    },
    /** Makes a channel answer with an error code (or, with null, work again). */
    setFailure(channel: ChannelName, code: ErrorCode | null) {
      if ((REVIEW_CHANNELS as readonly string[]).includes(channel)) {
        if (code) failures[channel as ReviewChannel] = code;
        else delete failures[channel as ReviewChannel];
      } else base.setFailure(channel, code);
    },
  };
}

export type FakeReviewApi = ReturnType<typeof createFakeReviewApi>;
