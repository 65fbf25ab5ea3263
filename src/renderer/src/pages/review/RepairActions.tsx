import { Alert, Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '@shared/ipc/errors';
import type { ConnectFlow, ConnectionSummary, ReviewRow } from '@shared/ipc/schemas';
import { getPlatform, type PlatformId } from '@shared/platforms';
import { api, callApi } from '../../api';
import { DeskModal } from '../../components/DeskModal';
import { errorText, flowEndText } from '../../i18n/error-text';
import { ClearBooksLinkModal } from '../../features/linking/ClearBooksLinkModal';
import { ConnectFlowPanel, isFlowOpen } from '../../features/linking/ConnectFlowPanel';
import { orphanAccount } from './review-model';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiAction } from '../../use-api-action';

/** Problems that linking the company again puts right. */
const RELINK_FOR = new Set<ReviewRow['problems'][number]>([
  'secretMissing',
  'needsReauth',
  'refreshTokenExpired',
]);

export function needsRepair(row: ReviewRow): boolean {
  return row.kind === 'orphan' || (row.kind === 'connection' && row.problems.some((p) => RELINK_FOR.has(p)));
}

interface RepairActionsProps {
  row: ReviewRow;
  /** Something changed in main: the review should be asked for again. */
  onChanged: () => void;
  /** The row itself is gone (deleted or replaced); `message` says what happened. */
  onGone: (message: string) => void;
}

/** Repair: link the company again (OAuth sign-in or a new Clear Books key), or delete a keychain item no row uses. */
export function RepairActions({ row, onChanged, onGone }: RepairActionsProps) {
  const { t } = useTranslation('review');
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {t('repair.title')}
      </Title>
      {row.kind === 'orphan' ? (
        <DeleteOrphan row={row} onGone={onGone} />
      ) : row.platform && getPlatform(row.platform).authKind === 'apiKey' ? (
        <RelinkClearBooks row={row} onChanged={onChanged} onGone={onGone} />
      ) : row.platform ? (
        <RelinkOAuth platform={row.platform} onChanged={onChanged} />
      ) : null}
    </Stack>
  );
}

type RelinkOutcome = { kind: 'relinked' } | { kind: 'failed'; text: string; providerText?: string };

function RelinkOAuth({ platform, onChanged }: { platform: PlatformId; onChanged: () => void }) {
  const { t } = useTranslation('review');
  const { t: appT } = useTranslation();
  const [flow, setFlow] = useState<ConnectFlow | null>(null);
  const [starting, setStarting] = useState(false);
  const [outcome, setOutcome] = useState<RelinkOutcome | null>(null);
  // The flow this panel follows: answers about any other are ignored.
  const activeFlowId = useRef<string | null>(null);

  function onFlow(next: ConnectFlow) {
    if (next.flowId !== activeFlowId.current) return;
    if (isFlowOpen(next)) {
      setFlow(next);
      return;
    }
    activeFlowId.current = null;
    setFlow(null);
    if (next.status === 'linked') {
      setOutcome({ kind: 'relinked' });
      onChanged();
    } else {
      setOutcome({ kind: 'failed', text: flowEndText(appT, next), providerText: next.providerText });
    }
  }

  function onLost(error: IpcError) {
    activeFlowId.current = null;
    setFlow(null);
    setOutcome({ kind: 'failed', text: errorText(appT, error) });
  }

  async function start() {
    if (starting || flow) return;
    setOutcome(null);
    setStarting(true);
    const result = await callApi(() => api().startConnect({ platform }));
    setStarting(false);
    if (!result.ok) {
      setOutcome({ kind: 'failed', text: errorText(appT, result.error) });
      return;
    }
    activeFlowId.current = result.value.flowId;
    onFlow(result.value);
  }

  return (
    <Stack gap="sm">
      <Text size="sm">{t('repair.relinkHelp')}</Text>
      <Group>
        <Button onClick={() => void start()} loading={starting} disabled={flow !== null}>
          {t('repair.relink')}
        </Button>
      </Group>
      {flow && (
        <ConnectFlowPanel definition={getPlatform(platform)} flow={flow} onFlow={onFlow} onLost={onLost} />
      )}
      {outcome?.kind === 'relinked' && (
        <Alert color="teal" role="status">
          {t('repair.relinked')}
        </Alert>
      )}
      {outcome?.kind === 'failed' && (
        <ErrorAlert>
          <Stack gap="xs">
            <Text size="sm">{outcome.text}</Text>
            {outcome.providerText !== undefined && (
              // The provider's own words: labelled as theirs and shown as text, never as markup.
              <>
                <Text size="sm" fw={500}>
                  {t('repair.providerSaid')}
                </Text>
                <Code block className="desk-wrap">
                  {outcome.providerText}
                </Code>
              </>
            )}
          </Stack>
        </ErrorAlert>
      )}
    </Stack>
  );
}

