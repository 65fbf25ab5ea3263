import { NavLink, Text } from '../mantine-first-screen';
import { Suspense, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcResult } from '@shared/ipc/errors';
import type { IntegrationSummary, Settings, StartupNotices as StartupNoticesView } from '@shared/ipc/schemas';
import type { MenuCommand } from '@shared/ipc/shell-schemas';
import type { PlatformId } from '@shared/platforms';
import { SCREENS } from '@shared/screens';
import { lazyScreen } from '../lazy-screen';
import { IntegrationsPage } from '../pages/integrations/IntegrationsPage';
import { useAppCommands } from '../shell/commands';
import { OpenIntegrationContext } from '../shell/open-integration';
import { LoadingState } from './LoadingState';
import { StartupNotices } from './StartupNotices';

// Only the first screen is in the main bundle; the others load when first opened.
const ConnectionsPage = lazyScreen(() =>
  import('../pages/connections/ConnectionsPage').then((m) => m.ConnectionsPage),
);
const SettingsPage = lazyScreen(() => import('../pages/settings/SettingsPage').then((m) => m.SettingsPage));
const ReviewPage = lazyScreen(() => import('../pages/review/ReviewPage').then((m) => m.ReviewPage));
const AboutDialog = lazyScreen(() => import('../shell/AboutDialog').then((m) => m.AboutDialog));

const PAGES = SCREENS;
type Page = (typeof PAGES)[number];

interface AppLayoutProps {
  settings: Settings;
  notices: StartupNoticesView;
  /** The Integrations list asked for at start-up; used by the first Integrations screen only. */
  initialIntegrations?: Promise<IpcResult<IntegrationSummary[]>>;
  onSettingsChange: (settings: Settings) => Promise<void>;
}

/**
 * Navigation and the current screen. Mantine's AppShell is not used because it
 * writes its sizes into a <style> element at runtime, which the CSP blocks.
 */
export function AppLayout({ settings, notices, initialIntegrations, onSettingsChange }: AppLayoutProps) {
  const { t } = useTranslation();
  const [page, setPage] = useState<Page>('integrations');
  // Once the user moves on, the start-up list is out of date: coming back asks main again.
  const [firstList, setFirstList] = useState(initialIntegrations);
  // Bumped by Find in Review (menu or Ctrl/Cmd+F): the Review screen then focuses its search box.
  const [findRequest, setFindRequest] = useState(0);
  const [aboutOpened, setAboutOpened] = useState(false);
  // A platform to open on Integrations, asked for from another screen. Cleared by any other move,
  // so coming back to Integrations later does not open it again.
  const [openRequest, setOpenRequest] = useState<{ platform: PlatformId; id: number }>();

  const show = (target: Page) => {
    if (target !== page) setFirstList(undefined);
    setOpenRequest(undefined);
    setPage(target);
  };
  const openIntegration = useCallback((platform: PlatformId) => {
    setFirstList(undefined);
    setPage('integrations');
    setOpenRequest((previous) => ({ platform, id: (previous?.id ?? 0) + 1 }));
  }, []);
  useAppCommands((command: MenuCommand) => {
    if (command.command === 'showScreen') show(command.screen);
    else if (command.command === 'findInReview') {
      show('review');
      setFindRequest((n) => n + 1);
    } else setAboutOpened(true);
  });

  return (
    <div className="desk-shell">
      <nav className="desk-nav" aria-label={t('nav.label')}>
        <Text fw={700} px="sm" mb="md">
          {t('app.name')}
        </Text>
        {PAGES.map((target) => (
          <NavLink
            key={target}
            href={`#${target}`}
            // The Review screen's strings are in their own namespace.
            label={target === 'review' ? t('review:nav') : t(`nav.${target}`)}
            active={target === page}
            aria-current={target === page ? 'page' : undefined}
            onClick={(event) => {
              // Screens are state, not URLs: nothing should navigate.
              event.preventDefault();
              show(target);
            }}
          />
        ))}
      </nav>
      <main className="desk-main">
        <StartupNotices initial={notices} />
        <Suspense fallback={<LoadingState label={t('app.loading')} />}>
          <OpenIntegrationContext.Provider value={openIntegration}>
            {page === 'integrations' ? (
              <IntegrationsPage initialList={firstList} openRequest={openRequest} />
            ) : page === 'connections' ? (
              <ConnectionsPage />
            ) : page === 'review' ? (
              <ReviewPage findRequest={findRequest} />
            ) : (
              <SettingsPage
                settings={settings}
                onSettingsChange={onSettingsChange}
                onShowAbout={() => setAboutOpened(true)}
              />
            )}
          </OpenIntegrationContext.Provider>
        </Suspense>
      </main>
      {aboutOpened && (
        <Suspense fallback={null}>
          <AboutDialog opened={aboutOpened} onClose={() => setAboutOpened(false)} />
        </Suspense>
      )}
    </div>
  );
}
