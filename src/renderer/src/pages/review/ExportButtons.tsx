import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { memo, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '@shared/ipc/errors';
import { api, callApi } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';

type Format = 'csv' | 'json';
type Outcome = { kind: 'saved' } | { kind: 'error'; error: IpcError };

/**
 * Export the review. Main asks the OS save dialog where to write: the renderer
 * never names a path. A cancelled dialog is not an event, so nothing is said.
 */
export const ExportButtons = memo(function ExportButtons() {
  const { t } = useTranslation('review');
  const titleId = useId();
  const helpId = useId();
  const [busy, setBusy] = useState<Format | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function run(format: Format) {
    if (busy) return;
    setBusy(format);
    setOutcome(null);
    const result = await callApi(() => api().exportReview({ format }));
    setBusy(null);
    if (!result.ok) setOutcome({ kind: 'error', error: result.error });
    else if (result.value.saved) setOutcome({ kind: 'saved' });
  }

  return (
    <Stack gap="xs" component="section" aria-labelledby={titleId}>
      <Title order={2} size="h4" id={titleId}>
        {t('export.title')}
      </Title>
      <Text size="sm" c="dimmed" id={helpId}>
        {t('export.help')}
      </Text>
      <Group gap="sm">
        {(['csv', 'json'] as const).map((format) => (
          <Button
            key={format}
            variant="default"
            loading={busy === format}
            disabled={busy !== null && busy !== format}
            onClick={() => void run(format)}
            aria-describedby={helpId}
          >
            {format === 'csv' ? t('export.csv') : t('export.json')}
          </Button>
        ))}
        <Text size="sm" fw={600} role="status">
          {outcome?.kind === 'saved' ? t('export.saved') : ''}
        </Text>
      </Group>
      {outcome?.kind === 'error' && <ErrorAlert error={outcome.error} />}
    </Stack>
  );
});
