import type { CredentialField, CredentialKinds, PlatformDefinition, RegionInfo, SetupOption } from './types';

/**
 * What a platform definition implies, read the same way by main and by the
 * renderer: which credential kind and fields, which scopes, which option
 * changes force linked companies to sign in again, whether the redirect must be
 * https, whether a saved set-up is retired. Pure functions of the data.
 */

export type SecretFieldId = Exclude<CredentialField['id'], 'clientId'>;
export type CredentialKind = CredentialKinds['kinds'][number];

export const isSecretField = (id: CredentialField['id']): id is SecretFieldId => id !== 'clientId';

export const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The credential kind these options name (the definition's first when they name none it knows). */
export function credentialKindFor(
  definition: PlatformDefinition,
  options: Readonly<Record<string, unknown>>,
): CredentialKind | undefined {
  const kinds = definition.setup.credentialKinds;
  if (!kinds) return undefined;
  return kinds.kinds.find((k) => k.value === options[kinds.option]) ?? kinds.kinds[0];
}

/** The fields to fill in for the chosen credential kind (all of the definition's when it has no kinds). */
export function credentialFieldsFor(
  definition: PlatformDefinition,
  options: Readonly<Record<string, unknown>>,
): readonly CredentialField[] {
  const kind = credentialKindFor(definition, options);
  return kind
    ? definition.credentialFields.filter((f) => kind.fields.includes(f.id))
    : definition.credentialFields;
}

/** The secrets a saved configuration with these options must hold. */
export function requiredSecretFields(
  definition: PlatformDefinition,
  options: Readonly<Record<string, unknown>>,
): SecretFieldId[] {
  return credentialFieldsFor(definition, options)
    .map((f) => f.id)
    .filter(isSecretField);
}

/** Whether these options name a credential kind the provider no longer accepts (Sage v3.0). */
export function isRetiredConfiguration(
  definition: PlatformDefinition,
  options: Readonly<Record<string, unknown>>,
): boolean {
  const kinds = definition.setup.credentialKinds;
  if (!kinds) return false;
  return kinds.kinds.some((k) => k.retired && k.value === options[kinds.option]);
}

/** The values of a `choice` option a person may pick: a retired credential kind is never offered. */
export function selectableValues(definition: PlatformDefinition, option: SetupOption): readonly string[] {
  if (option.kind !== 'choice' && option.kind !== 'multi') return [];
  const kinds = definition.setup.credentialKinds;
  if (option.kind !== 'choice' || kinds?.option !== option.key) return option.values;
  return option.values.filter((value) => !kinds.kinds.some((k) => k.retired && k.value === value));
}

/**
 * The options as they should start in a form: what is saved where it has the
 * right shape and is still selectable, else the definition's defaults.
 */
export function optionsFor(
  definition: PlatformDefinition,
  saved: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const sameKind = (a: unknown, b: unknown) =>
    Array.isArray(a) ? Array.isArray(b) : typeof a === typeof b && !Array.isArray(b);
  const options: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(definition.setup.defaultOptions)) {
    const value = saved?.[key];
    const option = definition.setup.options.find((o) => o.key === key);
    const offered = option?.kind !== 'choice' || selectableValues(definition, option).includes(String(value));
    options[key] = value !== undefined && sameKind(value, fallback) && offered ? value : fallback;
  }
  return options;
}

/** The scope a chosen `multi` value stands for (FreshBooks: `user:{value}:write`). */
export function scopeFor(definition: PlatformDefinition, value: string): string {
  return (definition.setup.scopeTemplate ?? '{value}').replace('{value}', value);
}

/** The scopes a link asks for: the required ones, then each chosen `multi` value through the template. */
export function scopesFor(
  definition: PlatformDefinition,
  options: Readonly<Record<string, unknown>>,
): string[] {
  const { requiredScopes = [], scopeTemplate } = definition.setup;
  const chosen = scopeTemplate
    ? definition.setup.options
        .filter((o) => o.kind === 'multi')
        .flatMap((o) =>
          asStrings(options[o.key])
            .filter((value) => o.values.includes(value))
            .map((value) => scopeFor(definition, value)),
        )
    : [];
  return [...requiredScopes, ...chosen];
}

/** Whether saving `next` over `saved` changes an option that forces linked companies to sign in again. */
export function changesReauthOptions(
  definition: PlatformDefinition,
  saved: Readonly<Record<string, unknown>>,
  next: Readonly<Record<string, unknown>>,
): boolean {
  const set = (value: unknown) => JSON.stringify([...new Set(asStrings(value))].sort());
  return definition.setup.options.some(
    (o) => o.kind === 'multi' && o.reauthOnChange && set(saved[o.key]) !== set(next[o.key]),
  );
}

/** Whether the provider's redirect URI must be https (served by the loopback listener with its own certificate). */
export function needsHttpsRedirect(definition: PlatformDefinition): boolean {
  return definition.httpsRedirectOnly === true;
}

/** Regions a company can be linked in: supported ones, and those the provider does not document but may serve. */
export function linkableRegions(definition: PlatformDefinition): RegionInfo[] {
  return definition.regions.filter((r) => r.support === 'supported' || r.support === 'unconfirmed');
}

/** Live refresh tokens the provider keeps per user and app, when it caps them. */
export function refreshTokenCap(definition: PlatformDefinition): number | undefined {
  return definition.refreshTokens?.capPerUser;
}

/** Warn when a provider user holds this many live refresh tokens: two short of the cap. */
export function refreshTokenCapWarningAt(definition: PlatformDefinition): number | undefined {
  const cap = refreshTokenCap(definition);
  return cap === undefined ? undefined : cap - 2;
}

/** Days a refresh token lives unused, when it expires that way (Sage: 31). */
export function refreshTokenIdleLifetimeDays(definition: PlatformDefinition): number | undefined {
  return definition.refreshTokens?.idleLifetimeDays;
}
