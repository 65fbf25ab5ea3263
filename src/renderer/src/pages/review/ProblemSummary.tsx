import { Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import type { Review } from '@shared/ipc/schemas';
import { PROBLEMS, type Filters, type Formatters, type Problem } from './review-model';

interface ProblemSummaryProps {
  summary: Review['summary'];
  active: Filters['problem'];
  onChoose: (problem: Problem | '') => void;
  format: Formatters;
}

/** Counts per problem over every row; each count is a toggle that filters the table to it. */
export function ProblemSummary({ summary, active, onChoose, format }: ProblemSummaryProps) {
  const { t } = useTranslation('review');
  const titleId = useId();
  const helpId = useId();
  const found = PROBLEMS.filter((problem) => (summary[problem] ?? 0) > 0);

  return (
    <section aria-labelledby={titleId} className="review-summary">
      <Title order={2} size="h4" id={titleId}>
        {t('summary.title')}
      </Title>
      {found.length === 0 ? (
        <Text>{t('summary.none')}</Text>
      ) : (
        <>
          <Text size="sm" c="dimmed" id={helpId}>
            {t('summary.help')}
          </Text>
          <ul className="review-summary-list">
            {found.map((problem) => (
              <li key={problem}>
                <button
                  type="button"
                  className="review-summary-item"
                  aria-pressed={active === problem}
                  aria-describedby={helpId}
                  title={t(`problems.${problem}.explain`)}
                  data-testid={`summary-${problem}`}
                  onClick={() => onChoose(active === problem ? '' : problem)}
                >
                  <span>{t(`problems.${problem}.name`)}</span>{' '}
                  <span className="review-summary-count">{format.count(summary[problem] ?? 0)}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
