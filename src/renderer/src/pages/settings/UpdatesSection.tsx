import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { UpdateStatus } from '@shared/ipc/schemas';
import { api, callApi } from '../../api';

/** How often the screen asks again while an update is being looked for or downloaded. */
const POLL_MS = 2000;

/**
 * "Check for updates" and, once one is downloaded, "Restart to update". Shown only when the app was
 * built with an update feed (a signed macOS or Windows release); otherwise main says `available:
 * false` and nothing is rendered.
 */
export function UpdatesSection() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [restarting, setRestarting] = useState(false);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    void callApi(() => api().getUpdateStatus()).then((result) => {
      if (mounted.current && result.ok) setStatus(result.value);
    });
    return () => {
      mounted.current = false;
    };
  }, []);

  const busy = status?.state === 'checking' || status?.state === 'downloading';
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => {
      void callApi(() => api().getUpdateStatus()).then((result) => {
        if (mounted.current && result.ok) setStatus(result.value);
      });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [busy]);

  if (!status?.available) return null;

  async function check() {
    setStatus((current) => current && { ...current, state: 'checking' });
    const result = await callApi(() => api().checkForUpdates());
    if (mounted.current)
      setStatus(result.ok ? result.value : (current) => current && { ...current, state: 'failed' });
  }

  async function restart() {
    const result = await callApi(() => api().installUpdate());
    if (mounted.current) setRestarting(result.ok && result.value.restarting);
  }

  const version = status.version ?? '';
  const message = restarting
    ? t('settings.updates.restarting')
    : {
        idle: t('settings.updates.idle'),
        checking: t('settings.updates.checking'),
        'up-to-date': t('settings.updates.upToDate'),
        downloading: t('settings.updates.downloading', { version }),
        ready: t('settings.updates.ready', { version }),
        failed: t('settings.updates.failed'),
      }[status.state];

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('settings.updates.title')}
      </Title>
      <Text role="status" data-testid="update-status">
        {message}
      </Text>
      <Group>
        {status.state === 'ready' ? (
          <Button onClick={() => void restart()} disabled={restarting}>
            {t('settings.updates.restart')}
          </Button>
        ) : (
          <Button variant="default" onClick={() => void check()} disabled={busy}>
            {t('settings.updates.check')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
