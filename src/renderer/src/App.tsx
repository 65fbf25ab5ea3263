import { Button, MantineProvider, Stack } from './mantine-first-screen';
import { useColorScheme } from '@mantine/hooks';
import { useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '@shared/ipc/errors';
import type { Settings } from '@shared/ipc/schemas';
import { loadStartup, type Boot } from './boot';
import { AppLayout } from './components/AppLayout';
import { LoadingState } from './components/LoadingState';
import { loadLanguage } from './i18n';
import { useApiQuery } from './use-api-query';
import { ErrorAlert } from './components/ErrorAlert';

/**
 * The theme is one of the app's settings, kept by main; Mantine keeps no copy. Its default
 * manager reads localStorage while the first screen renders (the first access opens the page's
 * storage, a round trip to the browser process) and sets the light scheme on <html> before the
 * forced one, so a dark theme would start with a light frame.
 */
const SETTINGS_OWN_THE_THEME: NonNullable<ComponentProps<typeof MantineProvider>['colorSchemeManager']> = {
  get: (scheme) => scheme,
  set: () => undefined,
  subscribe: () => undefined,
  unsubscribe: () => undefined,
  clear: () => undefined,
};

interface AppProps {
  /** The first calls, already on their way (main.tsx starts them before React). Without it, the app asks itself. */
  boot?: Boot;
}

export function App({ boot }: AppProps) {
  const { t } = useTranslation();
  const startup = useApiQuery(loadStartup, boot?.startup);
  const [changedSettings, setChangedSettings] = useState<Settings | null>(null);
  // After Try again, what was asked for at start-up may be out of date: the screens ask again.
  const [retried, setRetried] = useState(false);
  const systemScheme = useColorScheme('light', { getInitialValueInEffect: false });

  const loaded = startup.status === 'done' && startup.result.ok ? startup.result.value : null;
  const settings = changedSettings ?? loaded?.settings ?? null;
  const theme = settings?.theme ?? 'auto';
  const scheme = theme === 'auto' ? systemScheme : theme;

  async function applySettings(next: Settings) {
    await loadLanguage(next.language);
    setChangedSettings(next);
  }

  return (
    // No runtime <style> elements (CSS variables and global classes come from styles.css): the CSP blocks them.
    <MantineProvider
      withCssVariables={false}
      withGlobalClasses={false}
      colorSchemeManager={SETTINGS_OWN_THE_THEME}
      defaultColorScheme={scheme}
      forceColorScheme={scheme}
    >
      {loaded && settings ? (
        <AppLayout
          settings={settings}
          notices={loaded.notices}
          initialIntegrations={retried ? undefined : boot?.integrations}
          onSettingsChange={applySettings}
        />
      ) : startup.status === 'done' && !startup.result.ok ? (
        <StartupFailure
          error={startup.result.error}
          onRetry={() => {
            setRetried(true);
            startup.reload();
          }}
        />
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
      <ErrorAlert error={error} title={t('app.startupFailed')} />
      <Button onClick={onRetry}>{t('app.retry')}</Button>
    </Stack>
  );
}
