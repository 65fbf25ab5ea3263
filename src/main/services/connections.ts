import { randomUUID } from 'node:crypto';

import type { AuditReason } from '@shared/audit';
import { AppError } from '@shared/ipc/errors';
import type { ConnectionSummary, DisconnectResult } from '@shared/ipc/schemas';
import { getPlatform, refreshTokenCap, refreshTokenCapWarningAt, type PlatformId } from '@shared/platforms';
import { API_KEY_ADAPTER } from '../platforms';
import type { ProviderEndpoints } from '../platforms/endpoints';
import type { ConnectionServer, OAuthAdapter, OAuthClientConfig } from '../platforms/types';
import type { IntegrationService, SecretWritingDeps } from './integrations';
import type { LinkedTokens, StoredLink } from './oauth/flows';
import { cleanProviderText } from './oauth/provider-errors';
import { retryDecision } from './oauth/retry-policy';
import {
  refreshTokens,
  revokeToken,
  type RevokeOutcome,
  type TokenClientContext,
} from './oauth/token-client';
import type {
  ConnectionColumns,
  ConnectionListRow,
  ConnectionRow,
  ConnectionsTable,
} from './store/connections-table';
import type { IntegrationsTable } from './store/integrations-table';
import {
  apiKeyItem,
  connectionItem,
  connectionSecret,
  oauthItem,
  parseConnectionItem,
  type ConnectionItem,
} from './vault/keychain-items';
import { assertStorableSecret } from './vault/secret-store';

export interface ConnectionDeps extends SecretWritingDeps {
  table: ConnectionsTable;
  integrationsTable: IntegrationsTable;
  integrations: IntegrationService;
  endpoints: ProviderEndpoints;
  adapterFor(platform: PlatformId): OAuthAdapter;
  fetchImpl: typeof fetch;
  /** Pause between retries of a transient failure, as long as the retry policy says (injected so tests need not wait). */
  backoff(attempt: number, delayMs: number): Promise<void>;
}

/**
 * Linked companies: their tokens or API keys (keychain) and metadata (SQLite).
 * Access tokens stay in memory only. Every secret change goes through
 * SecretVersions, so SQLite is the single commit point and a crash at any step
 * is finished or undone at start-up.
 */
export class ConnectionService {
  private readonly accessTokens = new Map<string, { token: string; expiresAt: number }>();
  private readonly refreshing = new Map<string, Promise<string>>();
  /** Connections whose rotated refresh token could not be stored: start-up rolls it forward. */
  private readonly rotationsNotStored = new Set<string>();

  constructor(private readonly deps: ConnectionDeps) {}

  list(platform?: PlatformId): ConnectionSummary[] {
    return this.deps.table.list(platform).map(toSummary);
  }

  get(id: string): ConnectionSummary {
    return toSummary(this.row(id));
  }

  /**
   * Stores a connection from a completed OAuth flow. Re-linking the same company
   * replaces its secret, and the refresh token it replaces is revoked at the
   * provider: a leftover one still works there, and Zoho counts it against the
   * user's 20 (the 21st silently deletes the oldest, maybe another company's).
   */
  async storeOAuth(linked: LinkedTokens): Promise<StoredLink> {
    const refreshToken = linked.tokens.refresh_token;
    if (!refreshToken) throw new AppError('PROVIDER_ERROR', 'No refresh token issued');
    const now = this.deps.clock();
    const adapter = this.deps.adapterFor(linked.platform);
    // Where the provider caps live refresh tokens per user (Zoho), the user who signed in, as a
    // fingerprint: never their identity itself.
    const ownerKey = linked.ownerHint
      ? await this.deps.fingerprint(`provider-user:${linked.ownerHint}`)
      : null;
    const replaced = await this.replacedRefreshToken(linked.platform, linked.account.externalId);
    const granted =
      typeof linked.tokens.scope === 'string'
        ? linked.tokens.scope.split(/[\s,]+/).filter(Boolean)
        : linked.requestedScopes;
    const expiresIn = linked.tokens.expires_in ?? 3600;
    const refreshLifetime =
      numberField(linked.tokens['refresh_token_expires_in']) ?? adapter.refreshTokenLifetimeSeconds;
    const id = await this.storeSecretAndRow(
      linked.platform,
      linked.account.externalId,
      oauthItem(refreshToken),
      // Tokens the provider issued may already have replaced the company's old one: keep them.
      'rollForward',
      {
        kind: 'oauth',
        label: linked.account.label,
        region: linked.server.region,
        scopes_json: JSON.stringify(granted),
        scopes_requested_json: JSON.stringify(linked.requestedScopes),
        token_expires_at: new Date(now.getTime() + expiresIn * 1000).toISOString(),
        refresh_expires_at: refreshLifetime
          ? new Date(now.getTime() + refreshLifetime * 1000).toISOString()
          : null,
        server_json: JSON.stringify(linked.server),
        owner_key: ownerKey,
        // The flow has just reached the company with these tokens (the provider listed it): that is a verification.
        last_verified_at: now.toISOString(),
      },
    );
    this.accessTokens.set(id, {
      token: linked.tokens.access_token,
      expiresAt: now.getTime() + expiresIn * 1000,
    });
    if (replaced && replaced.refreshToken !== refreshToken)
      await this.revokeReplaced(id, linked.platform, replaced, linked.client);
    return { connectionId: id, ...this.tokenCapWarning(linked.platform, ownerKey) };
  }

