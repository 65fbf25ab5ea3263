import { Button, Code, Group, NativeSelect, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '@shared/ipc/errors';
import type { ReviewRow, SecretTarget } from '@shared/ipc/schemas';
import { api, callApi } from '../../api';
import { DeskModal } from '../../components/DeskModal';
import { secretTargets } from './review-model';
import { ErrorAlert } from '../../components/ErrorAlert';

/** How long a revealed secret is kept (masked unless held) before it is forgotten. */
export const REVEAL_SECONDS = 10;
/** The same length whatever the secret, so the mask says nothing about it. */
const MASK = '••••••••••••';
/** The keychain's limit for one value, as in the contract. */
const MAX_SECRET = 2560;

/** Reveal, Copy and Compare for the stored secret(s) of one row; every one of them is audited by main. */
export function SecretActions({ row }: { row: ReviewRow }) {
  const { t } = useTranslation('review');
  const targets = secretTargets(row);
  const [fieldIndex, setFieldIndex] = useState(0);
  const chosen = targets[Math.min(fieldIndex, targets.length - 1)];

  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {t('secret.title')}
      </Title>
      {!chosen ? (
        <Text size="sm">{t('secret.unavailable')}</Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {t('secret.help')}
          </Text>
          {targets.length > 1 && (
            <NativeSelect
              label={t('secret.field')}
              value={String(fieldIndex)}
              onChange={(event) => setFieldIndex(Number(event.currentTarget.value))}
              data={targets.map((target, index) => ({
                value: String(index),
                label: target.field ? t(`secret.fields.${target.field}`) : t('secret.field'),
              }))}
              className="desk-fit"
            />
          )}
          {/* Keyed by the secret: choosing another forgets whatever was revealed or typed. */}
          <SecretTools key={`${row.id}:${chosen.field ?? ''}`} target={chosen.target} />
        </>
      )}
    </Stack>
  );
}

type Notice =
  { kind: 'copied'; seconds: number } | { kind: 'hiddenAgain' } | { kind: 'error'; error: IpcError };

function SecretTools({ target }: { target: SecretTarget }) {
  const { t } = useTranslation('review');
  const holdHelpId = useId();
  const [confirming, setConfirming] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [showing, setShowing] = useState(false);
  const [busy, setBusy] = useState<'reveal' | 'copy' | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  // A revealed secret is forgotten after a few seconds, held or not.
  useEffect(() => {
    if (revealed === null) return;
    const timer = window.setTimeout(() => {
      setRevealed(null);
      setShowing(false);
      setNotice({ kind: 'hiddenAgain' });
    }, REVEAL_SECONDS * 1000);
    return () => window.clearTimeout(timer);
  }, [revealed]);

  async function reveal() {
    setConfirming(false);
    setBusy('reveal');
    setNotice(null);
    const result = await callApi(() => api().revealSecret({ target }));
    setBusy(null);
    if (result.ok) setRevealed(result.value.value);
    else setNotice({ kind: 'error', error: result.error });
  }

  async function copy() {
    setBusy('copy');
    setNotice(null);
    const result = await callApi(() => api().copySecret({ target }));
    setBusy(null);
    setNotice(
      result.ok
        ? { kind: 'copied', seconds: result.value.clearAfterSeconds }
        : { kind: 'error', error: result.error },
    );
  }

  const isHoldKey = (event: KeyboardEvent) => event.key === ' ' || event.key === 'Enter';

  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Button
          variant="default"
          onClick={() => setConfirming(true)}
          loading={busy === 'reveal'}
          disabled={busy !== null}
          aria-haspopup="dialog"
        >
          {t('secret.reveal')}
        </Button>
        <Button
          variant="default"
          onClick={() => void copy()}
          loading={busy === 'copy'}
          disabled={busy !== null}
        >
          {t('secret.copy')}
        </Button>
      </Group>

      {revealed !== null && (
        <Stack gap={6}>
          <Text size="sm" fw={600}>
            {t('secret.revealedLabel')}
          </Text>
          <Group gap="sm" wrap="nowrap" align="center">
            <Code block className="desk-wrap desk-grow" data-testid="revealed-secret">
              {showing ? revealed : MASK}
            </Code>
            <Button
              variant="light"
              className="desk-keep-width review-hold"
              aria-pressed={showing}
              aria-describedby={holdHelpId}
              onPointerDown={() => setShowing(true)}
              onPointerUp={() => setShowing(false)}
              onPointerLeave={() => setShowing(false)}
              onPointerCancel={() => setShowing(false)}
              onKeyDown={(event) => {
                if (!isHoldKey(event)) return;
                event.preventDefault();
                setShowing(true);
              }}
              onKeyUp={(event) => {
                if (isHoldKey(event)) setShowing(false);
              }}
              onBlur={() => setShowing(false)}
              onContextMenu={(event) => event.preventDefault()}
            >
              {t('secret.hold')}
            </Button>
          </Group>
          <Text size="xs" c="dimmed" id={holdHelpId}>
            {t('secret.holdHelp', { seconds: REVEAL_SECONDS })}
          </Text>
        </Stack>
      )}

      {notice?.kind === 'copied' && (
        <Text size="sm" fw={600} role="status">
          {t('secret.copiedClears', { seconds: notice.seconds })}
        </Text>
      )}
      {notice?.kind === 'hiddenAgain' && (
        <Text size="sm" role="status">
          {t('secret.hiddenAgain')}
        </Text>
      )}
      {notice?.kind === 'error' && <ErrorAlert error={notice.error} />}

      <CompareForm target={target} />

      {/* Over the details drawer: DeskModal's header is no second banner landmark. */}
      <DeskModal opened={confirming} onClose={() => setConfirming(false)} title={t('secret.confirmTitle')}>
        <Stack gap="md">
          <Text>{t('secret.confirm')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </Button>
            <Button color="orange" onClick={() => void reveal()}>
              {t('secret.confirmButton')}
            </Button>
          </Group>
        </Stack>
      </DeskModal>
    </Stack>
  );
}

