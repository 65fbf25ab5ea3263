import { memo, useCallback, useLayoutEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { ReviewRow } from '@shared/ipc/schemas';
import { shortFingerprint } from '../../format';
import { COLUMNS, platformName, platformText, type Column, type Formatters, type Sort } from './review-model';
import { SpacerRow, useWindowedRows } from './windowed-rows';

/** Every row is this tall (review.css sets the same): what makes windowing simple. */
export const ROW_PX = 40;
/** The header row's height (review.css sets the same): room for a label on two lines. */
const HEADER_PX = 52;
/** The scroll container's CSS max-height (review.css: min(70vh, 44rem)), its height until measured. */
const estimateViewportPx = () => Math.min(window.innerHeight * 0.7, 44 * 16);
/** Problems shown in a row before "+N"; all of them are in the row's details. */
const CHIPS_SHOWN = 2;

/**
 * Row texts translated once per language, not once per row: the cells repeat a few dozen labels
 * (statuses, problem names, credential kinds) over thousands of rows. `t` stays for the texts
 * with values in them (expiry, "+N"). One object per language, so memoised rows render again
 * when the language changes, and only then.
 */
interface RowLabels {
  language: string;
  once: (key: string, defaultValue?: string) => string;
  /** A text with one `{{when}}` in it: translated once, the value put in by concatenation. */
  when: (key: string, value: string) => string;
  /** A text with a `{{count}}` (plural forms): translated once per count. */
  counted: (key: string, count: number) => string;
}

/** Stands for the value while a template is translated (no translation contains it). */
const SLOT = '\u0000';

function useRowLabels(): RowLabels {
  const { t, i18n } = useTranslation('review');
  const language = i18n.language;
  return useMemo(() => {
    const cache = new Map<string, string>();
    const remember = (key: string, translate: () => string) => {
      let text = cache.get(key);
      if (text === undefined) {
        text = translate();
        cache.set(key, text);
      }
      return text;
    };
    const once = (key: string, defaultValue?: string) =>
      remember(key, () => (defaultValue === undefined ? t(key) : t(key, { defaultValue })));
    const when = (key: string, value: string) =>
      remember(`${key}${SLOT}`, () => t(key, { when: SLOT })).replace(SLOT, () => value);
    const counted = (key: string, count: number) =>
      remember(`${key}${SLOT}${count}`, () => t(key, { count }));
    return { once, when, counted, language };
  }, [t, language]);
}

const SEVERE = new Set(['refreshTokenExpired', 'needsReauth', 'secretMissing', 'verificationFailed']);

interface ReviewTableProps {
  rows: readonly ReviewRow[];
  sort: Sort | null;
  onSort: (column: Column) => void;
  onOpen: (id: string) => void;
  format: Formatters;
}

/**
 * One table of every stored credential. Virtualised (see useWindowedRows) and
 * still a real <table>: aria-rowcount and aria-rowindex tell assistive
 * technology where each rendered row sits among all of them.
 */
export function ReviewTable({ rows, sort, onSort, onOpen, format }: ReviewTableProps) {
  const { t } = useTranslation('review');
  const labels = useRowLabels();
  const { containerRef, onScroll, scrollToIndex, scrollToTop, first, last, padTop, padBottom } =
    useWindowedRows(rows.length, ROW_PX, HEADER_PX, estimateViewportPx());
  const pendingFocus = useRef<number | null>(null);

  // A new filter or sort starts at the top of the list.
  useLayoutEffect(() => {
    scrollToTop();
  }, [rows, scrollToTop]);

  // A row moved to with the keyboard is focused once it is rendered (at once if it already is).
  const focusPending = useCallback(() => {
    if (pendingFocus.current === null) return;
    const button = containerRef.current?.querySelector<HTMLButtonElement>(
      `tr[aria-rowindex="${pendingFocus.current + 2}"] .review-open`,
    );
    if (button) {
      pendingFocus.current = null;
      button.focus();
    }
  }, [containerRef]);
  useLayoutEffect(focusPending);

  function onKeyDown(event: KeyboardEvent<HTMLTableSectionElement>) {
    const current = Number((event.target as HTMLElement).closest('tr')?.getAttribute('aria-rowindex')) - 2;
    if (Number.isNaN(current) || current < 0) return;
    const page = Math.max(1, Math.floor((containerRef.current?.clientHeight ?? 0) / ROW_PX) - 1);
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      PageDown: current + page,
      PageUp: current - page,
      Home: 0,
      End: rows.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const index = Math.max(0, Math.min(rows.length - 1, target));
    pendingFocus.current = index;
    scrollToIndex(index);
    focusPending();
  }

  return (
    <div ref={containerRef} className="review-scroll" onScroll={onScroll}>
      <table className="review-table" aria-label={t('table.label')} aria-rowcount={rows.length + 1}>
        <colgroup>
          {COLUMNS.map((column) => (
            <col key={column} className={`review-col-${column}`} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {COLUMNS.map((column) => {
              const sorted = sort?.column === column ? sort.direction : undefined;
              return (
                <th key={column} scope="col" aria-sort={sorted}>
                  <button type="button" className="review-sort" onClick={() => onSort(column)}>
                    <span className="review-sort-label">{labels.once(`columns.${column}`)}</span>
                    <span aria-hidden="true" className="review-sort-mark">
                      {sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : '↕'}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          <SpacerRow height={padTop} columns={COLUMNS.length} />
          {rows.slice(first, last).map((row, offset) => (
            <ReviewTableRow
              key={row.id}
              row={row}
              index={first + offset}
              onOpen={onOpen}
              format={format}
              labels={labels}
            />
          ))}
          <SpacerRow height={padBottom} columns={COLUMNS.length} />
        </tbody>
      </table>
    </div>
  );
}

interface RowProps {
  row: ReviewRow;
  index: number;
  onOpen: (id: string) => void;
  format: Formatters;
  labels: RowLabels;
}

/** One row: plain elements and text only (provider text is never markup), memoised for scrolling. */
const ReviewTableRow = memo(function ReviewTableRow({ row, index, onOpen, format, labels }: RowProps) {
  const { once } = labels;
  const platform = platformText(row);
  const age = format.ageInDays(row.secretSetAt);
  const ageText = age === null ? '' : age.days < 1 ? once('age.underADay') : age.text;
  const expiry = expiryText(row, format, labels);
  const verified = format.relative(row.lastVerifiedAt);
  const status = once(`status.${row.status}`, row.status);
  const fingerprint = row.fingerprints.join(' · ');
  const hidden = row.problems.length - CHIPS_SHOWN;

  return (
    <tr aria-rowindex={index + 2} data-testid={`review-row-${row.id}`}>
      <td>
        {/* The label may come from the provider: text only, cut short on screen, whole in the tooltip. */}
        <button
          type="button"
          className="review-open"
          title={row.label}
          aria-haspopup="dialog"
          onClick={() => onOpen(row.id)}
        >
          {row.label}
        </button>
      </td>
      <td title={platform}>
        {/* The data centre under the product name: the column stays narrow enough for "Sage Accounting". */}
        {row.platform ? (
          <span className="review-stack">
            <span>{platformName(row)}</span>
            {row.region && <span className="review-sub">{row.region.toUpperCase()}</span>}
          </span>
        ) : (
          once('filters.noPlatform')
        )}
      </td>
      <td>
        <span className="review-status" data-status={row.status}>
          {status}
        </span>
      </td>
      <td>
        <span className="review-chips">
          {row.problems.slice(0, CHIPS_SHOWN).map((problem) => (
            <span
              key={problem}
              className="review-chip"
              data-severe={SEVERE.has(problem) || undefined}
              title={once(`problems.${problem}.explain`)}
            >
              {once(`problems.${problem}.name`)}
            </span>
          ))}
          {hidden > 0 && (
            <span
              className="review-chip"
              title={row.problems
                .slice(CHIPS_SHOWN)
                .map((p) => once(`problems.${p}.name`))
                .join(', ')}
            >
              {labels.counted('table.more', hidden)}
            </span>
          )}
        </span>
      </td>
      <td title={expiry.title}>{expiry.text}</td>
      <td title={format.dateTime(row.lastVerifiedAt) ?? undefined}>
        {row.kind === 'connection' ? (verified ?? once('never')) : ''}
      </td>
      <td title={format.dateTime(row.secretSetAt) ?? undefined}>{ageText}</td>
      <td>{once(`credentialKind.${row.credentialKind}`)}</td>
      {/* The first groups tell fingerprints apart; the whole value is in the tooltip and the details. */}
      <td className="review-mono" title={fingerprint}>
        {row.fingerprints.map(shortFingerprint).join(' · ')}
      </td>
    </tr>
  );
});

/** Access token and refresh token expiry, relative to the review's time; the exact dates in the tooltip. */
function expiryText(row: ReviewRow, format: Formatters, labels: RowLabels) {
  if (row.kind !== 'connection') return { text: '', title: undefined };
  const token = format.relative(row.tokenExpiresAt);
  const refresh = format.relative(row.refreshExpiresAt);
  const text = [
    token === null
      ? null
      : labels.when(format.isPast(row.tokenExpiresAt) ? 'expiry.tokenExpired' : 'expiry.token', token),
    refresh === null
      ? null
      : labels.when(
          format.isPast(row.refreshExpiresAt) ? 'expiry.refreshExpired' : 'expiry.refresh',
          refresh,
        ),
  ].filter((part) => part !== null);
  if (text.length === 0) return { text: labels.once('expiry.noExpiry'), title: undefined };
  const dates = [format.dateTime(row.tokenExpiresAt), format.dateTime(row.refreshExpiresAt)];
  return { text: text.join(' · '), title: dates.filter((d) => d !== null).join(' · ') };
}