function RelinkClearBooks({ row, onChanged, onGone }: Omit<RepairActionsProps, 'row'> & { row: ReviewRow }) {
  const { t } = useTranslation('review');
  const [linking, setLinking] = useState(false);
  const [linked, setLinked] = useState<ConnectionSummary | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const removing = useApiAction(() =>
    api().disconnectConnection({ connectionId: row.id, removeLocallyIfRevokeFails: true }),
  );

  function onLinked(connection: ConnectionSummary) {
    setLinking(false);
    setLinked(connection);
    onChanged();
  }

  // Clear Books keys cannot be revoked, so the old connection is only removed from this computer.
  async function removeOld() {
    const result = await removing.run();
    if (result?.ok && result.value.removed) onGone(t('repair.oldRemoved'));
  }

  return (
    <Stack gap="sm">
      {!linked ? (
        <Group>
          <Button onClick={() => setLinking(true)}>{t('repair.relinkClearBooks')}</Button>
        </Group>
      ) : (
        <Alert color="teal" role="status">
          <Stack gap="sm" align="flex-start">
            <Text size="sm" className="desk-wrap">
              {t('repair.clearBooksLinked', { label: linked.label })}
            </Text>
            {!confirmRemove ? (
              <Button size="compact-sm" variant="white" onClick={() => setConfirmRemove(true)}>
                {t('repair.removeOld')}
              </Button>
            ) : (
              <>
                <Text size="sm" className="desk-wrap">
                  {t('repair.removeOldConfirm', { label: row.label })}
                </Text>
                <Group gap="sm">
                  <Button size="compact-sm" variant="default" onClick={() => setConfirmRemove(false)}>
                    {t('cancel')}
                  </Button>
                  <Button
                    size="compact-sm"
                    color="red"
                    loading={removing.working}
                    onClick={() => void removeOld()}
                  >
                    {t('repair.removeOld')}
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        </Alert>
      )}
      <ErrorAlert error={removing.error} />
      <ClearBooksLinkModal opened={linking} onClose={() => setLinking(false)} onLinked={onLinked} />
    </Stack>
  );
}

function DeleteOrphan({ row, onGone }: { row: ReviewRow; onGone: (message: string) => void }) {
  const { t } = useTranslation('review');
  const [confirming, setConfirming] = useState(false);
  const account = orphanAccount(row);
  const deleting = useApiAction(() => api().deleteOrphanSecret({ account }));

  async function remove() {
    const result = await deleting.run();
    if (!result) return;
    setConfirming(false);
    if (result.ok) onGone(t('repair.orphanDeleted'));
  }

  return (
    <Stack gap="sm">
      <Group>
        <Button color="red" variant="light" onClick={() => setConfirming(true)} aria-haspopup="dialog">
          {t('repair.deleteOrphan')}
        </Button>
      </Group>
      <ErrorAlert error={deleting.error} />
      {/* Over the details drawer: DeskModal's header is no second banner landmark. */}
      <DeskModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('repair.deleteOrphanTitle')}
      >
        <Stack gap="md">
          <Text className="desk-wrap">{t('repair.deleteOrphanConfirm', { account })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} disabled={deleting.working}>
              {t('cancel')}
            </Button>
            <Button color="red" loading={deleting.working} onClick={() => void remove()}>
              {t('repair.deleteOrphanButton')}
            </Button>
          </Group>
        </Stack>
      </DeskModal>
    </Stack>
  );
}