  /** The refresh token (and where it lives) of the connection a re-link of this company replaces. */
  private async replacedRefreshToken(
    platform: PlatformId,
    externalId: string,
  ): Promise<{ refreshToken: string; server: ConnectionServer } | null> {
    const row = this.deps.table.findLinked(platform, externalId);
    if (!row?.secret_ref) return null;
    const secret = parseConnectionItem(await this.deps.secrets.get(row.secret_ref).catch(() => null));
    if (secret?.kind !== 'oauth') return null;
    return { refreshToken: secret.refreshToken, server: JSON.parse(row.server_json) as ConnectionServer };
  }

  /** Revokes a refresh token a re-link replaced (RFC 7009); audited, never fatal to the new link. */
  private async revokeReplaced(
    id: string,
    platform: PlatformId,
    replaced: { refreshToken: string; server: ConnectionServer },
    client: OAuthClientConfig,
  ): Promise<void> {
    const adapter = this.deps.adapterFor(platform);
    const outcome = await revokeToken(
      {
        adapter,
        server: replaced.server,
        issuer: replaced.server.issuer ?? adapter.issuer(this.deps.endpoints),
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        fetchImpl: this.deps.fetchImpl,
      },
      replaced.refreshToken,
    ).catch((): RevokeOutcome => 'failed');
    this.deps.audit.record({
      action: 'connection.revokeReplaced',
      target: id,
      outcome: outcome === 'failed' ? 'failed' : 'success',
      detail: { revocation: outcome },
    });
  }

  /**
   * Near the provider's cap of live refresh tokens per user and app (Zoho), the
   * count of those this app knows of for the user who signed in. Other apps
   * using the same client count too, and this app cannot see them.
   */
  private tokenCapWarning(platform: PlatformId, ownerKey: string | null): Omit<StoredLink, 'connectionId'> {
    const definition = getPlatform(platform);
    const cap = refreshTokenCap(definition);
    const warnAt = refreshTokenCapWarningAt(definition);
    if (cap === undefined || warnAt === undefined) return { warnings: [] };
    const live = this.deps.table.countLiveOAuth(platform, ownerKey);
    return live >= warnAt ? { warnings: ['tokenCapNear'], signInCap: { live, cap } } : { warnings: [] };
  }

