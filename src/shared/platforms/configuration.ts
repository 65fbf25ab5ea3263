import { z } from '../ipc/zod';
import {
  apiKeyValueProblem,
  credentialValueProblem,
  freshBooksWriteScopesProblem,
  labelProblem,
  MAX_API_KEY_LENGTH,
  MAX_CREDENTIAL_LENGTH,
  sageCredentialTypeProblem,
  zohoRegionsProblem,
  type FieldProblem,
} from './field-checks';
import { MAX_SHORT_TEXT } from '../ipc/limits';
import { FRESHBOOKS_WRITE_OBJECTS, SAGE_CREDENTIAL_TYPES, ZOHO_REGIONS } from './option-values';

export { FRESHBOOKS_WRITE_OBJECTS, SAGE_CREDENTIAL_TYPES, ZOHO_REGIONS };
export { MAX_API_KEY_LENGTH, MAX_CREDENTIAL_LENGTH };

/**
 * What a support person types when setting up an integration. What is refused,
 * and in which words, is decided by field-checks.ts, which the renderer's forms
 * call too: these schemas add the types and bounds, and report a field check's
 * answer as the issue's message (an i18n key under `validation.`).
 */
function refusedBy<T>(check: (value: T) => FieldProblem | undefined) {
  return (value: T, ctx: z.RefinementCtx<T>) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.key, params: problem.values });
  };
}

// Each `.max()` after a field check is the bound JSON Schema (and the contract's bounds test) reads;
// the check has already refused a longer value with its own key.
export const credentialValueSchema = z
  .string()
  .superRefine(refusedBy(credentialValueProblem))
  .max(MAX_CREDENTIAL_LENGTH);

/** A customer's API key (Clear Books): the wizards' checks, with the keychain's length limit. */
export const apiKeyValueSchema = z
  .string()
  .superRefine(refusedBy(apiKeyValueProblem))
  .max(MAX_API_KEY_LENGTH);

/** A company's name as typed: saved without its edge spaces. */
export const labelSchema = z.string().trim().superRefine(refusedBy(labelProblem)).max(MAX_SHORT_TEXT);

export const zohoOptionsSchema = z.strictObject({
  /** Data centres enabled for the app in Zoho's API console. */
  regions: z.array(z.enum(ZOHO_REGIONS)).superRefine(refusedBy(zohoRegionsProblem)).max(ZOHO_REGIONS.length),
  /** Off by default to stay within Zoho's rate limits. */
  includeLineItems: z.boolean(),
  includeCustomerContacts: z.boolean(),
});

/** A retired credential kind (Sage v3.0) stays readable but is never saved again. */
export const sageOptionsSchema = z.strictObject({
  credentialType: z.enum(SAGE_CREDENTIAL_TYPES).superRefine(refusedBy(sageCredentialTypeProblem)),
});

export const freshBooksOptionsSchema = z.strictObject({
  writeScopes: z
    .array(z.enum(FRESHBOOKS_WRITE_OBJECTS))
    .superRefine(refusedBy(freshBooksWriteScopesProblem))
    .max(FRESHBOOKS_WRITE_OBJECTS.length),
});

const secret = credentialValueSchema.optional();

/** Saving an app registration. Secrets may be left out on a re-save to keep the stored ones. */
export const integrationConfigurationSchema = z.discriminatedUnion('platform', [
  z.strictObject({
    platform: z.literal('zohobooks'),
    clientId: credentialValueSchema,
    clientSecret: secret,
    options: zohoOptionsSchema,
  }),
  z.strictObject({
    platform: z.literal('sage'),
    clientId: credentialValueSchema,
    clientSecret: secret,
    signingSecret: secret,
    subscriptionKey: secret,
    options: sageOptionsSchema,
  }),
  z.strictObject({
    platform: z.literal('freshbooks'),
    clientId: credentialValueSchema,
    clientSecret: secret,
    options: freshBooksOptionsSchema,
  }),
]);
export type IntegrationConfigurationInput = z.infer<typeof integrationConfigurationSchema>;
