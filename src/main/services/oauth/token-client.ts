import * as oauth from 'oauth4webapi';

import type { ConnectionServer, OAuthAdapter } from '../../platforms/types';
import { readTextAndJson } from '../../platforms/response-body';
import { toTokenEndpointError } from './provider-errors';

export const TOKEN_REQUEST_TIMEOUT_MS = 20_000;

export interface TokenClientContext {
  adapter: OAuthAdapter;
  server: ConnectionServer;
  /** The provider's one issuer identifier, for the code exchange and every refresh alike. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  fetchImpl: typeof fetch;
}

/** oauth4webapi's view of a provider's token server. */
export function authorizationServer(server: ConnectionServer, issuer: string): oauth.AuthorizationServer {
  return {
    issuer,
    token_endpoint: server.tokenEndpoint,
    ...(server.revocationEndpoint ? { revocation_endpoint: server.revocationEndpoint } : {}),
  };
}

/**
 * This app never asks for `openid`, so an `id_token` in a token response
 * (FreshBooks sends one: freshbooks/freshbooks-python-sdk
 * `tests/fixtures/auth_token_response.json`) is none of its business. It is
 * dropped unread: oauth4webapi would otherwise validate it as an OpenID Connect
 * ID token and fail the link or refresh over a value nobody asked for.
 */
async function withoutIdToken(response: Response): Promise<Response> {
  if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return response;
  const { text, json: body } = await readTextAndJson(response);
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  const init = { status: response.status, statusText: response.statusText, headers };
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('id_token' in body))
    return new Response(text, init);
  const { id_token: _ignored, ...rest } = body as Record<string, unknown>;
  return new Response(JSON.stringify(rest), init);
}

/** Options for every oauth4webapi request: injected fetch, timeout, http only for loopback fakes. */
export function requestOptions(ctx: TokenClientContext, endpoint: string) {
  const fetchImpl: typeof fetch = async (input, init) => {
    const response = await ctx.fetchImpl(input, init);
    return withoutIdToken(
      ctx.adapter.normaliseTokenResponse ? await ctx.adapter.normaliseTokenResponse(response) : response,
    );
  };
  return {
    [oauth.customFetch]: fetchImpl,
    [oauth.allowInsecureRequests]: new URL(endpoint).protocol === 'http:',
    signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
  };
}

/** Exchanges a validated authorization response for tokens (RFC 6749 §4.1.3 with the PKCE verifier). */
export async function exchangeCode(
  ctx: TokenClientContext,
  callback: URLSearchParams,
  redirectUri: string,
  codeVerifier: string,
): Promise<oauth.TokenEndpointResponse> {
  const as = authorizationServer(ctx.server, ctx.issuer);
  const client: oauth.Client = { client_id: ctx.clientId };
  try {
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.ClientSecretPost(ctx.clientSecret),
      callback,
      redirectUri,
      codeVerifier,
      requestOptions(ctx, ctx.server.tokenEndpoint),
    );
    return await oauth.processAuthorizationCodeResponse(as, client, response);
  } catch (error) {
    throw await toTokenEndpointError(error);
  }
}

export async function refreshTokens(
  ctx: TokenClientContext,
  refreshToken: string,
): Promise<oauth.TokenEndpointResponse> {
  const as = authorizationServer(ctx.server, ctx.issuer);
  const client: oauth.Client = { client_id: ctx.clientId };
  try {
    const response = await oauth.refreshTokenGrantRequest(
      as,
      client,
      oauth.ClientSecretPost(ctx.clientSecret),
      refreshToken,
      requestOptions(ctx, ctx.server.tokenEndpoint),
    );
    return await oauth.processRefreshTokenResponse(as, client, response);
  } catch (error) {
    throw await toTokenEndpointError(error);
  }
}

export type RevokeOutcome = 'revoked' | 'notSupported' | 'failed';

/**
 * Revokes a refresh token (RFC 7009). 200 means done, even for a token the
 * provider no longer knew; anything else means it may still be valid.
 */
export async function revokeToken(ctx: TokenClientContext, token: string): Promise<RevokeOutcome> {
  const endpoint = ctx.server.revocationEndpoint;
  if (!endpoint || !ctx.adapter.revocation) return 'notSupported';
  const { [oauth.customFetch]: fetchImpl, signal } = requestOptions(ctx, endpoint);
  let response: Response;
  try {
    if (ctx.adapter.revocation === 'query') {
      // Zoho: POST {accounts-server}/oauth/v2/token/revoke?token=…
      // (https://www.zoho.com/accounts/protocol/oauth/revoke-refresh-token.html).
      const url = new URL(endpoint);
      url.searchParams.set('token', token);
      response = await fetchImpl(url, { method: 'POST', signal });
    } else if (ctx.adapter.revocation === 'json') {
      response = await fetchImpl(endpoint, {
        method: 'POST',
        signal,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ client_id: ctx.clientId, client_secret: ctx.clientSecret, token }),
      });
    } else {
      response = await fetchImpl(endpoint, {
        method: 'POST',
        signal,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          client_id: ctx.clientId,
          client_secret: ctx.clientSecret,
          token,
          token_type_hint: 'refresh_token',
        }),
      });
    }
  } catch {
    return 'failed';
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.status === 200) return 'revoked';
  if (response.status === 404 || response.status === 405) return 'notSupported';
  return 'failed';
}
