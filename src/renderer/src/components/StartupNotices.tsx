import { Alert, Stack } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { StartupNotice } from '@shared/ipc/schemas';

function noticeText(t: TFunction, notice: StartupNotice): string {
  switch (notice.kind) {
    case 'databaseMovedAside':
      return t('notices.databaseMovedAside', { fileName: notice.fileName });
    case 'keychainUnavailable':
      return t('notices.keychainUnavailable');
  }
}

/** What main found or had to do while starting (e.g. set an unreadable data file aside), until dismissed. */
export function StartupNotices({ notices }: { notices: readonly StartupNotice[] }) {
  const { t } = useTranslation();
  const [dismissed, setDismissed] = useState<ReadonlySet<number>>(new Set());
  const shown = notices
    .map((notice, index) => ({ notice, index }))
    .filter(({ index }) => !dismissed.has(index));
  if (shown.length === 0) return null;

  return (
    <Stack gap="sm" mb="lg">
      {shown.map(({ notice, index }) => (
        <Alert
          key={index}
          color="yellow"
          withCloseButton
          closeButtonLabel={t('notices.dismiss')}
          onClose={() => setDismissed((previous) => new Set(previous).add(index))}
        >
          {noticeText(t, notice)}
        </Alert>
      ))}
    </Stack>
  );
}
