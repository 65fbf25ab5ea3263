import * as oauth from 'oauth4webapi';

/** A PKCE pair (RFC 7636, S256 only) and a state value, each from a CSPRNG (32 bytes, base64url). */
export interface FlowSecrets {
  state: string;
  codeVerifier: string;
  codeChallenge: string;
}

export async function newFlowSecrets(): Promise<FlowSecrets> {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  return {
    state: oauth.generateRandomState(),
    codeVerifier,
    codeChallenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
  };
}
