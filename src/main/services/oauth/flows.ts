import { randomUUID } from 'node:crypto';

import * as oauth from 'oauth4webapi';

import type { SignInEnding } from '@shared/audit';
import { AppError, type ErrorCode } from '@shared/ipc/errors';
import { MAX_COMPANY_CHOICES, type ConnectFlow } from '@shared/ipc/schemas';
import { getPlatform, needsHttpsRedirect, type PlatformId } from '@shared/platforms';
import type { RedirectHost } from '@shared/settings';
import { isAcceptableEndpoint, type ProviderEndpoints } from '../../platforms/endpoints';
import type { ConnectionServer, LinkedAccount, OAuthAdapter, OAuthClientConfig } from '../../platforms/types';
import type { AuditLog } from '../audit';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { LoopbackListener, LOOPBACK_HOST, type CallbackPage, type LoopbackTls } from './loopback-listener';
import { newFlowSecrets } from './pkce';
import { cleanProviderText, ProviderError, toProviderError } from './provider-errors';
import { exchangeCode, revokeToken, type TokenClientContext } from './token-client';

/** A sign-in as the renderer sees it: the contract's shape. */
export type FlowView = ConnectFlow;
export type FlowStatus = ConnectFlow['status'];
export type FlowWarning = ConnectFlow['warnings'][number];

/** What a completed exchange hands over to be stored. */
export interface LinkedTokens {
  platform: OAuthAdapter['platform'];
  server: ConnectionServer;
  account: LinkedAccount;
  tokens: oauth.TokenEndpointResponse;
  requestedScopes: string[];
  /** Who signed in (where the provider caps tokens per user), before it is fingerprinted; null if unknown. */
  ownerHint: string | null;
  /** The app registration the tokens belong to: the replaced token of a re-link is revoked with it. */
  client: OAuthClientConfig;
}

/** What storing a link reports back to the flow. */
export interface StoredLink {
  connectionId: string;
  warnings: FlowWarning[];
  signInCap?: ConnectFlow['signInCap'];
}

export interface OAuthFlowDeps {
  endpoints: ProviderEndpoints;
  adapterFor(platform: PlatformId): OAuthAdapter;
  openExternal(url: string): Promise<void>;
  fetchImpl: typeof fetch;
  clock: Clock;
  log: Logger;
  /** The fixed loopback port the registered redirect URIs name. */
  port(): number;
  /** The host the registered redirect URIs name (`127.0.0.1` unless Settings say `localhost`). */
  redirectHost(): RedirectHost;
  timeoutMs(): number;
  /** The per-install certificate for providers that require https redirects. */
  tls(): Promise<LoopbackTls>;
  /** Stores the new connection (keychain, then SQLite); returns its id and any warnings. */
  store(linked: LinkedTokens): Promise<StoredLink>;
  /** Sign-ins that end without a link (cancelled, denied, timed out, failed) are recorded here. */
  audit: Pick<AuditLog, 'record'>;
}

/**
 * Tokens issued to a sign-in that are not (yet) a link: waiting for the person's choice among
 * several companies, or left over when no company could be read.
 */
interface PendingChoice {
  server: ConnectionServer;
  tokens: oauth.TokenEndpointResponse;
  companies: LinkedAccount[];
}

interface Flow {
  id: string;
  platform: OAuthAdapter['platform'];
  adapter: OAuthAdapter;
  client: OAuthClientConfig;
  state: string;
  codeVerifier: string;
  redirectUri: string;
  path: string;
  expiresAt: Date;
  timer: NodeJS.Timeout;
  view: FlowView;
  requestedScopes: string[];
  /** Set on the first valid callback, before any await: later callbacks are refused (one-shot). */
  consumed: boolean;
  choice?: PendingChoice;
}

export function callbackPath(platform: PlatformId): string {
  return `/oauth/${platform}/callback`;
}

/** The exact redirect URI to register at the provider for this port and host. */
export function redirectUriFor(
  platform: PlatformId,
  port: number,
  host: RedirectHost = LOOPBACK_HOST,
): string {
  const scheme = needsHttpsRedirect(getPlatform(platform)) ? 'https' : 'http';
  return `${scheme}://${host}:${port}${callbackPath(platform)}`;
}

/**
 * OAuth 2.0 authorization-code flows with PKCE (S256) and state through the
 * system browser and a loopback listener (RFC 8252). Each flow is bound to its
 * platform, app registration and redirect URI; a callback can complete only its
 * own flow, once. The listener lives only while a flow waits. A sign-in that
 * reaches several companies waits, tokens in memory, until the person picks one.
 */
export class OAuthFlows {
  private readonly flows = new Map<string, Flow>();
  private listener: LoopbackListener | undefined;

