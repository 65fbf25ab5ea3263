import type { Configuration } from 'electron-builder';

/**
 * Where a packaged app looks for updates, decided at build time. Auto-update is OFF unless one
 * of these is set when `npm run dist` runs:
 *
 * - `INTEGRATION_DESK_UPDATE_URL=https://updates.example.com/integration-desk/` — a plain
 *   HTTPS folder (electron-updater's `generic` provider) where the release's `latest*.yml`
 *   and installers are uploaded;
 * - `INTEGRATION_DESK_UPDATE_GITHUB=owner/repo` — GitHub Releases of that repository.
 *
 * With a feed, electron-builder writes `resources/app-update.yml` into the app, and
 * src/main/updates.ts checks for updates only when that file exists. Without one the config
 * says `publish: null`, so no `app-update.yml` is written (and electron-builder cannot guess a
 * GitHub feed from the git remote or a GH_TOKEN either).
 */
export function updateFeed(env: NodeJS.ProcessEnv): Configuration['publish'] {
  const url = env['INTEGRATION_DESK_UPDATE_URL']?.trim();
  const github = env['INTEGRATION_DESK_UPDATE_GITHUB']?.trim();
  if (url && github) {
    throw new Error('Set INTEGRATION_DESK_UPDATE_URL or INTEGRATION_DESK_UPDATE_GITHUB, not both.');
  }
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`INTEGRATION_DESK_UPDATE_URL is not a URL: ${url}`);
    }
    // Updates are code: they must come over HTTPS, from a URL with no credentials in it.
    if (parsed.protocol !== 'https:' || parsed.username || parsed.password) {
      throw new Error('INTEGRATION_DESK_UPDATE_URL must be an https:// URL without credentials.');
    }
    return { provider: 'generic', url: parsed.href, channel: 'latest' };
  }
  if (github) {
    const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(github);
    if (!match) throw new Error(`INTEGRATION_DESK_UPDATE_GITHUB must be "owner/repo", not "${github}"`);
    return {
      provider: 'github',
      owner: match[1] as string,
      repo: match[2] as string,
      releaseType: 'release',
    };
  }
  return null;
}
