import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '@shared/ipc/errors';
import type { ConnectionSummary, DisconnectResult } from '@shared/ipc/schemas';
import { api, callApi } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';

type Step = { kind: 'confirm' } | { kind: 'revokeFailed' } | { kind: 'error'; error: IpcError };

interface DisconnectModalProps {
  /** The connection to disconnect; kept while closing so the exit animation still has its text. */
  connection: ConnectionSummary | null;
  opened: boolean;
  onClose: () => void;
  /** The connection is gone from this computer; what happened at the provider is in `result`. */
  onRemoved: (connection: ConnectionSummary, result: DisconnectResult) => void;
}

export function DisconnectModal({ connection, opened, onClose, onRemoved }: DisconnectModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened && connection !== null}
      onClose={onClose}
      title={t('connections.disconnectModal.title')}
      classNames={{ title: 'desk-drawer-title' }}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      // Scroll locking injects a <style> element, which the CSP blocks.
      lockScroll={false}
    >
      {/* Keyed: each connection starts at the confirmation step. */}
      {connection && (
        <DisconnectSteps
          key={connection.id}
          connection={connection}
          onClose={onClose}
          onRemoved={onRemoved}
        />
      )}
    </Modal>
  );
}

function DisconnectSteps({
  connection,
  onClose,
  onRemoved,
}: {
  connection: ConnectionSummary;
  onClose: () => void;
  onRemoved: DisconnectModalProps['onRemoved'];
}) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: 'confirm' });
  const [working, setWorking] = useState(false);
  const { label } = connection;

  async function disconnect(removeLocallyIfRevokeFails: boolean) {
    if (working) return;
    setWorking(true);
    const result = await callApi(() =>
      api().disconnectConnection({ connectionId: connection.id, removeLocallyIfRevokeFails }),
    );
    setWorking(false);
    if (!result.ok) setStep({ kind: 'error', error: result.error });
    else if (result.value.removed) onRemoved(connection, result.value);
    else setStep({ kind: 'revokeFailed' });
  }

  if (step.kind === 'revokeFailed') {
    return (
      <Stack gap="md">
        <Alert color="orange" role="alert">
          {t('connections.disconnectModal.revokeFailed')}
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={working}>
            {t('connections.disconnectModal.keep')}
          </Button>
          <Button color="red" loading={working} onClick={() => void disconnect(true)}>
            {t('connections.disconnectModal.removeAnyway')}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Text className="desk-wrap">
        {connection.kind === 'apiKey'
          ? t('connections.disconnectModal.confirmApiKey', { label })
          : t('connections.disconnectModal.confirm', { label })}
      </Text>
      {step.kind === 'error' && <ErrorAlert error={step.error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} disabled={working}>
          {t('common.cancel')}
        </Button>
        <Button color="red" loading={working} onClick={() => void disconnect(false)}>
          {t('connections.disconnect')}
        </Button>
      </Group>
    </Stack>
  );
}
