import { Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { AUDIT_OUTCOMES } from '@shared/audit';
import type { AuditEventView, ReviewRow } from '@shared/ipc/schemas';
import { api } from '../../api';
import { LoadingState } from '../../components/LoadingState';
import { useApiQuery } from '../../use-api-query';
import { auditActionText, auditDetailTexts, auditTargetText } from './audit-text';
import { AUDIT_ACTION_FILTERS, auditFilterKey, type Formatters } from './review-model';
import { ErrorAlert } from '../../components/ErrorAlert';

/** Main keeps every event; the view asks for the newest this many. */
export const AUDIT_LIMIT = 500;

const OUTCOMES = AUDIT_OUTCOMES;
type Outcome = (typeof OUTCOMES)[number];
const isOutcome = (value: string): value is Outcome => (OUTCOMES as readonly string[]).includes(value);

interface AuditLogViewProps {
  /** The review's rows, to name the company behind a connection id. */
  rows: readonly ReviewRow[];
  format: Formatters;
}

/** Every credential action, newest first. Main never records a secret, so there is none to hide here. */
export function AuditLogView({ rows, format }: AuditLogViewProps) {
  const { t } = useTranslation('review');
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [target, setTarget] = useState('');
  const load = useCallback(
    () =>
      api().listAuditEvents({
        ...(action && { action }),
        ...(outcome && { outcome }),
        limit: AUDIT_LIMIT,
      }),
    [action, outcome],
  );
  const query = useApiQuery(load);
  const labels = useMemo(() => new Map(rows.map((row) => [row.id, row.label])), [rows]);
  const events = query.status === 'done' && query.result.ok ? query.result.value : null;
  const needle = target.trim().toLowerCase();
  const shown = useMemo(
    () =>
      events && needle
        ? events.filter(
            (e) =>
              e.target.toLowerCase().includes(needle) ||
              (labels.get(e.target)?.toLowerCase().includes(needle) ?? false),
          )
        : events,
    [events, needle, labels],
  );

  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {t('audit.title')}
      </Title>
      <Text c="dimmed">{t('audit.intro')}</Text>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('audit.action')}
          value={action}
          onChange={(event) => setAction(event.currentTarget.value)}
          data={AUDIT_ACTION_FILTERS.map((value) => ({ value, label: t(auditFilterKey(value)) }))}
        />
        <NativeSelect
          label={t('audit.outcome')}
          value={outcome}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setOutcome(isOutcome(value) ? value : '');
          }}
          data={[
            { value: '', label: t('audit.allOutcomes') },
            ...OUTCOMES.map((value) => ({ value, label: t(`audit.outcomes.${value}`) })),
          ]}
        />
        <TextInput
          type="search"
          label={t('audit.target')}
          description={t('audit.targetHelp')}
          value={target}
          onChange={(event) => setTarget(event.currentTarget.value)}
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
        />
        <Button variant="default" onClick={query.reload}>
          {t('audit.refresh')}
        </Button>
      </Group>

      {query.status === 'loading' && <LoadingState label={t('audit.loading')} />}
      {query.status === 'done' && !query.result.ok && <ErrorAlert error={query.result.error} />}
      {events && events.length >= AUDIT_LIMIT && (
        <Text size="sm">{t('audit.limited', { count: AUDIT_LIMIT })}</Text>
      )}
      {shown && shown.length === 0 && <Text>{t('audit.empty')}</Text>}
      {shown && shown.length > 0 && (
        <div className="desk-scroll-x">
          <table className="review-audit" aria-label={t('audit.title')}>
            <thead>
              <tr>
                <th scope="col">{t('audit.columns.at')}</th>
                <th scope="col">{t('audit.columns.actor')}</th>
                <th scope="col">{t('audit.columns.action')}</th>
                <th scope="col">{t('audit.columns.target')}</th>
                <th scope="col">{t('audit.columns.outcome')}</th>
                <th scope="col">{t('audit.columns.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((event) => (
                <AuditRow key={event.id} event={event} label={labels.get(event.target)} format={format} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Stack>
  );
}

function AuditRow({ event, label, format }: { event: AuditEventView; label?: string; format: Formatters }) {
  const { t } = useTranslation('review');
  const { t: appT } = useTranslation();
  const target = auditTargetText(t, event, appT);
  return (
    <tr data-testid={`audit-${event.id}`}>
      <td className="review-audit-nowrap">{format.dateTime(event.at) ?? event.at}</td>
      <td className="review-audit-nowrap">{event.actor}</td>
      <td>{auditActionText(t, event)}</td>
      <td className="desk-wrap">
        {target === event.target ? <span className="review-mono">{target}</span> : target}
        {label !== undefined && <Text size="xs">{label}</Text>}
      </td>
      <td>
        <span className="review-outcome" data-outcome={event.outcome}>
          {t(`audit.outcomes.${event.outcome}`)}
        </span>
      </td>
      <td className="desk-wrap">{auditDetailTexts(t, appT, event).join('. ')}</td>
    </tr>
  );
}
