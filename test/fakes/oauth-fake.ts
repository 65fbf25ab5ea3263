/**
 * Generic fake OAuth 2.0 authorization server + token store, shared by the
 * Zoho, Sage and FreshBooks fakes (test/fakes/{zoho,sage,freshbooks}.ts). A
 * provider module supplies a Dialect (paths, lifetimes, token/code formats,
 * error shapes, each from the provider's published docs it names) and mounts
 * the handlers below on its loopback server(s).
 *
 * What every provider refuses, and so every fake refuses too (RFC 6749):
 * an unknown client or a redirect URI not registered character for character
 * (§4.1.2.1: an error page, no redirect); a wrong client secret (§5.2
 * invalid_client); a code used twice, expired, issued to another redirect URI
 * or realm (§4.1.3, §10.5 invalid_grant); a code_verifier that does not match
 * the challenge (RFC 7636 §4.6); and, where the provider requires PKCE, an
 * authorization request without a challenge (RFC 7636 §4.4.1 invalid_request).
 *
 * One registered app per fake; the user who signs in is `behaviour.user`.
 * "Realm" is the data centre that issued a code or token (Zoho: 'us' | 'eu';
 * others: 'default'); a code or token is only honoured in its own realm.
 */
import { createHash, randomBytes } from 'node:crypto';

import {
  errorPage,
  escapeHtml,
  json,
  request,
  type FakeRequest,
  type FakeResponse,
  type RecordedRequest,
} from './server';

export interface RegisteredApp {
  clientId: string;
  clientSecret: string;
  /** Exact, case-sensitive match required on authorize and token. */
  redirectUris: string[];
}

/** A scripted reply that replaces the fake's normal answer; consumed unless `sticky`. */
export interface CannedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Stay at the head of the queue: answer every later request the same way. */
  sticky?: boolean;
}

/**
 * 'plainOnly': a server that supports PKCE's `plain` method only, so it refuses S256 with
 * error=invalid_request, as RFC 7636 §4.4.1 says a server must refuse a transformation it lacks.
 */
export type AuthorizeOutcome = 'approve' | 'deny' | 'invalid_scope' | 'server_error' | 'plainOnly';

/** Mutable at any time during a test. */
export interface FakeBehaviour {
  /** What the authorize endpoint does: 'deny' → error=access_denied; the others → that error code. */
  authorize: AuthorizeOutcome;
  /** true: GET authorize answers 302 at once. false (default): an HTML consent page with Allow/Deny buttons. */
  autoApprove: boolean;
  /** Replies for the next token-endpoint requests (FIFO), e.g. 429 + Retry-After, 503, invalid_grant. */
  tokenResponses: CannedResponse[];
  /** Replies for the next revoke requests (FIFO), e.g. 503 + Retry-After, 400 unsupported_token_type, 404. */
  revokeResponses: CannedResponse[];
  /** Replies for the next resource-API requests (FIFO), e.g. Zoho 429 code 44. */
  apiResponses: CannedResponse[];
  /** Organisation / business name the API reports (try hostile strings). */
  accountName: string;
  /** If set, added as `iss` to every authorize redirect (mix-up defence tests). */
  iss: string | null;
  /** The provider user who signs in at the consent page (tokens are theirs; caps count per user). */
  user: string;
  /** Delay before every answer. */
  latencyMs: number;
}

export function defaultBehaviour(overrides: Partial<FakeBehaviour> = {}): FakeBehaviour {
  return {
    authorize: 'approve',
    autoApprove: false,
    tokenResponses: [],
    revokeResponses: [],
    apiResponses: [],
    accountName: 'Acme Trading Ltd',
    iss: null,
    user: 'owner@example.test',
    latencyMs: 0,
    ...overrides,
  };
}

export interface CodeGrant {
  code: string;
  realm: string;
  redirectUri: string;
  scope: string[];
  /** Every authorize query parameter, for dialect-specific decisions (access_type, country…). */
  params: Record<string, string>;
  challenge: { value: string; method: 'S256' | 'plain' } | null;
  expiresAt: number;
  used: boolean;
  /** Who signed in. */
  user: string;
}

