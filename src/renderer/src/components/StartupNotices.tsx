import { Alert, Stack } from '../mantine-first-screen';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { StartupNotice, StartupNotices as StartupNoticesView } from '@shared/ipc/schemas';
import { api, callApi } from '../api';

/** How often to ask again while main is still checking the keychain, and for how long at most. */
const RECHECK_MS = 1000;
const MAX_RECHECKS = 60;

function noticeText(t: TFunction, notice: StartupNotice): string {
  switch (notice.kind) {
    case 'databaseMovedAside': {
      const { fileName, restoredFrom: copy } = notice;
      if (copy)
        return notice.reason === 'empty'
          ? t('notices.databaseEmptyRestored', { fileName, copy })
          : t('notices.databaseRestored', { fileName, copy });
      return notice.reason === 'empty'
        ? t('notices.databaseEmpty', { fileName })
        : t('notices.databaseMovedAside', { fileName });
    }
    case 'keychain':
      return notice.missingLibrary
        ? t('notices.keychain.missingLibrary', { library: notice.missingLibrary })
        : t(`notices.keychain.${notice.health}`);
  }
}

function noticeKey(notice: StartupNotice): string {
  return notice.kind === 'keychain' ? `keychain:${notice.health}` : `database:${notice.fileName}`;
}

/**
 * The start-up notices, asked for again while main is still checking the
 * keychain (its probe can take a few seconds), so a notice found late is shown.
 */
function useStartupNotices(initial: StartupNoticesView): readonly StartupNotice[] {
  const [current, setCurrent] = useState(initial);
  const [rechecks, setRechecks] = useState(0);
  useEffect(() => {
    if (!current.checking || rechecks >= MAX_RECHECKS) return;
    let active = true;
    const timer = setTimeout(() => {
      void callApi(() => api().getStartupNotices()).then((result) => {
        if (!active) return;
        if (result.ok) setCurrent(result.value);
        setRechecks((n) => n + 1);
      });
    }, RECHECK_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [current, rechecks]);
  return current.notices;
}

/** What main found or had to do while starting (e.g. set an unreadable data file aside), until dismissed. */
export function StartupNotices({ initial }: { initial: StartupNoticesView }) {
  const { t } = useTranslation();
  const notices = useStartupNotices(initial);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const shown = notices.filter((notice) => !dismissed.has(noticeKey(notice)));
  if (shown.length === 0) return null;

  return (
    <Stack gap="sm" mb="lg">
      {shown.map((notice) => (
        <Alert
          key={noticeKey(notice)}
          color="yellow"
          withCloseButton
          closeButtonLabel={t('notices.dismiss')}
          onClose={() => setDismissed((previous) => new Set(previous).add(noticeKey(notice)))}
        >
          {noticeText(t, notice)}
        </Alert>
      ))}
    </Stack>
  );
}
