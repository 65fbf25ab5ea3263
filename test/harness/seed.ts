import type Database from 'better-sqlite3';

import { PLATFORM_IDS, type PlatformId } from '../../src/shared/platforms';

const DAY = 24 * 3600 * 1000;

/** A connection's server as storeOAuth writes it (ConnectionServer), so rows are as long as real ones. */
function seedServer(platform: PlatformId, region: string): string {
  const host = `https://${platform}.${region}.example`;
  return JSON.stringify({
    region,
    issuer: `${host}/`,
    tokenEndpoint: `${host}/oauth/v2/token`,
    revocationEndpoint: `${host}/oauth/v2/token/revoke`,
    apiBase: `${host}/api/v3`,
  });
}

/**
 * Fills the store with many connections (metadata only: no keychain items), in
 * a spread of health states, for benchmarks and the review screen's tests.
 * Deterministic for a given count and clock.
 */
export function seedConnections(db: Database.Database, count: number, now: number): void {
  const insert = db.prepare(
    `INSERT INTO connections (id, platform, kind, label, external_id, region, status, scopes_json, token_expires_at,
       refresh_expires_at, secret_ref, secret_fingerprint, created_at, secret_set_at, last_verified_at, last_error, secret_had_whitespace,
       server_json, owner_key)
     VALUES (@id, @platform, @kind, @label, @externalId, @region, @status, @scopes, @tokenExpiresAt, @refreshExpiresAt,
       @secretRef, @fingerprint, @createdAt, @createdAt, @lastVerifiedAt, @lastError, @whitespace, @server, @ownerKey)`,
  );
  const iso = (ms: number) => new Date(ms).toISOString();
  db.transaction(() => {
    for (const platform of PLATFORM_IDS) {
      db.prepare(
        `INSERT INTO integrations (platform, enabled, client_id, configured_at, updated_at, secret_set_at) VALUES (?, 1, ?, ?, ?, ?)
         ON CONFLICT(platform) DO NOTHING`,
      ).run(
        platform,
        platform === 'clearbooks' ? null : `${platform}-client`,
        iso(now - 90 * DAY),
        iso(now - 90 * DAY),
        iso(now - 90 * DAY),
      );
    }
    for (let i = 0; i < count; i++) {
      const platform = PLATFORM_IDS[i % PLATFORM_IDS.length] as PlatformId;
      const created = now - (i % 400) * DAY;
      insert.run({
        id: `conn-seed-${i}`,
        platform,
        kind: platform === 'clearbooks' ? 'apiKey' : 'oauth',
        label: `Company ${String(i).padStart(5, '0')} ${['Ltd', 'Inc', 'SARL', 'LLP'][i % 4]}`,
        externalId: `ext-${i}`,
        region: ['uk', 'us', 'eu', 'ca'][i % 4],
        status: i % 23 === 0 ? 'needsReauth' : 'linked',
        scopes: JSON.stringify(platform === 'sage' ? ['readonly'] : []),
        tokenExpiresAt: platform === 'clearbooks' ? null : iso(now + ((i % 7) - 3) * 3600 * 1000),
        refreshExpiresAt: platform === 'sage' ? iso(now + ((i % 40) - 5) * DAY) : null,
        secretRef: `connection-seed-${i}`,
        fingerprint: `hmac-sha256:${i.toString(16).padStart(4, '0')} 0000 0000 0000 0000 0000 0000 0000`,
        createdAt: iso(created),
        lastVerifiedAt: i % 11 === 0 ? null : iso(now - (i % 60) * DAY),
        lastError: i % 17 === 0 ? 'RATE_LIMITED' : null,
        whitespace: i % 97 === 0 ? 1 : 0,
        server: platform === 'clearbooks' ? '{}' : seedServer(platform, ['uk', 'us', 'eu', 'ca'][i % 4]!),
        // Zoho links carry the provider user who signed in (a fingerprint): two or three links each.
        ownerKey:
          platform === 'zohobooks'
            ? `hmac-sha256:${(Math.floor(i / 4) % 1000).toString(16).padStart(64, '0')}`
            : null,
      });
    }
  })();
}