  /**
   * Clear Books: verify the customer's API key with a read-only call, then store it.
   * A key already linked (same fingerprint: the stored key is never read back for this)
   * is refused, or, when asked, the existing company is updated instead of duplicated.
   */
  async linkClearBooks(
    label: string,
    apiKey: string,
    ifAlreadyLinked: 'refuse' | 'update' = 'refuse',
  ): Promise<ConnectionSummary> {
    if (apiKey.length === 0) throw new AppError('EMPTY_SECRET');
    assertStorableSecret(apiKey);
    const fingerprint = await this.deps.fingerprint(apiKey);
    const existing = this.deps.table.findByFingerprint(API_KEY_ADAPTER.platform, fingerprint);
    if (existing && ifAlreadyLinked === 'refuse') {
      this.deps.audit.record({
        action: 'connection.link',
        target: existing.id,
        outcome: 'refused',
        detail: { code: 'API_KEY_ALREADY_LINKED' },
      });
      throw new AppError('API_KEY_ALREADY_LINKED');
    }
    try {
      await API_KEY_ADAPTER.verify(this.deps.endpoints, apiKey, this.deps.fetchImpl);
    } catch (error) {
      this.deps.audit.record({
        action: 'connection.link',
        target: API_KEY_ADAPTER.platform,
        outcome: 'failed',
        detail: { code: (error as AppError).code ?? 'INTERNAL' },
      });
      throw error;
    }
    if (existing) {
      // The same key: nothing to write to the keychain, only the name and the verification.
      this.deps.table.renameAndVerify(
        existing.id,
        cleanProviderText(label) ?? existing.label,
        this.deps.clock().toISOString(),
      );
      this.deps.audit.record({
        action: 'connection.relink',
        target: existing.id,
        outcome: 'success',
        detail: { platform: API_KEY_ADAPTER.platform },
      });
      return this.get(existing.id);
    }
    const id = await this.storeSecretAndRow(
      API_KEY_ADAPTER.platform,
      null,
      apiKeyItem(apiKey),
      // The person still has the key they typed: an interrupted link is undone.
      'rollBack',
      {
        kind: 'apiKey',
        label,
        region: API_KEY_ADAPTER.region,
        scopes_json: '[]',
        scopes_requested_json: '[]',
        token_expires_at: null,
        refresh_expires_at: null,
        server_json: '{}',
        last_verified_at: this.deps.clock().toISOString(),
        secret_had_whitespace: /\s/.test(apiKey) ? 1 : 0,
      },
    );
    return this.get(id);
  }

  /** A valid access token for the connection, refreshing once if it has expired. */
  async accessToken(id: string): Promise<string> {
    const cached = this.accessTokens.get(id);
    if (cached && cached.expiresAt - 30_000 > this.deps.clock().getTime()) return cached.token;
    return this.refresh(id);
  }

  /**
   * Refreshes the access token. One refresh at a time per connection: concurrent
   * callers share it. A rotated refresh token is in the keychain before the
   * refresh counts as done; invalid_grant means re-authorise, with no retry.
   */
  refresh(id: string): Promise<string> {
    let pending = this.refreshing.get(id);
    if (!pending) {
      pending = this.doRefresh(id).finally(() => this.refreshing.delete(id));
      this.refreshing.set(id, pending);
    }
    return pending;
  }

  /**
   * Test connection: a read-only call to the provider, which must still list
   * the linked company among those the sign-in reaches; records when and how it went.
   */
  async test(id: string): Promise<ConnectionSummary> {
    const row = this.row(id);
    try {
      if (row.kind === 'apiKey') {
        const secret = await this.readSecret(row);
        if (secret.kind !== 'apiKey') throw new AppError('INTERNAL');
        await API_KEY_ADAPTER.verify(this.deps.endpoints, secret.apiKey, this.deps.fetchImpl);
      } else {
        const token = await this.accessToken(id);
        const companies = await this.deps
          .adapterFor(row.platform)
          .companies(JSON.parse(row.server_json) as ConnectionServer, token, this.deps.fetchImpl);
        if (row.external_id !== null && !companies.some((c) => c.externalId === row.external_id))
          throw new AppError('COMPANY_NOT_FOUND', 'The linked company is no longer reachable');
      }
      this.deps.table.recordVerified(id, this.deps.clock().toISOString());
      this.deps.audit.record({ action: 'connection.test', target: id, outcome: 'success' });
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'INTERNAL';
      // The keychain being unavailable says nothing about the connection.
      if (code !== 'KEYCHAIN_UNAVAILABLE') this.deps.table.recordError(id, code);
      if (code === 'API_KEY_REJECTED') this.deps.table.setStatus(id, 'needsReauth');
      this.deps.audit.record({ action: 'connection.test', target: id, outcome: 'failed', detail: { code } });
      throw error;
    }
    return this.get(id);
  }

