import { Alert, Button, MantineProvider, Stack } from '@mantine/core';
import { useColorScheme } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError, IpcResult } from '../../shared/ipc/errors';
import type { Settings, StartupNotice } from '../../shared/ipc/schemas';
import { api, callApi } from './api';
import { AppLayout } from './components/AppLayout';
import { LoadingState } from './components/LoadingState';
import i18n from './i18n';
import { errorText } from './i18n/error-text';
import { useApiQuery } from './use-api-query';

interface Startup {
  settings: Settings;
  notices: StartupNotice[];
}

/** Settings decide the language, so they load (and the language switches) before anything is shown. */
async function loadStartup(): Promise<IpcResult<Startup>> {
  const [settings, notices] = await Promise.all([
    callApi(() => api().getSettings()),
    callApi(() => api().getStartupNotices()),
  ]);
  if (!settings.ok) return settings;
  await i18n.changeLanguage(settings.value.language);
  // Notices only inform: the app works without them, so failing to fetch them is not fatal.
  return { ok: true, value: { settings: settings.value, notices: notices.ok ? notices.value : [] } };
}

export function App() {
  const { t } = useTranslation();
  const startup = useApiQuery(loadStartup);
  const [changedSettings, setChangedSettings] = useState<Settings | null>(null);
  const systemScheme = useColorScheme('light', { getInitialValueInEffect: false });

  const loaded = startup.status === 'done' && startup.result.ok ? startup.result.value : null;
  const settings = changedSettings ?? loaded?.settings ?? null;
  const theme = settings?.theme ?? 'auto';

  async function applySettings(next: Settings) {
    await i18n.changeLanguage(next.language);
    setChangedSettings(next);
  }

  return (
    // No runtime <style> elements (CSS variables and global classes come from styles.css): the CSP blocks them.
    <MantineProvider
      withCssVariables={false}
      withGlobalClasses={false}
      forceColorScheme={theme === 'auto' ? systemScheme : theme}
    >
      {loaded && settings ? (
        <AppLayout settings={settings} notices={loaded.notices} onSettingsChange={applySettings} />
      ) : startup.status === 'done' && !startup.result.ok ? (
        <StartupFailure error={startup.result.error} onRetry={startup.reload} />
      ) : (
        <LoadingState label={t('app.loading')} />
      )}
    </MantineProvider>
  );
}

function StartupFailure({ error, onRetry }: { error: IpcError; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack p="xl" maw="40rem" align="flex-start">
      <Alert color="red" title={t('app.startupFailed')}>
        {errorText(t, error)}
      </Alert>
      <Button onClick={onRetry}>{t('app.retry')}</Button>
    </Stack>
  );
}