  constructor(private readonly deps: OAuthFlowDeps) {}

  async start(platform: PlatformId, client: OAuthClientConfig): Promise<FlowView> {
    const adapter = this.deps.adapterFor(platform);
    // Checked before the port opens: a refused sign-in must not leave a listener behind.
    const authorizeUrl = new URL(adapter.authorizeUrl(this.deps.endpoints));
    if (!isAcceptableEndpoint(authorizeUrl.href))
      throw new AppError('LINK_NOT_ALLOWED', 'Authorize URL is not https');
    const secure = needsHttpsRedirect(getPlatform(platform));
    const listener = await this.listenerFor(secure, this.deps.redirectHost());
    const path = callbackPath(platform);
    const redirectUri = `${listener.origin}${path}`;
    const { state, codeVerifier, codeChallenge } = await newFlowSecrets();
    const scopes = adapter.scopes(client.options);

    const params = authorizeUrl.searchParams;
    params.set('response_type', 'code');
    params.set('client_id', client.clientId);
    params.set('redirect_uri', redirectUri);
    params.set('scope', scopes.join(adapter.scopeSeparator));
    params.set('state', state);
    params.set('code_challenge', codeChallenge);
    params.set('code_challenge_method', 'S256');
    for (const [key, value] of Object.entries(adapter.extraAuthorizeParams(client.options)))
      params.set(key, value);

    const id = randomUUID();
    const expiresAt = new Date(this.deps.clock().getTime() + this.deps.timeoutMs());
    const view: FlowView = {
      flowId: id,
      platform,
      status: 'waiting',
      redirectUri,
      expiresAt: expiresAt.toISOString(),
      warnings: [],
    };
    const timer = setTimeout(() => this.end(id, 'timedOut', 'FLOW_TIMED_OUT'), this.deps.timeoutMs());
    timer.unref();
    const flow: Flow = {
      id,
      platform: adapter.platform,
      adapter,
      client,
      state,
      codeVerifier,
      redirectUri,
      path,
      expiresAt,
      timer,
      view,
      requestedScopes: scopes,
      consumed: false,
    };
    this.flows.set(id, flow);
    listener.addPath(path);
    try {
      await this.deps.openExternal(authorizeUrl.href);
    } catch (error) {
      this.end(id, 'failed', 'INTERNAL');
      throw error;
    }
    return { ...view };
  }

  view(flowId: string): FlowView {
    const flow = this.flows.get(flowId);
    if (!flow) throw new AppError('FLOW_NOT_FOUND');
    const { view } = flow;
    return {
      ...view,
      warnings: [...view.warnings],
      ...(view.companies ? { companies: view.companies.map((c) => ({ ...c })) } : {}),
    };
  }

  async cancel(flowId: string): Promise<FlowView> {
    this.end(flowId, 'cancelled', 'FLOW_CANCELLED');
    return this.view(flowId);
  }

  /**
   * Links the company the person picked among those the sign-in reached. Only
   * while the flow is `choosing`, and only one of the companies it offered.
   */
  async choose(flowId: string, companyId: string): Promise<FlowView> {
    const flow = this.flows.get(flowId);
    if (!flow) throw new AppError('FLOW_NOT_FOUND');
    const choice = flow.choice;
    const company = choice?.companies.find((c) => c.externalId === companyId);
    if (flow.view.status !== 'choosing' || !choice || !company)
      throw new AppError('COMPANY_NOT_FOUND', 'Not one of the companies this sign-in offered');
    flow.view.status = 'linking';
    flow.choice = undefined;
    delete flow.view.companies;
    await this.link(flow, choice.server, choice.tokens, company);
    return this.view(flowId);
  }

  /**
   * Paste-back: the address the browser showed, when it could not reach the
   * listener. It must name this flow's redirect URI and passes the same checks.
   */
  async completeFromUrl(flowId: string, pasted: string): Promise<FlowView> {
    const flow = this.flows.get(flowId);
    if (!flow) throw new AppError('FLOW_NOT_FOUND');
    let url: URL;
    try {
      url = new URL(pasted.trim());
    } catch {
      throw new AppError('CALLBACK_REJECTED', 'Not an address');
    }
    // The browser may show the https address as http when the user followed the provider's own advice.
    const expected = new URL(flow.redirectUri);
    if (url.host !== expected.host || url.pathname !== expected.pathname || !/^https?:$/.test(url.protocol)) {
      throw new AppError('CALLBACK_REJECTED', 'Address is not this flow’s redirect URI');
    }
    const page = await this.onCallback(url.pathname, url.searchParams, flowId);
    if (page === 'refused') throw new AppError('CALLBACK_REJECTED');
    return this.view(flowId);
  }

