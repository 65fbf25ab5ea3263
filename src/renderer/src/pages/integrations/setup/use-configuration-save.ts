import { useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';

import type { DeskApi } from '@shared/ipc/api';
import type { IntegrationDetail } from '@shared/ipc/schemas';
import type { IntegrationConfigurationInput } from '@shared/platforms/configuration';
import type { PlatformDefinition } from '@shared/platforms';
import { api } from '../../../api';
import { useApiAction } from '../../../use-api-action';
import { validate, type Draft, type FieldErrors } from './model';

type SaveReply = Extract<Awaited<ReturnType<DeskApi['saveIntegration']>>, { ok: true }>['value'];

/** How one press of Save ended. */
export type SaveOutcome =
  | { status: 'invalid'; errors: FieldErrors }
  /** A save under way, or `beforeSend` held this one back (a question to answer first). */
  | { status: 'notSent' }
  /** Main refused: `error` says why. */
  | { status: 'failed' }
  | { status: 'saved'; value: SaveReply };

/** Focuses the first field showing an error inside `root` (a checkbox group's first box counts). */
export function focusFirstInvalid(root: HTMLElement | null) {
  root?.querySelector<HTMLElement>('[aria-invalid="true"], [data-error] input')?.focus();
}

/**
 * The wizard's and Manage's one save path: validate the draft with the
 * contract's schema, send it, and say how it ended. Focus goes to the first
 * invalid field inside `formRef` after a refused attempt.
 *
 * Call it after any effect that moves focus on the same change (the wizard's
 * step heading): effects run in order, so the invalid field gets the last word.
 */
export function useConfigurationSave<Root extends HTMLElement = HTMLElement>(
  definition: PlatformDefinition,
  setDraft: Dispatch<SetStateAction<Draft>>,
) {
  const sending = useApiAction((input: IntegrationConfigurationInput) => {
    // The typed secrets leave the renderer's state as they are sent, whatever main answers.
    setDraft((current) => ({ ...current, secrets: {} }));
    return api().saveIntegration(input);
  });
  const [invalidAttempt, setInvalidAttempt] = useState(0);
  const formRef = useRef<Root>(null);

  useEffect(() => {
    if (invalidAttempt > 0) focusFirstInvalid(formRef.current);
  }, [invalidAttempt]);
  /** After the next render (which shows the errors), focus the first invalid field. */
  const focusInvalid = () => setInvalidAttempt((n) => n + 1);

  async function save(
    draft: Draft,
    stored: IntegrationDetail | null,
    {
      onInvalid,
      beforeSend,
    }: {
      /** Runs at once on a refusal, so what it changes (the wizard's step) renders with the focus move. */
      onInvalid?: (errors: FieldErrors) => void;
      /** Runs once the draft is valid; `false` sends nothing this time. */
      beforeSend?: () => boolean;
    } = {},
  ): Promise<SaveOutcome> {
    if (sending.working) return { status: 'notSent' };
    const checked = validate(definition, draft, stored);
    if (!checked.input) {
      onInvalid?.(checked.errors);
      focusInvalid();
      return { status: 'invalid', errors: checked.errors };
    }
    if (beforeSend && !beforeSend()) return { status: 'notSent' };
    const result = await sending.run(checked.input);
    if (!result) return { status: 'notSent' };
    return result.ok ? { status: 'saved', value: result.value } : { status: 'failed' };
  }

  return { save, saving: sending.working, error: sending.error, focusInvalid, formRef };
}
