import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcResult } from '@shared/ipc/errors';
import type { IntegrationDetail } from '@shared/ipc/schemas';
import type { PlatformDefinition } from '@shared/platforms';
import { api, callApi } from '../../../api';
import { DeskModal } from '../../../components/DeskModal';
import { LoadingState } from '../../../components/LoadingState';
import { DiscardTypedValuesDialog, UnsavedValuesContext, useBeforeUnloadGuard } from '../../../shell/unsaved';
import { useApiQuery } from '../../../use-api-query';
import { Manage } from './Manage';
import { Wizard } from './Wizard';
import { ErrorAlert } from '../../../components/ErrorAlert';

export type DialogMode = 'setup' | 'manage';

interface IntegrationDialogProps {
  /** The platform last opened; kept while closing so the exit animation still has its title. */
  definition: PlatformDefinition | null;
  /** Chosen when opened: the wizard for a platform not set up (and for Clear Books), Manage otherwise. */
  mode: DialogMode;
  /** Titled "Manage" when the platform is set up, whichever body it shows (Clear Books has only the wizard). */
  configured?: boolean;
  opened: boolean;
  /** Bumped on every opening, so each one starts afresh. */
  session: number;
  onClose: () => void;
  /** Something was saved, enabled, disabled or removed: the list should ask main again. */
  onChanged: () => void;
}

/**
 * The set-up wizard or Manage, in one dialog (no runtime <style>: no scroll lock). With typed
 * values not yet saved, Escape, a click outside and × ask before closing, and so does closing
 * or reloading the window.
 */
export function IntegrationDialog({
  definition,
  mode,
  configured = false,
  opened,
  session,
  onClose,
  onChanged,
}: IntegrationDialogProps) {
  const { t } = useTranslation();
  const [escapeBlocked, setEscapeBlocked] = useState(false);
  const [unsaved, setUnsaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const shown = opened && definition !== null;
  useBeforeUnloadGuard(shown && unsaved);
  const requestClose = () => {
    if (!unsaved) onClose();
    // Next tick: the question's own Escape listener must not receive the Escape that asked it.
    else window.setTimeout(() => setConfirming(true), 0);
  };
  const title = definition
    ? t(mode === 'setup' && !configured ? 'wizard.setUpTitle' : 'wizard.manageTitle', {
        name: definition.name,
      })
    : undefined;

  return (
    <DeskModal
      opened={shown}
      onClose={requestClose}
      size="xl"
      title={title}
      closeOnEscape={!escapeBlocked && !confirming}
    >
      {definition && opened && (
        <UnsavedValuesContext.Provider value={setUnsaved}>
          <DialogBody
            key={`${definition.id}-${session}`}
            definition={definition}
            mode={mode}
            onClose={onClose}
            onChanged={onChanged}
            onEscapeBlocked={setEscapeBlocked}
          />
        </UnsavedValuesContext.Provider>
      )}
      <DiscardTypedValuesDialog
        opened={shown && confirming}
        onKeep={() => setConfirming(false)}
        onDiscard={() => {
          setConfirming(false);
          setUnsaved(false);
          onClose();
        }}
      />
    </DeskModal>
  );
}

interface Loaded {
  detail: IntegrationDetail;
  redirectUri: string | null;
}

async function load(definition: PlatformDefinition): Promise<IpcResult<Loaded>> {
  const [detail, redirect] = await Promise.all([
    callApi(() => api().getIntegration({ platform: definition.id })),
    definition.authKind === 'oauth2'
      ? callApi(() => api().getRedirectUri({ platform: definition.id }))
      : Promise.resolve(null),
  ]);
  if (!detail.ok) return detail;
  if (redirect && !redirect.ok) return redirect;
  return { ok: true, value: { detail: detail.value, redirectUri: redirect?.value.redirectUri ?? null } };
}

function DialogBody({
  definition,
  mode,
  onClose,
  onChanged,
  onEscapeBlocked,
}: {
  definition: PlatformDefinition;
  mode: DialogMode;
  onClose: () => void;
  onChanged: () => void;
  onEscapeBlocked: (blocked: boolean) => void;
}) {
  const { t } = useTranslation();
  const loader = useCallback(() => load(definition), [definition]);
  const query = useApiQuery(loader);

  // Whatever blocked Escape (a sign-in, a dialog on top) is gone with this body.
  useEffect(() => () => onEscapeBlocked(false), [onEscapeBlocked]);

  if (query.status === 'loading') return <LoadingState label={t('wizard.loading')} />;
  if (!query.result.ok) return <ErrorAlert error={query.result.error} />;
  const { detail, redirectUri } = query.result.value;
  return mode === 'manage' ? (
    <Manage
      definition={definition}
      detail={detail}
      redirectUri={redirectUri}
      onChanged={onChanged}
      onClose={onClose}
      onEscapeBlocked={onEscapeBlocked}
    />
  ) : (
    <Wizard
      definition={definition}
      detail={detail}
      redirectUri={redirectUri}
      onChanged={onChanged}
      onFinish={onClose}
      onEscapeBlocked={onEscapeBlocked}
    />
  );
}
