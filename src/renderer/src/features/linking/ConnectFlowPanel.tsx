import {
  Alert,
  Button,
  Code,
  Group,
  Loader,
  Paper,
  Radio,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import {
  useEffect,
  useEffectEvent,
  useId,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError, IpcResult } from '@shared/ipc/errors';
import type { CompanyChoice, ConnectFlow } from '@shared/ipc/schemas';
import type { PlatformDefinition } from '@shared/platforms';
import { api, callApi } from '../../api';
import { CopyValueButton } from '../../components/CopyValueButton';
import { formatTime } from '../../format';
import { errorText } from '../../i18n/error-text';

/** How often main is asked how the sign-in is going. */
export const FLOW_POLL_MS = 500;

export const isFlowOpen = (flow: ConnectFlow) =>
  flow.status === 'waiting' || flow.status === 'linking' || flow.status === 'choosing';

interface ConnectFlowPanelProps {
  definition: PlatformDefinition;
  flow: ConnectFlow;
  /** Every newer view of the flow main reports (polled, cancelled or completed from a pasted address). */
  onFlow: (flow: ConnectFlow) => void;
  /** Main could no longer say how the flow is going (e.g. FLOW_NOT_FOUND). */
  onLost: (error: IpcError) => void;
}

/**
 * While the sign-in happens in the system browser: where the app listens, until
 * when, a way to cancel, and the paste-back for when the browser could not reach
 * the listener. When the sign-in reached several companies, the list to choose
 * from. Polls main while the flow is open.
 */
export function ConnectFlowPanel({ definition, flow, onFlow, onLost }: ConnectFlowPanelProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const titleRef = useRef<HTMLHeadingElement>(null);
  const [cancelling, setCancelling] = useState(false);
  const { flowId, status } = flow;
  const open = isFlowOpen(flow);
  const cancellable = status === 'waiting' || status === 'choosing';

  function report(result: IpcResult<ConnectFlow>) {
    if (result.ok) onFlow(result.value);
    else onLost(result.error);
  }
  // The poll always reports to the latest handlers without restarting its timer.
  const reportPoll = useEffectEvent(report);

  // Focus moves here from the Connect button, which is disabled while a sign-in is open.
  useEffect(() => {
    titleRef.current?.focus();
  }, [flowId]);

  useEffect(() => {
    if (!open) return;
    let stopped = false;
    let asking = false;
    const timer = window.setInterval(() => {
      // One question at a time: a slow answer is not overtaken by the next one.
      if (asking) return;
      asking = true;
      void callApi(() => api().getConnectFlow({ flowId })).then((result) => {
        asking = false;
        if (!stopped) reportPoll(result);
      });
    }, FLOW_POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [flowId, open]);

  async function cancel() {
    if (cancelling || !cancellable) return;
    setCancelling(true);
    const result = await callApi(() => api().cancelConnect({ flowId }));
    setCancelling(false);
    report(result);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      void cancel();
    }
  }

  return (
    // The whole panel is a polite live region: what the sign-in is doing is read out as it changes.
    <Paper
      component="section"
      role="status"
      withBorder
      p="lg"
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
      data-testid="connect-flow"
    >
      <Stack gap="md">
        <Title order={2} size="h4" id={titleId} ref={titleRef} tabIndex={-1}>
          {t('connections.flow.title', { name: definition.name })}
        </Title>
        {status === 'choosing' && flow.companies ? (
          <CompanyChooser
            definition={definition}
            flowId={flowId}
            companies={flow.companies}
            onFlow={report}
          />
        ) : (
          <Group gap="sm" wrap="nowrap">
            <Loader size="sm" />
            <Text>
              {status === 'linking' ? t('connections.flow.linking') : t('connections.flow.waiting')}
            </Text>
          </Group>
        )}
        {status !== 'choosing' && <WaitingDetails flow={flow} onFlow={report} />}
        <Group>
          <Button
            variant="default"
            onClick={() => void cancel()}
            loading={cancelling}
            disabled={!cancellable}
          >
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Where the app listens and until when, the certificate warning, and the paste-back. */
function WaitingDetails({
  flow,
  onFlow,
}: {
  flow: ConnectFlow;
  onFlow: (result: IpcResult<ConnectFlow>) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <Stack gap={4}>
        <Text size="sm">{t('connections.flow.listening')}</Text>
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Code block className="desk-wrap desk-grow">
            {flow.redirectUri}
          </Code>
          <CopyValueButton value={flow.redirectUri} label={t('connections.flow.copyAddress')} />
        </Group>
        <Text size="sm">
          {t('connections.flow.stopsAt', { time: formatTime(flow.expiresAt, i18n.language) })}
        </Text>
      </Stack>
      {flow.redirectUri.startsWith('https:') && (
        <Alert color="blue" title={t('connections.flow.certificateTitle')}>
          {t('connections.flow.certificate')}
        </Alert>
      )}
      <PasteBack flowId={flow.flowId} disabled={flow.status !== 'waiting'} onFlow={onFlow} />
    </>
  );
}

/**
 * One sign-in reached several companies (Sage businesses, Zoho organisations,
 * FreshBooks businesses): the person picks the one to link, by name and id.
 * Native radio buttons, so arrow keys move the choice and Enter links it.
 */
function CompanyChooser({
  definition,
  flowId,
  companies,
  onFlow,
}: {
  definition: PlatformDefinition;
  flowId: string;
  companies: readonly CompanyChoice[];
  onFlow: (result: IpcResult<ConnectFlow>) => void;
}) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  // The sign-in came back while the person was in the browser: the question takes the focus.
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (sending) return;
    if (chosen === null) {
      setError(t('connections.choose.required'));
      return;
    }
    setError(null);
    setSending(true);
    const result = await callApi(() => api().chooseConnectCompany({ flowId, companyId: chosen }));
    setSending(false);
    // A refused choice leaves the question open: say why here.
    if (!result.ok && result.error.code === 'COMPANY_NOT_FOUND') setError(errorText(t, result.error));
    else onFlow(result);
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate data-testid="company-chooser">
      <Stack gap="sm">
        <Title order={3} size="h5" ref={headingRef} tabIndex={-1}>
          {t('connections.choose.title', { name: definition.name, number: companies.length })}
        </Title>
        <Radio.Group
          label={t('connections.choose.label')}
          description={t('connections.choose.help', { name: definition.name })}
          value={chosen}
          onChange={(value) => {
            setChosen(value);
            setError(null);
          }}
          error={error}
          inputWrapperOrder={['label', 'description', 'input', 'error']}
          required
        >
          <Stack gap="xs" mt="xs">
            {companies.map((company) => (
              <Radio
                key={company.id}
                value={company.id}
                // Provider names render as text only.
                label={company.name}
                description={t('connections.choose.id', { id: company.id })}
              />
            ))}
          </Stack>
        </Radio.Group>
        <Group>
          <Button type="submit" loading={sending}>
            {t('connections.choose.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PasteBack({
  flowId,
  disabled,
  onFlow,
}: {
  flowId: string;
  disabled: boolean;
  onFlow: (result: IpcResult<ConnectFlow>) => void;
}) {
  const { t } = useTranslation();
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (sending) return;
    if (url.trim() === '') {
      setError(t('connections.flow.pasteEmpty'));
      return;
    }
    setError(null);
    setSending(true);
    const result = await callApi(() => api().completeConnectFromUrl({ flowId, url: url.trim() }));
    setSending(false);
    // A refused address leaves the flow waiting: say why here and let them try again.
    if (!result.ok && result.error.code !== 'FLOW_NOT_FOUND') setError(errorText(t, result.error));
    else onFlow(result);
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="xs">
        <Text size="sm">{t('connections.flow.pasteHelp')}</Text>
        <TextInput
          label={t('connections.flow.pasteLabel')}
          value={url}
          onChange={(event) => setUrl(event.currentTarget.value)}
          error={error}
          disabled={disabled}
          autoComplete="off"
          spellCheck={false}
          maxLength={4096}
        />
        <Group>
          <Button type="submit" variant="light" loading={sending} disabled={disabled}>
            {t('connections.flow.complete')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