  /** Closes the listener and ends every waiting flow (app quit). */
  async closeAll(): Promise<void> {
    for (const id of this.flows.keys()) this.end(id, 'cancelled', 'FLOW_CANCELLED');
    await this.listener?.close();
    this.listener = undefined;
  }

  /** For tests: whether the loopback port is currently open. */
  get listening(): boolean {
    return this.listener?.listening ?? false;
  }

  private async listenerFor(secure: boolean, host: RedirectHost): Promise<LoopbackListener> {
    if (this.listener?.listening) {
      if (this.listener.secure !== secure || this.listener.host !== host)
        throw new AppError('FLOW_IN_PROGRESS', 'Another sign-in is waiting');
      return this.listener;
    }
    this.listener = await LoopbackListener.open(
      this.deps.port(),
      (path, params) => this.onCallback(path, params),
      secure ? await this.deps.tls() : undefined,
      host,
    );
    return this.listener;
  }

  private tokenContext(flow: Flow, server: ConnectionServer): TokenClientContext {
    return {
      adapter: flow.adapter,
      server,
      issuer: flow.adapter.issuer(this.deps.endpoints),
      clientId: flow.client.clientId,
      clientSecret: flow.client.clientSecret,
      fetchImpl: this.deps.fetchImpl,
    };
  }

  private async onCallback(
    path: string,
    params: URLSearchParams,
    onlyFlowId?: string,
  ): Promise<CallbackPage> {
    // State first: it must name a waiting flow of this path, exactly.
    const state = params.get('state');
    const flow = [...this.flows.values()].find(
      (f) => f.state === state && f.view.status === 'waiting' && !f.consumed,
    );
    if (!state || !flow || flow.path !== path || (onlyFlowId && flow.id !== onlyFlowId)) return 'refused';
    if (params.has('code') && params.has('error')) return 'refused';
    const adapter = flow.adapter;
    const issuer = adapter.issuer(this.deps.endpoints);
    let validated: URLSearchParams;
    try {
      // Checks state, and iss (RFC 9207 §2.4): present, it must be the issuer's; absent, it is
      // refused where the server advertises that it sends it. An error response throws
      // AuthorizationResponseError.
      validated = oauth.validateAuthResponse(
        {
          issuer,
          authorization_response_iss_parameter_supported: adapter.issParameterSupported(this.deps.endpoints),
        },
        { client_id: flow.client.clientId },
        params,
        flow.state,
      );
    } catch (error) {
      // A response from another issuer may be a mix-up attack: refuse it and keep waiting for the real one.
      if (!(error instanceof oauth.AuthorizationResponseError)) return 'refused';
      return this.fail(flow, error);
    }
    flow.consumed = true;
    flow.view.status = 'linking';

    let server: ConnectionServer;
    let tokens: oauth.TokenEndpointResponse;
    let companies: LinkedAccount[];
    let issued: PendingChoice | undefined;
    try {
      const fromCallback = { ...adapter.serverFromCallback(this.deps.endpoints, validated), issuer };
      for (const endpoint of [fromCallback.tokenEndpoint, fromCallback.apiBase]) {
        if (endpoint && !isAcceptableEndpoint(endpoint))
          throw new AppError('CALLBACK_REJECTED', 'Endpoint not https');
      }
      tokens = await exchangeCode(
        this.tokenContext(flow, fromCallback),
        validated,
        flow.redirectUri,
        flow.codeVerifier,
      );
      flow.codeVerifier = '';
      issued = { server: fromCallback, tokens, companies: [] };
      server = adapter.serverFromTokens?.(this.deps.endpoints, fromCallback, tokens) ?? fromCallback;
      issued = { server, tokens, companies: [] };
      companies = (await adapter.companies(server, tokens.access_token, this.deps.fetchImpl)).slice(
        0,
        MAX_COMPANY_CHOICES,
      );
    } catch (error) {
      // Tokens were issued, but no company can be linked with them (no Books organisation, the
      // company list failed…): ending the flow revokes them, as an unchosen sign-in's are.
      if (issued) flow.choice = issued;
      return this.fail(flow, error);
    }
    if (companies.length === 1) return this.link(flow, server, tokens, companies[0]!);
    // Several companies behind one sign-in: taking the first would link one without a word.
    flow.choice = { server, tokens, companies };
    flow.view.status = 'choosing';
    flow.view.companies = companies.map((c) => ({
      id: c.externalId,
      name: cleanProviderText(c.label) ?? c.externalId,
    }));
    // The browser is done: the port need not stay open while the person chooses.
    this.releasePath(flow);
    return 'choose';
  }

