import { Code, Group, Stack, Table } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

import type { AppInfo } from '@shared/ipc/shell-schemas';
import { api, callApi } from '../api';
import { CopyValueButton } from '../components/CopyValueButton';
import { DeskModal } from '../components/DeskModal';
import { LoadingState } from '../components/LoadingState';
import { useApiQuery } from '../use-api-query';
import { ErrorAlert } from '../components/ErrorAlert';

const ROWS = [
  ['version', 'appVersion'],
  ['electron', 'electronVersion'],
  ['chromium', 'chromiumVersion'],
  ['node', 'nodeVersion'],
  ['os', 'os'],
  ['dataFolder', 'dataFolder'],
  ['logsFolder', 'logsFolder'],
] as const satisfies ReadonlyArray<readonly [string, keyof AppInfo]>;

/** About: the versions and folders support asks for, with one button to copy them all. */
export function AboutDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('shell');
  return (
    <DeskModal opened={opened} onClose={onClose} title={t('about.title')} size="lg">
      {opened && <AboutDetails />}
    </DeskModal>
  );
}

function AboutDetails() {
  const { t } = useTranslation('shell');
  const { t: appT } = useTranslation();
  const load = useCallback(() => callApi(() => api().getAppInfo()), []);
  const query = useApiQuery(load);
  if (query.status === 'loading') return <LoadingState label={t('about.loading')} />;
  if (!query.result.ok) return <ErrorAlert error={query.result.error} />;
  const info = query.result.value;
  // Labels in the app's language, values as they are: what a support ticket needs.
  const details = [
    `${appT('app.name')}`,
    ...ROWS.map(([label, key]) => `${t(`about.${label}`)}: ${info[key]}`),
  ].join('\n');
  return (
    <Stack gap="md">
      <Table variant="vertical" layout="fixed" withTableBorder data-testid="about">
        <Table.Tbody>
          {ROWS.map(([label, key]) => (
            <Table.Tr key={key}>
              <Table.Th scope="row">{t(`about.${label}`)}</Table.Th>
              <Table.Td>
                <Code className="desk-wrap">{info[key]}</Code>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="flex-end">
        <CopyValueButton value={details} label={t('about.copyDetails')} />
      </Group>
    </Stack>
  );
}
