import { MAX_SHORT_TEXT } from '../ipc/limits';
import { FRESHBOOKS_WRITE_OBJECTS, SAGE_CREDENTIAL_TYPES, ZOHO_REGIONS } from './option-values';
import { isRetiredConfiguration, isSecretField } from './rules';
import { sage } from './sage';
import type { CredentialField, PlatformId } from './types';

/**
 * What a support person may type, one rule set for every process. Main's schemas
 * (configuration.ts, the contract) refuse with these functions' answers as their
 * messages; the set-up wizard and the Clear Books form call them directly, so
 * the renderer refuses the same values with the same words without bundling zod.
 * Each answer is an i18n key under `validation.`, with what its sentence needs.
 */
export interface FieldProblem {
  key: `validation.${string}`;
  values?: Record<string, string | number>;
}

/** The longest client ID or client secret accepted. */
export const MAX_CREDENTIAL_LENGTH = 512;

/** The keychain's limit for one value (Windows Credential Manager): a Clear Books API key may be that long. */
export const MAX_API_KEY_LENGTH = 2560;

/**
 * Keys must contain no spaces at all (the providers' set-up guides insist), no
 * control characters, and nothing outside printable ASCII: OAuth client
 * credentials are VSCHAR (%x20-7E, RFC 6749 Appendix A.1–A.2), so an emoji or
 * a typographic quote means something else was pasted. The first problem only,
 * in this order.
 */
export function keyValueProblem(value: string, max: number): FieldProblem | undefined {
  if (value === '') return { key: 'validation.required' };
  if (value.length > max) return { key: 'validation.tooLong', values: { max } };
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value)) return { key: 'validation.controlCharacters' };
  if (/^\s|\s$/.test(value)) return { key: 'validation.edgeWhitespace' };
  if (/\s/.test(value)) return { key: 'validation.innerWhitespace' };
  if (/[^\x20-\x7e\s]/.test(value)) return { key: 'validation.notAscii' };
  return undefined;
}

/** A client ID or an app's secret. */
export const credentialValueProblem = (value: string) => keyValueProblem(value, MAX_CREDENTIAL_LENGTH);

/** A customer's API key (Clear Books): the wizards' checks, with the keychain's length limit. */
export const apiKeyValueProblem = (value: string) => keyValueProblem(value, MAX_API_KEY_LENGTH);

/** A company's name as the support person types it: judged (and saved) without its edge spaces. */
export function labelProblem(value: string): FieldProblem | undefined {
  const label = value.trim();
  if (label === '') return { key: 'validation.required' };
  if (label.length > MAX_SHORT_TEXT) return { key: 'validation.tooLong', values: { max: MAX_SHORT_TEXT } };
  return undefined;
}

const invalid: FieldProblem = { key: 'validation.invalid' };

/** A list whose every item is one of `values` (repeats are counted, not merged). */
const isListOf = (values: readonly string[], list: unknown): list is readonly string[] =>
  Array.isArray(list) && list.every((item) => values.includes(item as string));

/** Zoho: the data centres enabled for the app in its API console, at least one. */
export function zohoRegionsProblem(regions: unknown): FieldProblem | undefined {
  if (!isListOf(ZOHO_REGIONS, regions) || regions.length > ZOHO_REGIONS.length) return invalid;
  if (regions.length === 0) return { key: 'validation.chooseRegion' };
  return undefined;
}

/** Sage: a retired credential kind (v3.0) stays readable but is never saved again. */
export function sageCredentialTypeProblem(credentialType: unknown): FieldProblem | undefined {
  if (!SAGE_CREDENTIAL_TYPES.includes(credentialType as never)) return invalid;
  return isRetiredConfiguration(sage, { credentialType })
    ? { key: 'validation.credentialsRetired' }
    : undefined;
}

/** FreshBooks: optional write scopes, no more than there are objects to write. */
export function freshBooksWriteScopesProblem(scopes: unknown): FieldProblem | undefined {
  return isListOf(FRESHBOOKS_WRITE_OBJECTS, scopes) && scopes.length <= FRESHBOOKS_WRITE_OBJECTS.length
    ? undefined
    : invalid;
}

/** An on/off option. */
export const switchProblem = (value: unknown): FieldProblem | undefined =>
  typeof value === 'boolean' ? undefined : invalid;

/**
 * The option checks of each platform with an app registration, by option key.
 * No `as const`: Stryker mutates nothing inside one (it reads it as a type).
 */
export const OPTION_CHECKS = {
  zohobooks: {
    regions: zohoRegionsProblem,
    includeLineItems: switchProblem,
    includeCustomerContacts: switchProblem,
  },
  sage: { credentialType: sageCredentialTypeProblem },
  freshbooks: { writeScopes: freshBooksWriteScopesProblem },
} satisfies Partial<Record<PlatformId, Record<string, (value: unknown) => FieldProblem | undefined>>>;

/** Problems by field path (`clientId`, `clientSecret`, `options.regions`…), the first of each field. */
export type FieldProblems = Partial<Record<string, FieldProblem>>;

const CREDENTIAL_FIELDS: readonly CredentialField['id'][] = [
  'clientId',
  'clientSecret',
  'signingSecret',
  'subscriptionKey',
];

/**
 * The field problems of a saveIntegration input as the wizard builds it: the
 * client ID, each secret it sends (one left out keeps the stored one), and the
 * platform's options. Empty exactly when main's schema accepts it, for any input
 * with the platform's own fields (test/unit/field-checks.test.ts).
 */
export function configurationProblems(input: Readonly<Record<string, unknown>>): FieldProblems {
  const problems: FieldProblems = {};
  for (const id of CREDENTIAL_FIELDS) {
    const value = input[id];
    if (value === undefined && isSecretField(id)) continue;
    const problem = typeof value === 'string' ? credentialValueProblem(value) : invalid;
    if (problem) problems[id] = problem;
  }
  const platform = input['platform'];
  const checks: Readonly<Record<string, (value: unknown) => FieldProblem | undefined>> | undefined =
    typeof platform === 'string' && Object.hasOwn(OPTION_CHECKS, platform)
      ? OPTION_CHECKS[platform as keyof typeof OPTION_CHECKS]
      : undefined;
  if (!checks) problems['platform'] = invalid;
  const options = (input['options'] ?? {}) as Readonly<Record<string, unknown>>;
  for (const [key, check] of Object.entries(checks ?? {})) {
    const problem = check(options[key]);
    if (problem) problems[`options.${key}`] = problem;
  }
  return problems;
}