  /** Stores the link for one company and ends the flow. */
  private async link(
    flow: Flow,
    server: ConnectionServer,
    tokens: oauth.TokenEndpointResponse,
    account: LinkedAccount,
  ): Promise<CallbackPage> {
    try {
      let ownerHint: string | null = null;
      if (flow.adapter.owner) {
        try {
          ownerHint = await flow.adapter.owner(server, tokens.access_token, account, this.deps.fetchImpl);
        } catch (error) {
          // Not knowing who signed in only weakens the token-cap warning; the link goes on.
          this.deps.log.warn('Could not tell who signed in', {
            platform: flow.platform,
            errorCode: toProviderError(error).code,
          });
        }
      }
      const stored = await this.deps.store({
        platform: flow.adapter.platform,
        server,
        account,
        tokens,
        requestedScopes: flow.requestedScopes,
        ownerHint,
        client: flow.client,
      });
      flow.view.connectionId = stored.connectionId;
      flow.view.warnings = stored.warnings;
      if (stored.signInCap) flow.view.signInCap = stored.signInCap;
      this.end(flow.id, 'linked');
      return 'linked';
    } catch (error) {
      return this.fail(flow, error);
    }
  }

  /** Ends a flow on a provider error or a failed exchange, keeping only a code and the provider's cleaned words. */
  private fail(flow: Flow, error: unknown): CallbackPage {
    const failure = toProviderError(error);
    this.deps.log.warn('Sign-in failed', { platform: flow.platform, errorCode: failure.code });
    if (failure.retryAfterMs !== undefined)
      flow.view.retryAt = new Date(this.deps.clock().getTime() + failure.retryAfterMs).toISOString();
    this.end(
      flow.id,
      'failed',
      failure.code,
      failure instanceof ProviderError ? failure.providerText : undefined,
    );
    return 'failed';
  }

  private end(flowId: string, status: FlowStatus, errorCode?: ErrorCode, providerText?: string): void {
    const flow = this.flows.get(flowId);
    if (!flow) throw new AppError('FLOW_NOT_FOUND');
    const current = flow.view.status;
    if (current !== 'waiting' && current !== 'linking' && current !== 'choosing') return;
    if (current === 'linking' && (status === 'cancelled' || status === 'timedOut')) return;
    clearTimeout(flow.timer);
    flow.consumed = true;
    flow.view.status = status;
    if (errorCode) flow.view.errorCode = errorCode;
    if (providerText) flow.view.providerText = providerText;
    if (status !== 'linked') this.recordUnlinked(flow.platform, status, errorCode);
    // The verifier is needed no more: drop it from memory.
    flow.codeVerifier = '';
    this.abandonChoice(flow);
    this.releasePath(flow);
  }

  /** A sign-in that linked nothing still leaves a trace: who cancelled, which the provider refused. */
  private recordUnlinked(platform: PlatformId, status: FlowStatus, errorCode?: ErrorCode): void {
    const ending: SignInEnding =
      status === 'cancelled'
        ? 'cancelled'
        : status === 'timedOut'
          ? 'timedOut'
          : errorCode === 'ACCESS_DENIED'
            ? 'denied'
            : 'failed';
    const outcome = ending === 'denied' ? 'refused' : 'failed';
    this.deps.audit.record({
      action: 'connection.signIn',
      target: platform,
      outcome,
      detail: { ending, ...(ending === 'failed' && errorCode ? { code: errorCode } : {}) },
    });
  }

  /** Stops serving a flow's callback path unless another flow waits on it; closes an idle listener. */
  private releasePath(flow: Flow): void {
    const stillWaiting = [...this.flows.values()].some(
      (f) => f.path === flow.path && f.view.status === 'waiting',
    );
    if (!stillWaiting) this.listener?.removePath(flow.path);
    if (this.listener && this.listener.pathCount === 0) {
      const listener = this.listener;
      this.listener = undefined;
      // Not awaited: the callback that ended the flow still has its page to write.
      void listener.close();
    }
  }

  /**
   * A sign-in left at the company choice (cancelled, timed out, app quit), or
   * one whose companies could not be read, must not leave a live refresh token
   * behind at the provider (Zoho counts each one against the user's cap):
   * revoke it, then forget the tokens.
   */
  private abandonChoice(flow: Flow): void {
    const choice = flow.choice;
    flow.choice = undefined;
    delete flow.view.companies;
    const refreshToken = choice?.tokens.refresh_token;
    if (!choice || !refreshToken) return;
    void revokeToken(this.tokenContext(flow, choice.server), refreshToken).then((outcome) => {
      if (outcome === 'failed')
        this.deps.log.warn('Unchosen sign-in not revoked', { platform: flow.platform });
    });
  }
}
