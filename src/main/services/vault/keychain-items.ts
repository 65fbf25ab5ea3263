import { randomUUID } from 'node:crypto';

import { ORPHAN_ACCOUNT_PATTERN } from '@shared/ipc/schemas';
import { z } from '@shared/ipc/zod';

import { PLATFORM_IDS, type CredentialField, type PlatformId } from '@shared/platforms';

/**
 * Every kind of item this app keeps in the keychain, in one place: the account
 * names (opaque: no customer or provider name, no '/') and the value formats.
 * Nothing else builds or parses an item.
 *
 * Integration and connection secrets are versioned: each write makes a new item
 * under a fresh account and the SQLite row points at it (see
 * docs/ARCHITECTURE.md, "Keychain and SQLite"). The other items stand alone.
 */

/** The per-install fingerprint key (32 random bytes, base64). */
export const FINGERPRINT_KEY_ACCOUNT = 'fingerprint-key';
/** The loopback https certificate and its private key. */
export const LOOPBACK_TLS_ACCOUNT = 'loopback-tls';

// Typed, not `as const`, here and below: Stryker mutates nothing inside an `as const` expression.
const PREFIXES: Readonly<Record<VersionedItemKind | 'probe', string>> = {
  integration: 'integration-',
  connection: 'connection-',
  probe: 'keychain-probe-',
};

export type VersionedItemKind = 'integration' | 'connection';
export type AccountKind = VersionedItemKind | 'probe' | 'fingerprintKey' | 'loopbackTls' | 'unknown';

/** A fresh account for a new version of an integration's or a connection's secret. */
export function newSecretAccount(kind: VersionedItemKind): string {
  return `${PREFIXES[kind]}${randomUUID()}`;
}

/** A fresh account for the health probe's throwaway item. */
export function newProbeAccount(): string {
  return `${PREFIXES.probe}${randomUUID()}`;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const VERSIONED_ACCOUNT = new RegExp(`^(integration|connection)-${UUID}$`);

export function accountKind(account: string): AccountKind {
  if (account === FINGERPRINT_KEY_ACCOUNT) return 'fingerprintKey';
  if (account === LOOPBACK_TLS_ACCOUNT) return 'loopbackTls';
  if (account.startsWith(PREFIXES.probe)) return 'probe';
  const match = VERSIONED_ACCOUNT.exec(account);
  return match ? (match[1] as VersionedItemKind) : 'unknown';
}

/** An account the review may offer to delete: an item named like a secret of this app. */
export { ORPHAN_ACCOUNT_PATTERN };

// ---- integration: the app registration's secret fields, one item per version ----

type SecretFieldId = CredentialField['id'];
const SECRET_FIELDS = ['clientSecret', 'signingSecret', 'subscriptionKey'] satisfies [
  SecretFieldId,
  ...SecretFieldId[],
];
const secretValue = z.string().min(1);

const integrationItemSchema = z.object({
  v: z.literal(1),
  kind: z.literal('integration'),
  platform: z.enum(PLATFORM_IDS),
  fields: z.partialRecord(z.enum(SECRET_FIELDS), secretValue),
});
export type IntegrationItem = z.infer<typeof integrationItemSchema>;
export type IntegrationSecretFields = IntegrationItem['fields'];

export function integrationItem(platform: PlatformId, fields: IntegrationSecretFields): string {
  return JSON.stringify({ v: 1, kind: 'integration', platform, fields } satisfies IntegrationItem);
}

// ---- connection: a refresh token (OAuth) or an API key (Clear Books), one item per version ----

const connectionItemSchema = z.discriminatedUnion('kind', [
  z.object({ v: z.literal(1), kind: z.literal('oauth'), refreshToken: secretValue }),
  z.object({ v: z.literal(1), kind: z.literal('apiKey'), apiKey: secretValue }),
]);
export type ConnectionItem = z.infer<typeof connectionItemSchema>;

export const oauthItem = (refreshToken: string): ConnectionItem => ({ v: 1, kind: 'oauth', refreshToken });
export const apiKeyItem = (apiKey: string): ConnectionItem => ({ v: 1, kind: 'apiKey', apiKey });

/** The item as stored. */
export function connectionItem(item: ConnectionItem): string {
  return JSON.stringify(item);
}

/** The one value a connection item holds: what its fingerprint is taken of. */
export function connectionSecret(item: ConnectionItem): string {
  return item.kind === 'oauth' ? item.refreshToken : item.apiKey;
}

// ---- loopback certificate ----

const loopbackTlsSchema = z.object({ key: z.string().min(1), cert: z.string().min(1) });
export type LoopbackTlsItem = z.infer<typeof loopbackTlsSchema>;

export function loopbackTlsItem(tls: LoopbackTlsItem): string {
  return JSON.stringify({ key: tls.key, cert: tls.cert } satisfies LoopbackTlsItem);
}

// ---- parsing: a value that does not match its format is treated as unreadable, never guessed at ----

function parseJson<T>(schema: z.ZodType<T>, value: string | null): T | null {
  if (value === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const parseIntegrationItem = (value: string | null): IntegrationItem | null =>
  parseJson(integrationItemSchema, value);
export const parseConnectionItem = (value: string | null): ConnectionItem | null =>
  parseJson(connectionItemSchema, value);
export const parseLoopbackTlsItem = (value: string | null): LoopbackTlsItem | null =>
  parseJson(loopbackTlsSchema, value);

/** The fingerprint key as stored: 32 bytes in base64; anything else is unreadable. */
export function parseFingerprintKey(value: string | null): Buffer | null {
  if (value === null) return null;
  const key = Buffer.from(value, 'base64');
  return key.length === 32 && key.toString('base64') === value ? key : null;
}

export function fingerprintKeyItem(key: Buffer): string {
  return key.toString('base64');
}
