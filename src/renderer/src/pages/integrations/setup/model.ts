import type { TFunction } from 'i18next';

import type { IntegrationDetail } from '@shared/ipc/schemas';
import type { IntegrationConfigurationInput } from '@shared/platforms/configuration';
import { configurationProblems, type FieldProblem, type FieldProblems } from '@shared/platforms/field-checks';
import {
  credentialFieldsFor,
  isSecretField,
  optionsFor,
  type CredentialField,
  type PlatformDefinition,
  type SecretFieldId,
  type SetupNote,
  type SetupOption,
  type SetupStepId,
} from '@shared/platforms';

export type FieldId = CredentialField['id'];
export type { SecretFieldId };

/**
 * What the support person has typed so far. Secrets live here only until they
 * are sent: the wizard empties them as soon as a save goes out, whatever the answer.
 */
export interface Draft {
  clientId: string;
  secrets: Partial<Record<SecretFieldId, string>>;
  options: Record<string, unknown>;
}

/** A field's refusal: a `validation.*` catalog key and what its sentence needs. */
export type FieldError = FieldProblem;

/** Errors by field path: `clientId`, `clientSecret`, `options.regions`… */
export type FieldErrors = FieldProblems;

/**
 * A form's starting point. A set-up with retired credentials (Sage v3.0) starts
 * from the current kind, with its client ID left for the new app's.
 */
export function initialDraft(definition: PlatformDefinition, detail: IntegrationDetail | null): Draft {
  const saved = detail?.configured ? detail : null;
  return {
    clientId: saved && !saved.retired ? (saved.clientId ?? '') : '',
    secrets: {},
    options: optionsFor(definition, saved?.options),
  };
}

/** Whether two drafts hold the same values (an empty secret counts as not typed). */
export function sameDraft(a: Draft, b: Draft): boolean {
  const typed = (draft: Draft) =>
    JSON.stringify([
      draft.clientId,
      Object.entries(draft.secrets)
        .filter(([, value]) => value)
        .sort(([x], [y]) => x.localeCompare(y)),
      draft.options,
    ]);
  return typed(a) === typed(b);
}

/**
 * The saveIntegration input for a draft. An empty secret whose value is already
 * stored is left out, so main keeps the stored one; otherwise it is sent (and an
 * empty one is refused as required).
 */
export function buildInput(definition: PlatformDefinition, draft: Draft, stored: IntegrationDetail | null) {
  const input: Record<string, unknown> = {
    platform: definition.id,
    clientId: draft.clientId,
    options: draft.options,
  };
  for (const field of credentialFieldsFor(definition, draft.options)) {
    if (!isSecretField(field.id)) continue;
    const value = draft.secrets[field.id] ?? '';
    if (value !== '' || !stored?.secretFingerprints[field.id]) input[field.id] = value;
  }
  return input;
}

/**
 * Checks a draft with the field checks main's schema applies (field-checks.ts); errors are keyed
 * by field path, first refusal only. Main checks the input again when it arrives.
 */
export function validate(
  definition: PlatformDefinition,
  draft: Draft,
  stored: IntegrationDetail | null,
): { input: IntegrationConfigurationInput; errors: FieldErrors } | { input: null; errors: FieldErrors } {
  const input = buildInput(definition, draft, stored);
  const errors = configurationProblems(input);
  if (Object.keys(errors).length > 0) return { input: null, errors };
  // What the checks accept, main's schema accepts (test/unit/field-checks.test.ts holds them to it).
  return { input: input as IntegrationConfigurationInput, errors };
}

/** The wizard step where a field path is filled in. */
export function stepOfPath(definition: PlatformDefinition, path: string): SetupStepId {
  if (path.startsWith('options.')) {
    const key = path.split('.')[1];
    return definition.setup.options.find((o) => o.key === key)?.step ?? 'review';
  }
  return 'credentials';
}

/** A soft warning only: the client ID does not have the provider's usual shape. */
export function clientIdLooksUnusual(definition: PlatformDefinition, clientId: string): boolean {
  const pattern = definition.credentialFields.find((f) => f.id === 'clientId')?.usualPattern;
  return Boolean(pattern && clientId !== '' && !pattern.test(clientId));
}

/** The notes to show on a step. */
export function notesFor(definition: PlatformDefinition, step: SetupStepId): SetupNote[] {
  return definition.setup.notes.filter((n) => n.step === step);
}

export function optionsOfStep(definition: PlatformDefinition, step: SetupStepId): SetupOption[] {
  return definition.setup.options.filter((o) => o.step === step);
}

/** A field's refusal in words, for an input's `error`. */
export const fieldErrorText = (t: TFunction, error: FieldError | undefined) =>
  error ? t(error.key, error.values) : undefined;