export interface TokenRecord {
  token: string;
  kind: 'access' | 'refresh';
  realm: string;
  scope: string[];
  issuedAt: number;
  expiresAt: number | null;
  revoked: boolean;
  /** For access tokens: the refresh token they were minted with (revoking it kills them). */
  parent: string | null;
  /** Whose token it is. */
  user: string;
}

/** What a provider module tells the core. */
export interface Dialect {
  /** Shown on pages, e.g. 'Zoho Books'. */
  provider: string;
  paths: { authorize: string; token: string; revoke: string };
  codeTtlSec: number;
  accessTtlSec: number;
  /** null: never expires. */
  refreshTtlSec: number | null;
  /** Refresh returns a new refresh token and kills the old one (Sage, FreshBooks). */
  rotateRefresh: boolean;
  /** Max live refresh tokens per user per client; the next one deletes the oldest (Zoho: 20). */
  refreshCap?: number;
  /** Authorization requests without a PKCE challenge are refused (Zoho's mobile and desktop clients). */
  requirePkce?: boolean;
  /** Token-endpoint parameters may also come in the query string (Zoho's docs show them there). */
  tokenParamsInQuery?: boolean;
  /** The token endpoint also takes a JSON body (FreshBooks); otherwise form-encoded only. */
  tokenAcceptsJson?: boolean;
  newCode(realm: string, params: Record<string, string>): string;
  newToken(kind: 'access' | 'refresh'): string;
  parseScope(raw: string | null): string[];
  /** After client_id/redirect_uri are verified: an error page (400, no redirect) or an error for the redirect. */
  checkAuthorize(params: Record<string, string>): { page: string } | { error: string } | undefined;
  /** Extra redirect parameters besides code/state (Zoho location + accounts-server, Sage country). */
  redirectParams(grant: CodeGrant): Record<string, string>;
  /** Does this code exchange also return a refresh token? Default: yes. */
  issueRefresh?(grant: CodeGrant, liveRefreshTokens: number): boolean;
  tokenBody(t: {
    access: TokenRecord;
    refresh: TokenRecord | null;
    realm: string;
    now: number;
  }): Record<string, unknown>;
  /** The provider's token-endpoint error reply for an RFC 6749 error code. */
  tokenError(error: string, description: string): FakeResponse;
}

export type Decision = 'allow' | 'deny';

/** The part every OAuth fake hands to tests. */
export interface OAuthFakeBase {
  app: RegisteredApp;
  behaviour: FakeBehaviour;
  requests: RecordedRequest[];
  /** Token-endpoint requests, optionally only one grant_type; `.length` counts them. */
  tokenRequests(grantType?: string): RecordedRequest[];
  revokeRequests(): RecordedRequest[];
  /**
   * Plays the user in the browser: GETs the authorize URL, presses Allow (or
   * Deny) on the consent page if one is shown, and returns the provider's
   * redirect Location without following it. Rejects with the page text when
   * the provider shows an error page instead of redirecting.
   */
  consent(authorizeUrl: string, decision?: Decision): Promise<{ redirectTo: string }>;
  /** Moves the fake's clock forward (codes and tokens expire against it). */
  advanceClock(ms: number): void;
  /** Is this access or refresh token currently honoured? */
  isLive(token: string): boolean;
  /** Live refresh tokens (of one user, when named), oldest first. */
  liveRefreshTokens(user?: string): string[];
  /** Every access token issued, live or not, oldest first (canaries for leak scans). */
  issuedAccessTokens(): string[];
  /** The user a token belongs to, if the fake issued it. */
  userOf(token: string): string | undefined;
}

export class OAuthCore {
  readonly requests: RecordedRequest[] = [];
  private readonly codes = new Map<string, CodeGrant>();
  private readonly tokens = new Map<string, TokenRecord>();
  private clockOffset = 0;

  constructor(
    readonly dialect: Dialect,
    readonly app: RegisteredApp,
    readonly behaviour: FakeBehaviour,
    /** PEM to trust for an HTTPS fake (FreshBooks). */
    private readonly ca?: string,
  ) {}

  now(): number {
    return Date.now() + this.clockOffset;
  }

  // ---- authorize (GET: consent page or immediate 302; POST: the page's Allow/Deny) ----

