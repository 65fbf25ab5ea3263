import { dirname } from 'node:path';

import { FRESHBOOKS_READ_SCOPES } from '../../../src/shared/platforms/freshbooks';
import { redirectUriFor } from '../../../src/main/services/oauth/flows';
import { LOOPBACK_TLS_ACCOUNT } from '../../../src/main/services/oauth/loopback-certificate';
import type { SecretStore } from '../../../src/main/services/vault/secret-store';
import type { PlatformId } from '../../../src/shared/platforms';
import { request, startAllFakes, type AllFakes } from '../../fakes';
import { fetchTrusting } from '../../fakes/trusting-fetch';
import { freePort } from './ports';
import { testKeychain, testServices } from './temp';

export type OAuthPlatform = Exclude<PlatformId, 'clearbooks'>;

export interface LinkingRig {
  fakes: AllFakes;
  services: ReturnType<typeof testServices>;
  secrets: ReturnType<typeof testKeychain>;
  port: number;
  fakeFor(platform: OAuthPlatform): AllFakes['zoho'] | AllFakes['sage'] | AllFakes['freshbooks'];
  /** Registers the fake's app in the store, as the wizard would. */
  configure(platform: OAuthPlatform, options?: Record<string, unknown>): Promise<void>;
  /** Sends the browser's redirect to the app's loopback listener (trusting the loopback certificate). */
  deliver(redirectTo: string): Promise<{ status: number; body: string }>;
  /** Starts a flow, lets the fake consent, delivers the redirect: the whole happy path. */
  link(platform: OAuthPlatform): Promise<string>;
  /**
   * The app started again on the same data folder and the real keychain (not through any
   * wrapper), as after a crash or a quit; the caller closes what it returns.
   */
  nextStart(): ReturnType<typeof testServices>;
  close(): Promise<void>;
}

/** Two FreshBooks app registrations, for saving one over the other. */
export const FRESHBOOKS_OLD = { clientId: 'fb-client-old', clientSecret: 'fb-secret-old-9a1c' };
export const FRESHBOOKS_NEW = { clientId: 'fb-client-new', clientSecret: 'fb-secret-new-4e7d' };

export const saveFreshBooks = (r: LinkingRig, pair: typeof FRESHBOOKS_OLD) =>
  r.services.integrations.saveConfiguration('freshbooks', {
    clientId: pair.clientId,
    secrets: { clientSecret: pair.clientSecret },
    options: { writeScopes: [] },
  });

export async function startLinkingRig(
  fakeOptions: Parameters<typeof startAllFakes>[0] = {},
  serviceOptions: {
    /** Puts something between the services and the real keychain (e.g. a fault-injecting store). */
    wrapSecrets?: (keychain: SecretStore) => SecretStore;
    keychainTimeoutMs?: number;
    /** The pause between refresh retries; by default none (tests need not wait); null: the app's own. */
    backoff?: ((attempt: number, delayMs: number) => Promise<void>) | null;
    /** The services' clock (the fakes keep their own); by default the system's. */
    clock?: () => Date;
    /** The system browser; by default one that records each address it is given. */
    openExternal?: (url: string) => Promise<void>;
  } = {},
): Promise<LinkingRig> {
  const port = await freePort();
  // Both hosts Settings can name are registered, as a provider console allows several URIs.
  const redirects = (p: OAuthPlatform) => ({
    app: { redirectUris: [redirectUriFor(p, port), redirectUriFor(p, port, 'localhost')] },
  });
  const fakes = await startAllFakes({
    ...fakeOptions,
    zoho: { ...redirects('zohobooks'), ...fakeOptions.zoho },
    sage: { ...redirects('sage'), ...fakeOptions.sage },
    // The app registered at FreshBooks carries the scopes the app asks for (set in its developer portal).
    freshbooks: {
      ...redirects('freshbooks'),
      appScopes: [...FRESHBOOKS_READ_SCOPES],
      ...fakeOptions.freshbooks,
    },
  });
  const secrets = testKeychain();
  const services = testServices({
    secrets: serviceOptions.wrapSecrets ? serviceOptions.wrapSecrets(secrets) : secrets,
    ...(serviceOptions.keychainTimeoutMs ? { keychainTimeoutMs: serviceOptions.keychainTimeoutMs } : {}),
    endpoints: fakes.endpoints,
    fetchImpl: fetchTrusting(fakes.freshbooks.ca),
    ...(serviceOptions.backoff === null ? {} : { backoff: serviceOptions.backoff ?? (async () => {}) }),
    ...(serviceOptions.clock ? { clock: serviceOptions.clock } : {}),
    ...(serviceOptions.openExternal ? { openExternal: serviceOptions.openExternal } : {}),
  });
  services.settings.update({ loopbackPort: port });
  const fakeFor = (platform: OAuthPlatform) =>
    ({ zohobooks: fakes.zoho, sage: fakes.sage, freshbooks: fakes.freshbooks })[platform];
  const rig: LinkingRig = {
    fakes,
    secrets,
    services,
    port,
    fakeFor,
    async configure(platform, options = {}) {
      const { app } = fakeFor(platform);
      await services.integrations.saveConfiguration(platform, {
        clientId: app.clientId,
        secrets: { clientSecret: app.clientSecret },
        options,
      });
    },
    async deliver(redirectTo) {
      const url = new URL(redirectTo);
      // The loopback certificate is self-signed per install: trust exactly it, as a user accepting the warning would.
      const ca =
        url.protocol === 'https:'
          ? (JSON.parse((await secrets.get(LOOPBACK_TLS_ACCOUNT))!) as { cert: string }).cert
          : undefined;
      const res = await request(redirectTo, ca ? { ca } : {});
      return { status: res.status, body: res.text };
    },
    async link(platform) {
      await rig.configure(platform);
      const flow = await services.flows.start(platform, await services.integrations.oauthClient(platform));
      const { redirectTo } = await fakeFor(platform).consent(services.opened.at(-1)!);
      await rig.deliver(redirectTo);
      const view = services.flows.view(flow.flowId);
      if (view.status !== 'linked') throw new Error(`flow ended ${view.status} ${view.errorCode ?? ''}`);
      return view.connectionId!;
    },
    nextStart: () =>
      testServices({
        dataDir: dirname(services.settings.get().dataFilePath),
        secrets,
        endpoints: fakes.endpoints,
        fetchImpl: fetchTrusting(fakes.freshbooks.ca),
        backoff: async () => {},
      }),
    close: async () => {
      services.close();
      await fakes.close();
    },
  };
  return rig;
}
