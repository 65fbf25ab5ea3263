import { z } from '../ipc/zod';
import { FRESHBOOKS_WRITE_OBJECTS, SAGE_CREDENTIAL_TYPES, ZOHO_REGIONS } from './option-values';
import { isRetiredConfiguration } from './rules';
import { sage } from './sage';

export { FRESHBOOKS_WRITE_OBJECTS, SAGE_CREDENTIAL_TYPES, ZOHO_REGIONS };

/**
 * What a support person types when setting up an integration, validated the
 * same way in the wizard and in main. Messages are i18n keys under
 * `validation.` so each field's error is a sentence in the user's language.
 */
export const MAX_CREDENTIAL_LENGTH = 512;

/** The keychain's limit for one value (Windows Credential Manager): a Clear Books API key may be that long. */
export const MAX_API_KEY_LENGTH = 2560;

/**
 * Keys must contain no spaces at all (the providers' set-up guides insist), no
 * control characters, and nothing outside printable ASCII: OAuth client
 * credentials are VSCHAR (%x20-7E, RFC 6749 Appendix A.1–A.2), so an emoji or
 * a typographic quote means something else was pasted.
 */
function keyValueSchema(max: number) {
  return (
    z
      .string()
      .min(1, 'validation.required')
      .max(max, 'validation.tooLong')
      // eslint-disable-next-line no-control-regex -- refusing control characters is the point
      .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'validation.controlCharacters')
      .refine((v) => !/^\s|\s$/.test(v), 'validation.edgeWhitespace')
      .refine((v) => !/\s/.test(v), 'validation.innerWhitespace')
      .refine((v) => !/[^\x20-\x7e\s]/.test(v), 'validation.notAscii')
  );
}

export const credentialValueSchema = keyValueSchema(MAX_CREDENTIAL_LENGTH);

/** A customer's API key (Clear Books): the wizards' checks, with the keychain's length limit. */
export const apiKeyValueSchema = keyValueSchema(MAX_API_KEY_LENGTH);

export const zohoOptionsSchema = z.strictObject({
  /** Data centres enabled for the app in Zoho's API console. */
  regions: z.array(z.enum(ZOHO_REGIONS)).min(1, 'validation.chooseRegion').max(ZOHO_REGIONS.length),
  /** Off by default to stay within Zoho's rate limits. */
  includeLineItems: z.boolean(),
  includeCustomerContacts: z.boolean(),
});

/** A retired credential kind (Sage v3.0) stays readable but is never saved again. */
export const sageOptionsSchema = z.strictObject({
  credentialType: z
    .enum(SAGE_CREDENTIAL_TYPES)
    .refine(
      (credentialType) => !isRetiredConfiguration(sage, { credentialType }),
      'validation.credentialsRetired',
    ),
});

export const freshBooksOptionsSchema = z.strictObject({
  writeScopes: z.array(z.enum(FRESHBOOKS_WRITE_OBJECTS)).max(FRESHBOOKS_WRITE_OBJECTS.length),
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
