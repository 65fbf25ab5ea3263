import type { Dispatch, SetStateAction } from 'react';

import type { IntegrationDetail } from '@shared/ipc/schemas';
import {
  integrationConfigurationSchema,
  MAX_CREDENTIAL_LENGTH,
  type IntegrationConfigurationInput,
} from '@shared/platforms/configuration';
import { api, callApi } from '../../../api';
import type {
  CredentialField,
  PlatformDefinition,
  SetupNote,
  SetupOption,
  SetupStepId,
} from '@shared/platforms';

export type FieldId = CredentialField['id'];
export type SecretFieldId = Exclude<FieldId, 'clientId'>;

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
export interface FieldError {
  key: string;
  values?: Record<string, string | number>;
}

/** Errors by field path: `clientId`, `clientSecret`, `options.regions`… */
export type FieldErrors = Partial<Record<string, FieldError>>;

const sameKind = (a: unknown, b: unknown) =>
  Array.isArray(a) ? Array.isArray(b) : typeof a === typeof b && !Array.isArray(b);

/** The options a definition knows, from what is saved where it has the right shape, else the defaults. */
export function initialOptions(definition: PlatformDefinition, saved: Record<string, unknown> | undefined) {
  const options: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(definition.setup.defaultOptions)) {
    const value = saved?.[key];
    options[key] = value !== undefined && sameKind(value, fallback) ? value : fallback;
  }
  return options;
}

export function initialDraft(definition: PlatformDefinition, detail: IntegrationDetail | null): Draft {
  const saved = detail?.configured ? detail : null;
  return {
    clientId: saved?.clientId ?? '',
    secrets: {},
    options: initialOptions(definition, saved?.options),
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

/** The credential kind chosen (Sage: v3.1 or legacy v3.0), when the platform has kinds. */
export function credentialKind(definition: PlatformDefinition, options: Record<string, unknown>) {
  const kinds = definition.setup.credentialKinds;
  if (!kinds) return undefined;
  return kinds.kinds.find((k) => k.value === options[kinds.option]) ?? kinds.kinds[0];
}

/** The fields to fill in for the chosen credential kind (all of the definition's when it has none). */
export function credentialFields(
  definition: PlatformDefinition,
  options: Record<string, unknown>,
): readonly CredentialField[] {
  const kind = credentialKind(definition, options);
  return kind
    ? definition.credentialFields.filter((f) => kind.fields.includes(f.id))
    : definition.credentialFields;
}

export const isSecretField = (id: FieldId): id is SecretFieldId => id !== 'clientId';

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
  for (const field of credentialFields(definition, draft.options)) {
    if (!isSecretField(field.id)) continue;
    const value = draft.secrets[field.id] ?? '';
    if (value !== '' || !stored?.secretFingerprints[field.id]) input[field.id] = value;
  }
  return input;
}

/** Checks a draft with the contract's own schema; errors are keyed by field path, first refusal only. */
export function validate(
  definition: PlatformDefinition,
  draft: Draft,
  stored: IntegrationDetail | null,
): { input: IntegrationConfigurationInput; errors: FieldErrors } | { input: null; errors: FieldErrors } {
  const parsed = integrationConfigurationSchema.safeParse(buildInput(definition, draft, stored));
  if (parsed.success) return { input: parsed.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.');
    if (errors[path]) continue;
    // Only the schema's own validation.* keys name a sentence; anything else reads as generic.
    const key = issue.message.startsWith('validation.') ? issue.message : 'validation.invalid';
    errors[path] = key === 'validation.tooLong' ? { key, values: { max: MAX_CREDENTIAL_LENGTH } } : { key };
  }
  return { input: null, errors };
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

export const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The scopes an app with these options asks for: the required ones plus each chosen `multi` value. */
export function scopesFor(definition: PlatformDefinition, options: Record<string, unknown>): string[] {
  const { requiredScopes = [], scopeTemplate } = definition.setup;
  const chosen = scopeTemplate
    ? definition.setup.options
        .filter((o) => o.kind === 'multi')
        .flatMap((o) => asStrings(options[o.key]).map((value) => scopeTemplate.replace('{value}', value)))
    : [];
  return [...requiredScopes, ...chosen];
}

/** Whether saving these options changes a set that forces linked companies to re-authorise. */
export function changesReauthOptions(
  definition: PlatformDefinition,
  saved: Record<string, unknown>,
  options: Record<string, unknown>,
): boolean {
  const sorted = (value: unknown) => JSON.stringify([...asStrings(value)].sort());
  return definition.setup.options.some(
    (o) => o.kind === 'multi' && o.reauthOnChange && sorted(saved[o.key]) !== sorted(options[o.key]),
  );
}

/** The notes to show on a step for the current options. */
export function notesFor(
  definition: PlatformDefinition,
  step: SetupStepId,
  options: Record<string, unknown>,
): SetupNote[] {
  return definition.setup.notes.filter(
    (n) => n.step === step && (!n.when || options[n.when.option] === n.when.equals),
  );
}

export function optionsOfStep(definition: PlatformDefinition, step: SetupStepId): SetupOption[] {
  return definition.setup.options.filter((o) => o.step === step);
}

/**
 * Sends a validated configuration to main. The typed secrets leave the
 * renderer's state as they are sent, whatever main answers: they are never
 * kept after a submit.
 */
export function sendConfiguration(
  input: IntegrationConfigurationInput,
  setDraft: Dispatch<SetStateAction<Draft>>,
) {
  setDraft((current) => ({ ...current, secrets: {} }));
  return callApi(() => api().saveIntegration(input));
}
