import { Stack, Text, Title } from '../../mantine-first-screen';
import { Suspense, useEffect, useLayoutEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcResult } from '@shared/ipc/errors';
import type { IntegrationSummary } from '@shared/ipc/schemas';
import { getPlatform, PLATFORMS, type PlatformDefinition, type PlatformId } from '@shared/platforms';
import { LoadingState } from '../../components/LoadingState';
import { lazyScreen } from '../../lazy-screen';
import { markInteractive } from '../../readiness';
import { IntegrationCard } from './IntegrationCard';
import type { DialogMode } from './setup/IntegrationDialog';
import { useIntegrations } from './use-integrations';
import { ErrorAlert } from '../../components/ErrorAlert';

// The wizard and Manage are not needed for the first screen: fetched once the list is shown.
const IntegrationDialog = lazyScreen(() =>
  import('./setup/IntegrationDialog').then((m) => m.IntegrationDialog),
);

interface IntegrationsPageProps {
  /** The list asked for at start-up, if this is the first screen. */
  initialList?: Promise<IpcResult<IntegrationSummary[]>>;
  /** A platform to open as soon as the list is in, asked for from another screen (each id once). */
  openRequest?: { platform: PlatformId; id: number };
}

interface Opened {
  definition: PlatformDefinition;
  mode: DialogMode;
  configured: boolean;
  session: number;
}

export function IntegrationsPage({ initialList, openRequest }: IntegrationsPageProps) {
  const { t } = useTranslation();
  const { loading, loadError, reload, refresh, summaries, errors, setEnabled } = useIntegrations(initialList);
  const [selected, setSelected] = useState<Opened | null>(null);
  const [dialogOpened, setDialogOpened] = useState(false);
  const listed = summaries !== null;
  // Before paint, once the cards (and their switches) are in the document.
  useLayoutEffect(() => {
    if (listed) markInteractive();
  }, [listed]);
  // The dialog (and the fetch of its code and the later screens' CSS) comes a task after the list
  // is drawn, not in the render that draws it.
  const [dialogMounted, setDialogMounted] = useState(false);
  useEffect(() => {
    if (!listed) return;
    const timer = setTimeout(() => setDialogMounted(true), 0);
    return () => clearTimeout(timer);
  }, [listed]);

  function open(definition: PlatformDefinition, summary: IntegrationSummary) {
    // Clear Books has nothing to register: its wizard (enable, link a company) is all there is.
    const manage = definition.requiresAppRegistration && summary.configured;
    setSelected((previous) => ({
      definition,
      mode: manage ? 'manage' : 'setup',
      configured: summary.configured,
      session: (previous?.session ?? 0) + 1,
    }));
    setDialogOpened(true);
  }

  const [handledRequest, setHandledRequest] = useState(0);
  const requested = openRequest && summaries?.find((s) => s.platform === openRequest.platform);
  if (openRequest && requested && openRequest.id !== handledRequest) {
    setHandledRequest(openRequest.id);
    setDialogMounted(true);
    open(getPlatform(openRequest.platform), requested);
  }

  return (
    <Stack gap="md">
      <Title order={1}>{t('integrations.title')}</Title>
      <Text c="dimmed">{t('integrations.intro')}</Text>
      {loading && <LoadingState label={t('integrations.loading')} />}
      {loadError && <ErrorAlert error={loadError} retry={{ label: t('app.retry'), onClick: reload }} />}
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
              onOpen={() => open(definition, summary)}
            />
          );
        })}
      {/* Rendered closed first, so the dialog sees itself open and can return focus when it closes. */}
      {summaries && dialogMounted && (
        <Suspense fallback={null}>
          <IntegrationDialog
            definition={selected?.definition ?? null}
            mode={selected?.mode ?? 'setup'}
            configured={selected?.configured ?? false}
            session={selected?.session ?? 0}
            opened={dialogOpened}
            onClose={() => {
              setDialogOpened(false);
              void refresh();
            }}
            onChanged={() => void refresh()}
          />
        </Suspense>
      )}
    </Stack>
  );
}
