import { randomUUID } from 'node:crypto';

import * as oauth from 'oauth4webapi';

import { AppError, type ErrorCode } from '@shared/ipc/errors';
import type { ConnectFlow } from '@shared/ipc/schemas';
import type { PlatformId } from '@shared/platforms';
import { isAcceptableEndpoint, type ProviderEndpoints } from '../../platforms/endpoints';
import type { ConnectionServer, LinkedAccount, OAuthAdapter, OAuthClientConfig } from '../../platforms/types';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { LoopbackListener, type CallbackPage, type LoopbackTls } from './loopback-listener';
import { newFlowSecrets } from './pkce';
import { ProviderError, toProviderError } from './provider-errors';
import { exchangeCode } from './token-client';

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
  timeoutMs(): number;
  /** The per-install certificate for providers that require https redirects. */
  tls(): Promise<LoopbackTls>;
  /** Stores the new connection (keychain, then SQLite); returns its id and any warnings. */
  store(linked: LinkedTokens): Promise<{ connectionId: string; warnings: FlowWarning[] }>;
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
}

/** Providers that accept only https redirect URIs (FreshBooks, providers.md §3.5). */
const HTTPS_REDIRECT_PLATFORMS: ReadonlySet<PlatformId> = new Set(['freshbooks']);

export function callbackPath(platform: PlatformId): string {
  return `/oauth/${platform}/callback`;
}

/** The exact redirect URI to register at the provider for this port. */
export function redirectUriFor(platform: PlatformId, port: number): string {
  const scheme = HTTPS_REDIRECT_PLATFORMS.has(platform) ? 'https' : 'http';
  return `${scheme}://127.0.0.1:${port}${callbackPath(platform)}`;
}

/**
 * OAuth 2.0 authorization-code flows with PKCE (S256) and state through the
 * system browser and a loopback listener (RFC 8252). Each flow is bound to its
 * platform, app registration and redirect URI; a callback can complete only its
 * own flow, once. The listener lives only while a flow waits.
 */
export class OAuthFlows {
  private readonly flows = new Map<string, Flow>();
  private listener: LoopbackListener | undefined;

  constructor(private readonly deps: OAuthFlowDeps) {}

  async start(platform: PlatformId, client: OAuthClientConfig): Promise<FlowView> {
    const adapter = this.deps.adapterFor(platform);
    const secure = HTTPS_REDIRECT_PLATFORMS.has(platform);
    const listener = await this.listenerFor(secure);
    const path = callbackPath(platform);
    const redirectUri = `${listener.origin}${path}`;
    const { state, codeVerifier, codeChallenge } = await newFlowSecrets();
    const scopes = adapter.scopes(client.options);

    const authorizeUrl = new URL(adapter.authorizeUrl(this.deps.endpoints));
    if (!isAcceptableEndpoint(authorizeUrl.href))
      throw new AppError('LINK_NOT_ALLOWED', 'Authorize URL is not https');
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
    return { ...flow.view, warnings: [...flow.view.warnings] };
  }

  async cancel(flowId: string): Promise<FlowView> {
    this.end(flowId, 'cancelled', 'FLOW_CANCELLED');
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

  private async listenerFor(secure: boolean): Promise<LoopbackListener> {
    if (this.listener?.listening) {
      if (this.listener.secure !== secure)
        throw new AppError('FLOW_IN_PROGRESS', 'Another sign-in is waiting');
      return this.listener;
    }
    this.listener = await LoopbackListener.open(
      this.deps.port(),
      (path, params) => this.onCallback(path, params),
      secure ? await this.deps.tls() : undefined,
    );
    return this.listener;
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
    const issuer = new URL(adapter.authorizeUrl(this.deps.endpoints)).origin;
    let validated: URLSearchParams;
    try {
      // Checks state, and iss when present (RFC 9207); an error response throws AuthorizationResponseError.
      validated = oauth.validateAuthResponse(
        { issuer },
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

    try {
      const server = adapter.serverFromCallback(this.deps.endpoints, validated);
      for (const endpoint of [server.tokenEndpoint, server.apiBase]) {
        if (endpoint && !isAcceptableEndpoint(endpoint))
          throw new AppError('CALLBACK_REJECTED', 'Endpoint not https');
      }
      const tokens = await exchangeCode(
        {
          adapter,
          server,
          clientId: flow.client.clientId,
          clientSecret: flow.client.clientSecret,
          fetchImpl: this.deps.fetchImpl,
        },
        issuer,
        validated,
        flow.redirectUri,
        flow.codeVerifier,
      );
      const finalServer = adapter.serverFromTokens?.(this.deps.endpoints, server, tokens) ?? server;
      const account = await adapter.describe(finalServer, tokens.access_token, this.deps.fetchImpl);
      const { connectionId, warnings } = await this.deps.store({
        platform: adapter.platform,
        server: finalServer,
        account,
        tokens,
        requestedScopes: flow.requestedScopes,
      });
      flow.view.connectionId = connectionId;
      flow.view.warnings = warnings;
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
    if (flow.view.status !== 'waiting' && flow.view.status !== 'linking') return;
    if (flow.view.status === 'linking' && (status === 'cancelled' || status === 'timedOut')) return;
    clearTimeout(flow.timer);
    flow.consumed = true;
    flow.view.status = status;
    if (errorCode) flow.view.errorCode = errorCode;
    if (providerText) flow.view.providerText = providerText;
    // The verifier is needed no more: drop it from memory.
    flow.codeVerifier = '';
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
}
