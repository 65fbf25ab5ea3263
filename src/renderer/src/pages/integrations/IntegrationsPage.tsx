import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcResult } from '../../../../shared/ipc/errors';
import type { IntegrationSummary } from '../../../../shared/ipc/schemas';
import { PLATFORMS, type PlatformDefinition } from '../../../../shared/platforms';
import { LoadingState } from '../../components/LoadingState';
import { errorText } from '../../i18n/error-text';
import { IntegrationCard } from './IntegrationCard';
import { useIntegrations } from './use-integrations';

// Not needed for the first screen: fetched once the list is shown, before anyone opens it.
const IntegrationDrawer = lazy(() =>
  import('./IntegrationDrawer').then((m) => ({ default: m.IntegrationDrawer })),
);

interface IntegrationsPageProps {
  /** The list asked for at start-up, if this is the first screen. */
  initialList?: Promise<IpcResult<IntegrationSummary[]>>;
}

export function IntegrationsPage({ initialList }: IntegrationsPageProps) {
  const { t } = useTranslation();
  const { loading, loadError, reload, summaries, errors, setEnabled } = useIntegrations(initialList);
  const [selected, setSelected] = useState<PlatformDefinition | null>(null);
  const [drawerOpened, drawer] = useDisclosure(false);

  return (
    <Stack gap="md">
      <Title order={1}>{t('integrations.title')}</Title>
      <Text c="dimmed">{t('integrations.intro')}</Text>
      {loading && <LoadingState label={t('integrations.loading')} />}
      {loadError && (
        <Alert color="red">
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{errorText(t, loadError)}</Text>
            <Button size="compact-sm" variant="white" onClick={reload}>
              {t('app.retry')}
            </Button>
          </Stack>
        </Alert>
      )}
      {summaries &&
        PLATFORMS.map((definition) => {
          const summary = summaries.find((s) => s.platform === definition.id);
          // Show only what main reported; never invent a state for a platform it left out.
          if (!summary) return null;
          return (
            <IntegrationCard
              key={definition.id}
              definition={definition}
              summary={summary}
              error={errors[definition.id]}
              onToggle={(enabled) => void setEnabled(summary, enabled)}
              onOpen={() => {
                setSelected(definition);
                drawer.open();
              }}
            />
          );
        })}
      {/* Rendered closed first, so the drawer sees itself open and can return focus when it closes. */}
      {summaries && (
        <Suspense fallback={null}>
          <IntegrationDrawer definition={selected} opened={drawerOpened} onClose={drawer.close} />
        </Suspense>
      )}
    </Stack>
  );
}
