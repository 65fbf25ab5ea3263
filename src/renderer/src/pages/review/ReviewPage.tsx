import './review.css';

import { Alert, Stack, Tabs, Text, Title } from '@mantine/core';
import { memo, useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Review } from '@shared/ipc/schemas';
import { LoadingState } from '../../components/LoadingState';
import { AuditLogView } from './AuditLogView';
import { ExportButtons } from './ExportButtons';
import { ProblemSummary } from './ProblemSummary';
import {
  filterRows,
  makeFormatters,
  NO_FILTERS,
  sortRows,
  type Column,
  type Filters,
  type Formatters,
  type Sort,
} from './review-model';
import { ReviewFilters } from './ReviewFilters';
import { ReviewTable } from './ReviewTable';
import { RowDetails } from './RowDetails';
import { useReview } from './use-review';
import { ErrorAlert } from '../../components/ErrorAlert';

type Tab = 'credentials' | 'audit';

/**
 * The offline credential review: every integration, connection and stray
 * keychain item with its health, from main's records alone (no provider is
 * contacted), plus the audit log and the export.
 */
export function ReviewPage({ findRequest = 0 }: { findRequest?: number }) {
  const { t, i18n } = useTranslation('review');
  const { query, reload, retry } = useReview();
  const [tab, setTab] = useState<Tab>('credentials');
  // Kept here, not in the tab, so they survive a visit to the audit log.
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<Sort | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Find in Review (menu, Ctrl/Cmd+F): the search box is on the credentials tab.
  const [findSeen, setFindSeen] = useState(findRequest);
  if (findRequest !== findSeen) {
    setFindSeen(findRequest);
    setTab('credentials');
  }

  const review = query.status === 'done' && query.result.ok ? query.result.value : null;
  const format = useMemo(
    () => makeFormatters(i18n.language, review ? Date.parse(review.generatedAt) : 0),
    [i18n.language, review],
  );

  return (
    <Stack gap="lg" className="review-page">
      <Title order={1}>{t('title')}</Title>
      <Text c="dimmed">{t('intro')}</Text>
      {notice && (
        <Alert
          color="teal"
          role="status"
          withCloseButton
          closeButtonLabel={t('close')}
          onClose={() => setNotice(null)}
        >
          {notice}
        </Alert>
      )}
      {review && review.keychain !== 'healthy' && (
        // Whether "secret missing" can be trusted, and why reveal and repair may fail, depend on it.
        <Alert color={review.keychain === 'checking' ? 'blue' : 'yellow'} role="status">
          {t(`keychain.${review.keychain}`)}
        </Alert>
      )}
      <Tabs
        value={tab}
        onChange={(value) => setTab(value === 'audit' ? 'audit' : 'credentials')}
        keepMounted={false}
      >
        <Tabs.List aria-label={t('tabs.label')}>
          <Tabs.Tab value="credentials">{t('tabs.credentials')}</Tabs.Tab>
          <Tabs.Tab value="audit">{t('tabs.audit')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="credentials" pt="md">
          {query.status === 'done' && !query.result.ok ? (
            <ErrorAlert error={query.result.error} retry={{ label: t('retry'), onClick: retry }} />
          ) : (
            // Drawn while the review loads too (exports, filters, hint), so its arrival renders only
            // what depends on it: the summary and the table's first rows.
            <Credentials
              review={review}
              format={format}
              filters={filters}
              onFilters={setFilters}
              sort={sort}
              onSort={setSort}
              findRequest={findRequest}
              onChanged={() => void reload()}
              onGone={(message) => {
                setNotice(message);
                void reload();
              }}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <AuditLogView rows={review?.rows ?? []} format={format} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

const NO_ROWS: Review['rows'] = [];

interface CredentialsProps {
  /** Null while it loads. */
  review: Review | null;
  format: Formatters;
  filters: Filters;
  onFilters: (filters: Filters) => void;
  sort: Sort | null;
  onSort: (sort: Sort) => void;
  findRequest: number;
  onChanged: () => void;
  onGone: (message: string) => void;
}

function Credentials({
  review,
  format,
  filters,
  onFilters,
  sort,
  onSort,
  findRequest,
  onChanged,
  onGone,
}: CredentialsProps) {
  const { t } = useTranslation('review');
  const [selected, setSelected] = useState<string | null>(null);
  // The details drawer is mounted when first needed, not with the table (it is not free to render).
  const [detailsUsed, setDetailsUsed] = useState(false);

  // Each step is memoised on its own inputs: a keystroke in the search box only filters again.
  const rows = review?.rows ?? NO_ROWS;
  const sorted = useMemo(() => sortRows(rows, sort), [rows, sort]);
  const shown = useMemo(() => filterRows(sorted, filters), [sorted, filters]);
  const statuses = useMemo(() => {
    const seen = new Set<string>();
    for (const row of rows) seen.add(row.status);
    return [...seen];
  }, [rows]);
  const selectedRow = useMemo(
    () => (selected === null ? null : (rows.find((row) => row.id === selected) ?? null)),
    [rows, selected],
  );

  // Where focus goes back to when the details close. Mantine does this too, but not for the
  // first opening: the drawer is mounted already open then.
  const opener = useRef<HTMLElement | null>(null);
  const onOpen = useCallback((id: string) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDetailsUsed(true);
    setSelected(id);
  }, []);
  const closeDetails = () => {
    setSelected(null);
    window.setTimeout(() => {
      if (opener.current?.isConnected) opener.current.focus();
    }, 0);
  };
  const chooseSort = (column: Column) =>
    onSort(
      sort?.column === column && sort.direction === 'ascending'
        ? { column, direction: 'descending' }
        : { column, direction: 'ascending' },
    );

  return (
    <Stack gap="lg">
      <ExportButtons />
      {review && (
        <ProblemSummary
          summary={review.summary}
          active={filters.problem}
          onChoose={(problem) => onFilters({ ...filters, problem })}
          format={format}
        />
      )}
      {review?.rows.length === 0 ? (
        <Text>{t('table.empty')}</Text>
      ) : (
        <Stack gap="sm">
          <ReviewFilters
            filters={filters}
            onChange={onFilters}
            statuses={statuses}
            shown={shown.length}
            total={review ? review.rows.length : null}
            format={format}
            focusRequest={findRequest}
          />
          <KeyboardHint />
          {!review ? (
            <LoadingState label={t('loading')} />
          ) : shown.length === 0 ? (
            <Text>{t('filters.noMatch')}</Text>
          ) : (
            <ReviewTable rows={shown} sort={sort} onSort={chooseSort} onOpen={onOpen} format={format} />
          )}
        </Stack>
      )}
      {detailsUsed && (
        <RowDetails
          row={selectedRow}
          onClose={closeDetails}
          format={format}
          onChanged={onChanged}
          onGone={(message) => {
            setSelected(null);
            onGone(message);
          }}
        />
      )}
    </Stack>
  );
}

/** Drawn once: it depends on the language only, not on the review. */
const KeyboardHint = memo(function KeyboardHint() {
  const { t } = useTranslation('review');
  return (
    <Text size="xs" c="dimmed">
      {t('table.keyboard')}
    </Text>
  );
});
