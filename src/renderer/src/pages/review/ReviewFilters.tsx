import { Button, Group, NativeSelect, Text, TextInput } from '@mantine/core';
import { memo, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

import { PLATFORMS } from '@shared/platforms';
import { NO_FILTERS, PROBLEMS, type Filters, type Formatters } from './review-model';

interface ReviewFiltersProps {
  filters: Filters;
  onChange: (filters: Filters) => void;
  /** The statuses present in the review, in the order first seen. */
  statuses: readonly string[];
  shown: number;
  /** Null while the review loads: no count is shown yet. */
  total: number | null;
  format: Formatters;
  /** Bumped by Find in Review: the search box takes the focus, its text selected. */
  focusRequest?: number;
}

const isPlatformFilter = (value: string): value is Filters['platform'] =>
  value === '' || value === 'none' || PLATFORMS.some((p) => p.id === value);
const isProblemFilter = (value: string): value is Filters['problem'] =>
  value === '' || value === 'any' || value === 'none' || (PROBLEMS as readonly string[]).includes(value);

/**
 * The filters. The review's arrival changes only the status choices and the count: the other
 * controls are memoised on the filters alone, so that render skips them.
 */
export function ReviewFilters({
  filters,
  onChange,
  statuses,
  shown,
  total,
  format,
  focusRequest = 0,
}: ReviewFiltersProps) {
  const { t } = useTranslation('review');

  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <PlatformFilter filters={filters} onChange={onChange} />
      <NativeSelect
        label={t('filters.status')}
        value={filters.status}
        onChange={(event) => onChange({ ...filters, status: event.currentTarget.value })}
        data={[
          { value: '', label: t('filters.allStatuses') },
          ...statuses.map((status) => ({
            value: status,
            label: t(`status.${status}`, { defaultValue: status }),
          })),
        ]}
      />
      <ProblemAndSearch filters={filters} onChange={onChange} focusRequest={focusRequest} />
      <Text size="sm" role="status" className="review-shown">
        {total === null ? '' : t('filters.shown', { shown: format.count(shown), total: format.count(total) })}
      </Text>
    </Group>
  );
}

interface FixedFilterProps {
  filters: Filters;
  onChange: (filters: Filters) => void;
}

const PlatformFilter = memo(function PlatformFilter({ filters, onChange }: FixedFilterProps) {
  const { t } = useTranslation('review');
  return (
    <NativeSelect
      label={t('filters.platform')}
      value={filters.platform}
      onChange={(event) => {
        const value = event.currentTarget.value;
        if (isPlatformFilter(value)) onChange({ ...filters, platform: value });
      }}
      data={[
        { value: '', label: t('filters.allPlatforms') },
        ...PLATFORMS.map((p) => ({ value: p.id, label: p.name })),
        { value: 'none', label: t('filters.noPlatform') },
      ]}
    />
  );
});

const ProblemAndSearch = memo(function ProblemAndSearch({
  filters,
  onChange,
  focusRequest,
}: FixedFilterProps & { focusRequest: number }) {
  const { t } = useTranslation('review');
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusRequest === 0) return;
    searchRef.current?.focus();
    searchRef.current?.select();
  }, [focusRequest]);
  const set = (change: Partial<Filters>) => onChange({ ...filters, ...change });
  const filtered =
    filters.platform !== '' || filters.status !== '' || filters.problem !== '' || filters.search !== '';

  return (
    <>
      <NativeSelect
        label={t('filters.problem')}
        value={filters.problem}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (isProblemFilter(value)) set({ problem: value });
        }}
        data={[
          { value: '', label: t('filters.allProblems') },
          { value: 'any', label: t('filters.anyProblem') },
          { value: 'none', label: t('filters.noProblem') },
          ...PROBLEMS.map((problem) => ({ value: problem, label: t(`problems.${problem}.name`) })),
        ]}
      />
      <TextInput
        type="search"
        label={t('filters.search')}
        description={t('filters.searchHelp')}
        value={filters.search}
        onChange={(event) => set({ search: event.currentTarget.value })}
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        ref={searchRef}
        className="review-search"
      />
      <Button variant="default" onClick={() => onChange(NO_FILTERS)} disabled={!filtered}>
        {t('filters.clear')}
      </Button>
    </>
  );
});