type CompareOutcome = { kind: 'result'; matches: boolean } | { kind: 'error'; error: IpcError };

/** "Is this what is stored?": answered by fingerprint in main, without revealing the stored value. */
function CompareForm({ target }: { target: SecretTarget }) {
  const { t } = useTranslation('review');
  const [candidate, setCandidate] = useState('');
  const [empty, setEmpty] = useState(false);
  const [comparing, setComparing] = useState(false);
  const [outcome, setOutcome] = useState<CompareOutcome | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (comparing) return;
    if (candidate.length === 0) {
      setEmpty(true);
      return;
    }
    // The value leaves the form as it is sent: it is never kept, whatever the answer.
    const sent = candidate;
    setCandidate('');
    setEmpty(false);
    setOutcome(null);
    setComparing(true);
    const result = await callApi(() => api().compareSecret({ target, candidate: sent }));
    setComparing(false);
    setOutcome(
      result.ok ? { kind: 'result', matches: result.value.matches } : { kind: 'error', error: result.error },
    );
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="xs">
        <Title order={4} size="h6">
          {t('secret.compareTitle')}
        </Title>
        <PasswordInput
          label={t('secret.compareLabel')}
          description={t('secret.compareHelp')}
          value={candidate}
          onChange={(event) => {
            setCandidate(event.currentTarget.value);
            setOutcome(null);
          }}
          error={empty ? t('secret.compareEmpty') : undefined}
          maxLength={MAX_SECRET}
          readOnly={comparing}
          autoComplete="off"
          spellCheck={false}
          visibilityToggleButtonProps={{ 'aria-label': t('secret.showValue') }}
        />
        <Group gap="sm">
          <Button type="submit" variant="default" loading={comparing}>
            {t('secret.compare')}
          </Button>
          {outcome?.kind === 'result' && (
            <Text size="sm" fw={700} role="status">
              {outcome.matches ? t('secret.matches') : t('secret.noMatch')}
            </Text>
          )}
        </Group>
        {outcome?.kind === 'error' && <ErrorAlert error={outcome.error} />}
      </Stack>
    </form>
  );
}