  /**
   * Disconnect: revoke at the provider where it can, then delete the secret and
   * the row. If revocation fails the connection is kept unless the user chose to
   * remove it locally anyway.
   */
  async disconnect(id: string, removeLocallyIfRevokeFails: boolean): Promise<DisconnectResult> {
    const row = this.row(id);
    // A locked keychain would "delete" nothing and leave the secret behind: refuse until it is usable.
    await this.deps.health.ensureHealthy();
    const previous = row.status;
    this.deps.table.setStatus(id, 'deleting');
    let revocation: RevokeOutcome = 'notSupported';
    if (row.kind === 'oauth') {
      try {
        const secret = await this.readSecret(row);
        revocation =
          secret.kind === 'oauth'
            ? await revokeToken(await this.tokenContext(row), secret.refreshToken)
            : 'notSupported';
      } catch {
        revocation = 'failed';
      }
    }
    if (revocation === 'failed' && !removeLocallyIfRevokeFails) {
      this.deps.table.setStatus(id, previous);
      this.deps.audit.record({
        action: 'connection.disconnect',
        target: id,
        outcome: 'failed',
        detail: { revocation },
      });
      return { revocation, removed: false };
    }
    await this.deps.versions.remove({ kind: 'connection', id }, () => {
      const ref = this.deps.table.delete(id);
      this.deps.audit.record({
        action: 'connection.disconnect',
        target: id,
        outcome: 'success',
        detail: { revocation, platform: row.platform },
      });
      return ref;
    });
    this.accessTokens.delete(id);
    return { revocation, removed: true };
  }

  /** Marks the connections of a platform as needing re-authorisation (e.g. FreshBooks scopes changed). */
  markNeedsReauth(platform: PlatformId, reason: AuditReason): number {
    const changes = this.deps.table.markPlatformNeedsReauth(platform, reason);
    if (changes > 0)
      this.deps.audit.record({
        action: 'connection.needsReauth',
        target: platform,
        outcome: 'success',
        detail: { reason, count: changes },
      });
    return changes;
  }

  private async doRefresh(id: string): Promise<string> {
    const row = this.row(id);
    if (row.kind !== 'oauth') throw new AppError('INVALID_INPUT');
    if (row.status === 'needsReauth') throw new AppError('INVALID_GRANT');
    // The keychain still holds the token the provider has since replaced: sending it would be
    // refused and the company marked for re-auth, though the new token is safe for start-up.
    if (this.rotationsNotStored.has(id))
      throw new AppError('KEYCHAIN_UNAVAILABLE', 'A new refresh token is kept for the next start');
    const secret = await this.readSecret(row);
    if (secret.kind !== 'oauth') throw new AppError('INTERNAL');
    const ctx = await this.tokenContext(row);
    for (let attempt = 0; ; attempt++) {
      try {
        const tokens = await refreshTokens(ctx, secret.refreshToken);
        const now = this.deps.clock().getTime();
        const adapter = this.deps.adapterFor(row.platform);
        const expiresAt = now + (tokens.expires_in ?? 3600) * 1000;
        if (tokens.refresh_token && tokens.refresh_token !== secret.refreshToken) {
          // Rotation: the provider has just invalidated the old refresh token, so the new one is kept
          // even if the process dies before SQLite records it (start-up rolls it forward).
          const refreshLifetime =
            numberField(tokens['refresh_token_expires_in']) ?? adapter.refreshTokenLifetimeSeconds;
          try {
            await this.writeSecret(id, oauthItem(tokens.refresh_token), 'rollForward', {
              token_expires_at: new Date(expiresAt).toISOString(),
              refresh_expires_at: refreshLifetime
                ? new Date(now + refreshLifetime * 1000).toISOString()
                : null,
              last_error: null,
            });
          } catch (error) {
            this.rotationsNotStored.add(id);
            throw error;
          }
        } else {
          this.deps.table.recordRefreshed(id, new Date(expiresAt).toISOString());
        }
        this.accessTokens.set(id, { token: tokens.access_token, expiresAt });
        this.deps.audit.record({ action: 'connection.refresh', target: id, outcome: 'success' });
        return tokens.access_token;
      } catch (error) {
        const code = error instanceof AppError ? error.code : 'INTERNAL';
        const decision = retryDecision(attempt, error);
        if (decision.retry) {
          await this.deps.backoff(attempt, decision.delayMs);
          continue;
        }
        if (code === 'INVALID_GRANT') this.deps.table.setStatus(id, 'needsReauth');
        if (code !== 'KEYCHAIN_UNAVAILABLE') this.deps.table.recordError(id, code);
        this.deps.audit.record({
          action: 'connection.refresh',
          target: id,
          outcome: 'failed',
          detail: { code },
        });
        throw error;
      }
    }
  }

