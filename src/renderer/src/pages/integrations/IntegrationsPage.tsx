import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PLATFORMS, type PlatformDefinition } from '../../../../shared/platforms';
import { LoadingState } from '../../components/LoadingState';
import { errorText } from '../../i18n/error-text';
import { IntegrationCard } from './IntegrationCard';
import { IntegrationDrawer } from './IntegrationDrawer';
import { useIntegrations } from './use-integrations';

export function IntegrationsPage() {
  const { t } = useTranslation();
  const { loading, loadError, reload, summaries, errors, setEnabled } = useIntegrations();
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
      <IntegrationDrawer definition={selected} opened={drawerOpened} onClose={drawer.close} />
    </Stack>
  );
}