  authorize(req: FakeRequest, realm: string): FakeResponse {
    const p = req.query; // the consent form posts back to the same URL, so parameters stay in the query
    const redirectUri = p.redirect_uri ?? '';
    if (p.client_id !== this.app.clientId) {
      return errorPage(
        400,
        'Invalid client',
        `${this.dialect.provider}: no application with this client_id.`,
      );
    }
    if (!this.app.redirectUris.includes(redirectUri)) {
      return errorPage(
        400,
        'Invalid Redirect Uri',
        'Redirect URI passed does not match with the one configured.',
      );
    }
    const fail = (error: string): FakeResponse =>
      this.redirect(redirectUri, { error, ...(p.state !== undefined ? { state: p.state } : {}) });

    const check = this.dialect.checkAuthorize(p);
    if (check && 'page' in check) return errorPage(400, 'Invalid request', check.page);
    if (check) return fail(check.error);
    if (p.response_type !== 'code') return fail('unsupported_response_type');
    const method = p.code_challenge_method ?? 'plain'; // RFC 7636 §4.3 default
    if (p.code_challenge !== undefined && method !== 'S256' && method !== 'plain')
      return fail('invalid_request');
    if (this.behaviour.authorize === 'plainOnly' && method === 'S256') return fail('invalid_request');
    if (this.dialect.requirePkce && p.code_challenge === undefined) return fail('invalid_request');
    if (this.behaviour.authorize === 'invalid_scope' || this.behaviour.authorize === 'server_error') {
      return fail(this.behaviour.authorize);
    }
    if (req.method === 'GET' && !this.behaviour.autoApprove) return this.consentPage(p);
    const decision = (req.body as { decision?: string } | undefined)?.decision;
    if (this.behaviour.authorize === 'deny' || decision === 'deny') return fail('access_denied');

    const grant: CodeGrant = {
      code: this.dialect.newCode(realm, p),
      realm,
      redirectUri,
      scope: this.dialect.parseScope(p.scope ?? null),
      params: { ...p },
      challenge:
        p.code_challenge !== undefined
          ? { value: p.code_challenge, method: method as 'S256' | 'plain' }
          : null,
      expiresAt: this.now() + this.dialect.codeTtlSec * 1000,
      used: false,
      user: this.behaviour.user,
    };
    this.codes.set(grant.code, grant);
    return this.redirect(redirectUri, {
      code: grant.code,
      ...this.dialect.redirectParams(grant),
      ...(p.state !== undefined ? { state: p.state } : {}),
    });
  }

  private redirect(redirectUri: string, params: Record<string, string>): FakeResponse {
    const target = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
    if (this.behaviour.iss !== null) target.searchParams.set('iss', this.behaviour.iss);
    return { status: 302, headers: { location: target.toString() } };
  }

