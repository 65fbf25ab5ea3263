import type { Configuration, WindowsConfiguration } from 'electron-builder';

type WindowsAzureSigningConfiguration = NonNullable<WindowsConfiguration['azureSignOptions']>;

import { updateFeed } from './update-feed';

/**
 * Who signs what, decided from the environment at `npm run dist` (the release workflow passes each
 * OS only its own secrets, and only the ones that are set: an absent GitHub secret arrives as an
 * empty string, which electron-builder would try to import as a certificate). Empty means unset.
 */
export type BuildPlatform = 'darwin' | 'win32' | 'linux';

const isSet = (env: NodeJS.ProcessEnv, name: string) => Boolean(env[name]?.trim());

/** macOS: a Developer ID Application certificate (.p12 as CSC_LINK) or a keychain identity (CSC_NAME). */
export function macSigningConfigured(env: NodeJS.ProcessEnv): boolean {
  return isSet(env, 'CSC_LINK') || isSet(env, 'CSC_NAME');
}

/** notarytool with an Apple ID and app-specific password, or an App Store Connect API key. */
export function macNotarizationConfigured(env: NodeJS.ProcessEnv): boolean {
  return (
    ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'].every((n) => isSet(env, n)) ||
    ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'].every((n) => isSet(env, n))
  );
}

const AZURE_VARIABLES = {
  endpoint: 'AZURE_TRUSTED_SIGNING_ENDPOINT',
  codeSigningAccountName: 'AZURE_TRUSTED_SIGNING_ACCOUNT',
  certificateProfileName: 'AZURE_TRUSTED_SIGNING_PROFILE',
  publisherName: 'WIN_PUBLISHER_NAME',
} as const;

/**
 * Windows: since 2023-06-01 code-signing keys live in hardware or a cloud HSM, so a `.pfx` in a
 * secret is no longer how a new certificate comes. Azure Trusted Signing (electron-builder's
 * `win.azureSignOptions`; the login is OIDC in the release workflow) signs the installer, the app
 * and — with `signExts` — the native `.node` modules. All four variables, or none.
 */
export function azureSignOptions(env: NodeJS.ProcessEnv): WindowsAzureSigningConfiguration | null {
  const entries = Object.entries(AZURE_VARIABLES).map(
    ([key, name]) => [key, env[name]?.trim() ?? ''] as const,
  );
  const missing = Object.entries(AZURE_VARIABLES)
    .filter(([, name]) => !isSet(env, name))
    .map(([, name]) => name);
  if (missing.length === entries.length) return null;
  if (missing.length > 0) throw new Error(`Azure Trusted Signing needs ${missing.join(', ')} as well.`);
  return {
    ...(Object.fromEntries(entries) as Record<keyof typeof AZURE_VARIABLES, string>),
    fileDigest: 'SHA256',
    timestampRfc3161: 'http://timestamp.acs.microsoft.com',
    timestampDigest: 'SHA256',
  };
}

export function windowsSigningConfigured(env: NodeJS.ProcessEnv): boolean {
  return azureSignOptions(env) !== null || isSet(env, 'WIN_CSC_LINK') || isSet(env, 'CSC_LINK');
}

/** Whether the installer built on this platform will carry a code signature. Linux packages do not. */
export function buildIsSigned(env: NodeJS.ProcessEnv, platform: BuildPlatform): boolean {
  if (platform === 'darwin') return macSigningConfigured(env);
  if (platform === 'win32') return windowsSigningConfigured(env);
  return false;
}

/**
 * The update feed baked into the app, if any — only into a SIGNED build: electron-updater checks an
 * update's SHA-512 against the feed, and the feed is only as trustworthy as the signature the
 * updater also checks (Authenticode publisher on Windows, Squirrel.Mac's code signature on macOS).
 * Never on Linux: the deb is updated by the package manager (a signed apt repository), not by the
 * app from the same feed that carries its checksum.
 */
export function releaseFeed(env: NodeJS.ProcessEnv, platform: BuildPlatform): Configuration['publish'] {
  const feed = updateFeed(env);
  if (!feed) return null;
  if (platform === 'linux') {
    throw new Error(
      'No update feed in a Linux package: the deb is updated by its package manager (a signed apt repository), not by the app. Unset INTEGRATION_DESK_UPDATE_URL / INTEGRATION_DESK_UPDATE_GITHUB for Linux builds.',
    );
  }
  if (!buildIsSigned(env, platform)) {
    throw new Error(
      `An update feed needs a signed build; set the ${platform === 'darwin' ? 'macOS' : 'Windows'} signing secrets or unset the update feed.`,
    );
  }
  return feed;
}

export function currentPlatform(platform: NodeJS.Platform = process.platform): BuildPlatform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}
