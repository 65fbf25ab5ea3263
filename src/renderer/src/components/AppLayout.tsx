import { NavLink, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Settings, StartupNotice } from '../../../shared/ipc/schemas';
import { IntegrationsPage } from '../pages/integrations/IntegrationsPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { StartupNotices } from './StartupNotices';

const PAGES = ['integrations', 'settings'] as const;
type Page = (typeof PAGES)[number];

interface AppLayoutProps {
  settings: Settings;
  notices: readonly StartupNotice[];
  onSettingsChange: (settings: Settings) => Promise<void>;
}

/**
 * Navigation and the current screen. Mantine's AppShell is not used because it
 * writes its sizes into a <style> element at runtime, which the CSP blocks.
 */
export function AppLayout({ settings, notices, onSettingsChange }: AppLayoutProps) {
  const { t } = useTranslation();
  const [page, setPage] = useState<Page>('integrations');

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
            label={t(`nav.${target}`)}
            active={target === page}
            aria-current={target === page ? 'page' : undefined}
            onClick={(event) => {
              // Screens are state, not URLs: nothing should navigate.
              event.preventDefault();
              setPage(target);
            }}
          />
        ))}
      </nav>
      <main className="desk-main">
        <StartupNotices notices={notices} />
        {page === 'integrations' ? (
          <IntegrationsPage />
        ) : (
          <SettingsPage settings={settings} onSettingsChange={onSettingsChange} />
        )}
      </main>
    </div>
  );
}