  private consentPage(p: Record<string, string>): FakeResponse {
    const scopes = this.dialect
      .parseScope(p.scope ?? null)
      .map((s) => `<li>${escapeHtml(s)}</li>`)
      .join('');
    // No JS: a plain form posting back to this same URL (query included).
    return {
      status: 200,
      body: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(this.dialect.provider)} – authorize</title></head><body>
<h1>Fake ${escapeHtml(this.dialect.provider)}</h1>
<p>Application <code>${escapeHtml(p.client_id ?? '')}</code> asks for access:</p><ul>${scopes}</ul>
<form method="post"><button type="submit" name="decision" value="allow" id="allow">Allow</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button></form>
</body></html>`,
    };
  }

  // ---- token endpoint ----

  token(req: FakeRequest, realm: string): FakeResponse {
    const canned = this.takeCanned(this.behaviour.tokenResponses);
    if (canned) return canned;
    const d = this.dialect;
    const contentType = req.headers['content-type'] ?? '';
    const form = contentType.includes('application/x-www-form-urlencoded');
    if (req.body !== undefined && !form && !(d.tokenAcceptsJson && contentType.includes('json'))) {
      return d.tokenError('invalid_request', `Unsupported content type: ${contentType || '(none)'}`);
    }
    const body =
      typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
    const p: Record<string, string> = { ...(d.tokenParamsInQuery ? req.query : {}) };
    for (const [k, v] of Object.entries(body))
      if (v !== undefined && v !== null) p[k] = typeof v === 'string' ? v : JSON.stringify(v);

    const client = basicAuth(req.headers.authorization) ?? { id: p.client_id, secret: p.client_secret };
    if (client.id !== this.app.clientId || client.secret !== this.app.clientSecret) {
      return d.tokenError('invalid_client', 'Client authentication failed (client_secret is required).');
    }

    if (p.grant_type === 'authorization_code') {
      const grant = this.codes.get(p.code ?? '');
      if (!grant || grant.realm !== realm)
        return d.tokenError('invalid_grant', 'Unknown authorization code.');
      if (grant.used) return d.tokenError('invalid_grant', 'Authorization code already used.');
      grant.used = true; // single use, even when the exchange below fails
      if (grant.expiresAt <= this.now()) return d.tokenError('invalid_grant', 'Authorization code expired.');
      if (p.redirect_uri !== grant.redirectUri)
        return d.tokenError('invalid_grant', 'redirect_uri does not match.');
      if (grant.challenge && !pkceMatches(grant.challenge, p.code_verifier)) {
        return d.tokenError('invalid_grant', 'code_verifier does not match code_challenge.');
      }
      const wantsRefresh = d.issueRefresh?.(grant, this.liveRefreshTokens(grant.user).length) ?? true;
      const refresh = wantsRefresh ? this.mint('refresh', realm, grant.scope, null, grant.user) : null;
      const access = this.mint('access', realm, grant.scope, refresh?.token ?? null, grant.user);
      return json(200, d.tokenBody({ access, refresh, realm, now: this.now() }));
    }

    if (p.grant_type === 'refresh_token') {
      const old = this.tokens.get(p.refresh_token ?? '');
      if (!old || old.kind !== 'refresh' || old.realm !== realm || !this.isLive(old.token)) {
        return d.tokenError(
          'invalid_grant',
          'The refresh token is invalid, expired, revoked or already used.',
        );
      }
      let parent = old;
      let rotated: TokenRecord | null = null;
      if (d.rotateRefresh) {
        old.revoked = true; // old access tokens stay valid until they expire
        rotated = this.mint('refresh', realm, old.scope, null, old.user);
        parent = rotated;
      }
      const access = this.mint('access', realm, old.scope, parent.token, old.user);
      return json(200, d.tokenBody({ access, refresh: rotated, realm, now: this.now() }));
    }

    return d.tokenError(
      'unsupported_grant_type',
      `grant_type ${p.grant_type ?? '(missing)'} is not supported.`,
    );
  }

  private mint(
    kind: 'access' | 'refresh',
    realm: string,
    scope: string[],
    parent: string | null,
    user: string,
  ): TokenRecord {
    const d = this.dialect;
    const ttl = kind === 'access' ? d.accessTtlSec : d.refreshTtlSec;
    const record: TokenRecord = {
      token: d.newToken(kind),
      kind,
      realm,
      scope,
      issuedAt: this.now(),
      expiresAt: ttl === null ? null : this.now() + ttl * 1000,
      revoked: false,
      parent,
      user,
    };
    this.tokens.set(record.token, record);
    if (kind === 'refresh' && d.refreshCap !== undefined) {
      const live = this.liveRefreshTokens(user);
      // Zoho: the 21st live refresh token of a user silently deletes their oldest and its access tokens
      // (https://www.zoho.com/crm/developer/docs/api/v3/token-validity.html).
      for (const oldest of live.slice(0, Math.max(0, live.length - d.refreshCap))) this.revoke(oldest);
    }
    return record;
  }

  // ---- revoke and resource-server helpers ----

  /** Revokes a live token (a refresh token takes its access tokens with it). false if unknown/dead. */
  revoke(token: string, realm?: string): boolean {
    const record = this.tokens.get(token);
    if (!record || !this.isLive(token) || (realm !== undefined && record.realm !== realm)) return false;
    record.revoked = true;
    if (record.kind === 'refresh')
      for (const t of this.tokens.values()) if (t.parent === token) t.revoked = true;
    return true;
  }

  /** The live access token named by `Authorization: <scheme> <token>` in this realm, if any. */
  authenticate(req: FakeRequest, scheme: string, realm: string): TokenRecord | undefined {
    const match = /^(\S+) (\S+)$/.exec(req.headers.authorization ?? '');
    if (!match || match[1]?.toLowerCase() !== scheme.toLowerCase()) return undefined;
    const record = this.tokens.get(match[2] ?? '');
    return record && record.kind === 'access' && record.realm === realm && this.isLive(record.token)
      ? record
      : undefined;
  }

  takeCanned(queue: CannedResponse[]): FakeResponse | undefined {
    const head = queue[0];
    if (!head) return undefined;
    if (!head.sticky) queue.shift();
    return {
      status: head.status,
      ...(head.body !== undefined ? { body: head.body } : {}),
      ...(head.headers ? { headers: head.headers } : {}),
    };
  }

  isLive(token: string): boolean {
    const t = this.tokens.get(token);
    if (!t || t.revoked) return false;
    return t.expiresAt === null || t.expiresAt > this.now();
  }

  liveRefreshTokens(user?: string): string[] {
    return [...this.tokens.values()]
      .filter((t) => t.kind === 'refresh' && this.isLive(t.token) && (user === undefined || t.user === user))
      .sort((a, b) => a.issuedAt - b.issuedAt)
      .map((t) => t.token);
  }

  /** The members of OAuthFakeBase, bound to this core. */
  base(): OAuthFakeBase {
    const paramsOf = (r: RecordedRequest): Record<string, unknown> => ({
      ...r.query,
      ...(typeof r.body === 'object' && r.body !== null ? (r.body as Record<string, unknown>) : {}),
    });
    return {
      app: this.app,
      behaviour: this.behaviour,
      requests: this.requests,
      tokenRequests: (grantType) =>
        this.requests.filter(
          (r) =>
            r.path === this.dialect.paths.token &&
            (grantType === undefined || paramsOf(r).grant_type === grantType),
        ),
      revokeRequests: () => this.requests.filter((r) => r.path === this.dialect.paths.revoke),
      consent: (url, decision = 'allow') => this.consent(url, decision),
      advanceClock: (ms) => {
        this.clockOffset += ms;
      },
      isLive: (token) => this.isLive(token),
      liveRefreshTokens: (user) => this.liveRefreshTokens(user),
      issuedAccessTokens: () =>
        [...this.tokens.values()]
          .filter((t) => t.kind === 'access')
          .sort((a, b) => a.issuedAt - b.issuedAt)
          .map((t) => t.token),
      userOf: (token) => this.tokens.get(token)?.user,
    };
  }

  private async consent(authorizeUrl: string, decision: Decision): Promise<{ redirectTo: string }> {
    const ca = this.ca;
    let res = await request(authorizeUrl, { ...(ca ? { ca } : {}) });
    if (res.status === 200 && res.text.includes('name="decision"')) {
      res = await request(authorizeUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `decision=${decision}`,
        ...(ca ? { ca } : {}),
      });
    }
    const location = res.headers.location;
    if (res.status !== 302 || !location) {
      throw new Error(
        `authorize answered ${res.status} without a redirect: ${res.text.replace(/<[^>]+>/g, ' ').trim()}`,
      );
    }
    return { redirectTo: location };
  }
}

function pkceMatches(
  challenge: { value: string; method: 'S256' | 'plain' },
  verifier: string | undefined,
): boolean {
  if (!verifier) return false;
  const derived =
    challenge.method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return derived === challenge.value;
}

function basicAuth(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic (\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    // RFC 6749 §2.3.1: both halves are form-urlencoded before base64.
    const unform = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
    return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

export const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/**
 * The `WWW-Authenticate` challenge Doorkeeper-based servers add to their token
 * error replies (RFC 6750 §3 parameters; doorkeeper-gem/doorkeeper
 * `lib/doorkeeper/oauth/error_response.rb`).
 */
export function doorkeeperChallenge(error: string, description: string): string {
  const quote = (value: string) => value.replace(/["\\]/g, '');
  return `Bearer realm="Doorkeeper", error="${quote(error)}", error_description="${quote(description)}"`;
}
