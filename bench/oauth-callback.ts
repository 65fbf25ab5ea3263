// (d) callback received → token stored in the keychain, against the Sage fake on loopback,
// beside the fake's own latency for the same requests made directly (token exchange + business lookup).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_ENDPOINTS } from '../src/main/platforms/endpoints';
import { composeServices } from '../src/main/services/compose';
import { createLogger } from '../src/main/services/log';
import { redirectUriFor } from '../src/main/services/oauth/flows';
import type { SecretStore } from '../src/main/services/vault/secret-store';
import { request, startFakeSage } from '../test/fakes';
import { freePort } from '../test/unit/support/ports';
import { median, timeMs } from './stats';

const RUNS = 15;

export interface CallbackBench {
  callbackToStoredMs: number;
  fakeOnlyMs: number;
}

export async function benchOAuthCallback(secrets: SecretStore): Promise<CallbackBench> {
  const port = await freePort();
  const sage = await startFakeSage({ app: { redirectUris: [redirectUriFor('sage', port)] } });
  const dataDir = mkdtempSync(join(tmpdir(), 'integration-desk-bench-oauth-'));
  const opened: string[] = [];
  const services = composeServices({
    dataDir,
    secrets,
    systemLocales: ['en-CA'],
    osUser: 'bench',
    // Only Sage is exercised; the other providers keep their real (unused) endpoints.
    endpoints: { ...DEFAULT_ENDPOINTS, sage: sage.endpoints },
    openExternal: async (url) => void opened.push(url),
    log: createLogger(() => {}),
    clipboard: { writeSecret: () => {}, readText: () => '', clear: () => {} },
    chooseSavePath: async () => null,
  });
  try {
    services.settings.update({ loopbackPort: port });
    await services.integrations.saveConfiguration('sage', {
      clientId: sage.app.clientId,
      secrets: { clientSecret: sage.app.clientSecret },
      options: {},
    });
    const withApp: number[] = [];
    const fakeOnly: number[] = [];
    for (let run = 0; run < RUNS + 2; run++) {
      await services.flows.start('sage', await services.integrations.oauthClient('sage'));
      const { redirectTo } = await sage.consent(opened.at(-1)!);
      // The listener answers only after the token is in the keychain and the row is written.
      const appMs = await timeMs(() => request(redirectTo));
      // The same provider work without the app: one token-endpoint call and one business lookup, made directly.
      const directMs = await timeMs(async () => {
        const token = await fetch(sage.endpoints.tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: sage.liveRefreshTokens().at(-1)!,
            client_id: sage.app.clientId,
            client_secret: sage.app.clientSecret,
          }),
        });
        const { access_token } = (await token.json()) as { access_token: string };
        await (
          await fetch(`${sage.endpoints.apiBase}/businesses`, {
            headers: { Authorization: `Bearer ${access_token}` },
          })
        ).json();
      });
      if (run >= 2) {
        withApp.push(appMs);
        fakeOnly.push(directMs);
      }
    }
    return { callbackToStoredMs: median(withApp), fakeOnlyMs: median(fakeOnly) };
  } finally {
    await services.flows.closeAll();
    services.close();
    await sage.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
