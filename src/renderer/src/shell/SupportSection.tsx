import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '@shared/ipc/errors';
import type { SupportFolder } from '@shared/ipc/shell-schemas';
import { api, callApi } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';

type Outcome = { kind: 'saved' } | { kind: 'notOpened' } | { kind: 'error'; error: IpcError } | null;

/** Settings' support section: the data and logs folders, the diagnostics file, About. */
export function SupportSection({ onShowAbout }: { onShowAbout: () => void }) {
  const { t } = useTranslation('shell');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [exporting, setExporting] = useState(false);

  async function openFolder(folder: SupportFolder) {
    setOutcome(null);
    const result = await callApi(() => api().openSupportFolder({ folder }));
    if (!result.ok) setOutcome({ kind: 'error', error: result.error });
    else if (!result.value.opened) setOutcome({ kind: 'notOpened' });
  }

  async function exportDiagnostics() {
    if (exporting) return;
    setOutcome(null);
    setExporting(true);
    const result = await callApi(() => api().exportDiagnostics());
    setExporting(false);
    if (!result.ok) setOutcome({ kind: 'error', error: result.error });
    else if (result.value.saved) setOutcome({ kind: 'saved' });
  }

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('support.title')}
      </Title>
      <Text>{t('support.intro')}</Text>
      <Group gap="sm">
        <Button variant="default" onClick={() => void openFolder('data')}>
          {t('support.openDataFolder')}
        </Button>
        <Button variant="default" onClick={() => void openFolder('logs')}>
          {t('support.openLogsFolder')}
        </Button>
      </Group>
      <Group gap="sm">
        <Button variant="default" onClick={() => void exportDiagnostics()} loading={exporting}>
          {t('support.exportDiagnostics')}
        </Button>
      </Group>
      <Text size="sm">{t('support.exportDiagnosticsHelp')}</Text>
      {outcome?.kind === 'saved' && (
        <Alert color="teal" role="status">
          {t('support.diagnosticsSaved')}
        </Alert>
      )}
      {outcome?.kind === 'notOpened' && <ErrorAlert>{t('support.folderNotOpened')}</ErrorAlert>}
      {outcome?.kind === 'error' && <ErrorAlert error={outcome.error} />}
      <Group gap="sm">
        <Button variant="subtle" onClick={onShowAbout}>
          {t('support.about')}
        </Button>
      </Group>
    </Stack>
  );
}
