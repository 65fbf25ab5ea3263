import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '@shared/ipc/errors';
import type { ConnectFlow } from '@shared/ipc/schemas';
import type { PlatformDefinition } from '@shared/platforms';
import { api, callApi } from '../../../api';
import { flowEndText, platformCodeText } from '../../../i18n/error-text';
import { ConnectFlowPanel, isFlowOpen } from '../../../features/linking/ConnectFlowPanel';
import { ErrorAlert } from '../../../components/ErrorAlert';

type Outcome =
  | { kind: 'linked'; label: string | null }
  | { kind: 'ended'; flow: ConnectFlow }
  | { kind: 'error'; error: IpcError };

interface TestConnectionProps {
  definition: PlatformDefinition;
  /** A sign-in is waiting in the browser: the dialog must not close on Escape (Escape cancels it). */
  onBusyChange?: (busy: boolean) => void;
}

/**
 * Test connection: the real OAuth sign-in with the saved app registration,
 * through the system browser and the loopback listener. A success links a company.
 */
export function TestConnection({ definition, onBusyChange }: TestConnectionProps) {
  const { t } = useTranslation();
  const [flow, setFlow] = useState<ConnectFlow | null>(null);
  const [starting, setStarting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const activeFlowId = useRef<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  const open = flow !== null && isFlowOpen(flow);

  useEffect(() => {
    onBusyChange?.(open);
  }, [open, onBusyChange]);

  // A sign-in still waiting when the wizard closes is cancelled: nothing is left listening.
  useEffect(
    () => () => {
      const flowId = activeFlowId.current;
      if (flowId) void callApi(() => api().cancelConnect({ flowId }));
    },
    [],
  );

  function finish(next: Outcome) {
    activeFlowId.current = null;
    setFlow(null);
    setOutcome(next);
    // The panel (and the focus inside it) is gone: back to the button that started it, once it is enabled again.
    refocus.current = true;
  }

  useEffect(() => {
    if (!refocus.current || open) return;
    refocus.current = false;
    button.current?.focus();
  }, [open, outcome]);

  async function onFlow(next: ConnectFlow) {
    if (next.flowId !== activeFlowId.current) return;
    if (isFlowOpen(next)) {
      setFlow(next);
      return;
    }
    if (next.status !== 'linked') {
      finish({ kind: 'ended', flow: next });
      return;
    }
    const list = await callApi(() => api().listConnections({ platform: definition.id }));
    const linked = list.ok ? list.value.find((c) => c.id === next.connectionId) : undefined;
    finish({ kind: 'linked', label: linked?.label ?? null });
  }

  async function start() {
    if (starting || open) return;
    setOutcome(null);
    setStarting(true);
    const result = await callApi(() => api().startConnect({ platform: definition.id }));
    setStarting(false);
    if (!result.ok) {
      setOutcome({ kind: 'error', error: result.error });
      return;
    }
    activeFlowId.current = result.value.flowId;
    await onFlow(result.value);
  }

  return (
    <Stack gap="md">
      <Group>
        <Button ref={button} onClick={() => void start()} loading={starting} disabled={open}>
          {t('wizard.test.start')}
        </Button>
      </Group>
      {flow && open && (
        <ConnectFlowPanel
          definition={definition}
          flow={flow}
          onFlow={(next) => void onFlow(next)}
          onLost={(error) => finish({ kind: 'error', error })}
        />
      )}
      {outcome?.kind === 'linked' && (
        <Alert color="teal" role="status" title={t('wizard.test.worked')} data-testid="test-result">
          {outcome.label ? t('wizard.test.linked', { label: outcome.label }) : t('wizard.test.linkedNoLabel')}
        </Alert>
      )}
      {outcome?.kind === 'ended' && (
        <ErrorAlert title={t('wizard.test.failed')} data-testid="test-result">
          <Stack gap="xs">
            <Text size="sm">{flowEndText(t, outcome.flow)}</Text>
            {outcome.flow.providerText !== undefined && (
              // The provider's own words: labelled as theirs, shown as text only.
              <Stack gap={2}>
                <Text size="sm" fw={500}>
                  {t('connections.flow.providerSaid')}
                </Text>
                <Code block className="desk-wrap">
                  {outcome.flow.providerText}
                </Code>
              </Stack>
            )}
          </Stack>
        </ErrorAlert>
      )}
      {outcome?.kind === 'error' && (
        <ErrorAlert title={t('wizard.test.failed')} data-testid="test-result">
          {platformCodeText(t, definition.id, outcome.error.code, 'errors.INTERNAL')}
        </ErrorAlert>
      )}
    </Stack>
  );
}