  private async tokenContext(row: ConnectionRow): Promise<TokenClientContext> {
    const client = await this.deps.integrations.oauthClient(row.platform);
    const adapter = this.deps.adapterFor(row.platform);
    const server = JSON.parse(row.server_json) as ConnectionServer;
    return {
      adapter,
      server,
      // The issuer the link was made with; connections stored before it was kept use the provider's one.
      issuer: server.issuer ?? adapter.issuer(this.deps.endpoints),
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      fetchImpl: this.deps.fetchImpl,
    };
  }

  private async storeSecretAndRow(
    platform: PlatformId,
    externalId: string | null,
    secret: ConnectionItem,
    recovery: 'rollBack' | 'rollForward',
    fields: ConnectionColumns,
  ): Promise<string> {
    assertStorableSecret(connectionItem(secret));
    const existing = externalId ? this.deps.table.findLinked(platform, externalId) : undefined;
    const id = existing?.id ?? `conn-${randomUUID()}`;
    if (typeof fields.label === 'string')
      fields = { ...fields, label: cleanProviderText(fields.label) ?? externalId ?? platform };
    const now = this.deps.clock().toISOString();
    const columns: ConnectionColumns = {
      platform,
      external_id: externalId,
      status: 'linked',
      last_error: null,
      ...fields,
      // A whole row, so that a link cut short can still be committed at start-up.
      ...(existing ? {} : { created_at: now }),
    };
    await this.writeSecret(id, secret, recovery, columns, () => {
      // Connections hang off their integration's row, which Clear Books may not have yet.
      this.deps.integrationsTable.ensureRow(platform);
      this.deps.audit.record({
        action: existing ? 'connection.relink' : 'connection.link',
        target: id,
        outcome: 'success',
        detail: { platform },
      });
    });
    return id;
  }

  /** A new version of the connection's secret, committed with `columns` (see SecretVersions). */
  private async writeSecret(
    id: string,
    secret: ConnectionItem,
    recovery: 'rollBack' | 'rollForward',
    columns: ConnectionColumns,
    alsoInCommit: () => void = () => {},
  ): Promise<void> {
    const fingerprint = await this.deps.fingerprint(connectionSecret(secret));
    await this.deps.versions.write({
      owner: { kind: 'connection', id },
      value: connectionItem(secret),
      fingerprint,
      recovery,
      row: columns,
      commit: (account) => {
        alsoInCommit();
        return this.deps.table.commitSecret(id, account, fingerprint, columns);
      },
    });
  }

  private async readSecret(row: ConnectionRow): Promise<ConnectionItem> {
    const stored = row.secret_ref ? await this.deps.secrets.get(row.secret_ref) : null;
    const item = parseConnectionItem(stored);
    if (item) return item;
    // "No such item" means missing only if a healthy keychain says so; a locked one says it about everything.
    await this.deps.health.ensureHealthy();
    const again = row.secret_ref ? parseConnectionItem(await this.deps.secrets.get(row.secret_ref)) : null;
    if (again) return again;
    this.deps.table.markSecretMissing(row.id);
    throw new AppError('INVALID_GRANT', 'Secret missing from the keychain');
  }

  private row(id: string): ConnectionRow {
    const row = this.deps.table.get(id);
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }
}

function numberField(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

function toSummary(row: ConnectionListRow): ConnectionSummary {
  return {
    id: row.id,
    platform: row.platform,
    kind: row.kind,
    label: row.label,
    externalId: row.external_id,
    region: row.region,
    status: row.status,
    scopes: JSON.parse(row.scopes_json) as string[],
    tokenExpiresAt: row.token_expires_at,
    refreshExpiresAt: row.refresh_expires_at,
    createdAt: row.created_at,
    lastVerifiedAt: row.last_verified_at,
    lastError: row.last_error,
    secretFingerprint: row.secret_fingerprint,
  };
}
