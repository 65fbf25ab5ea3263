import type { Configuration } from 'electron-builder';

import afterPack from './scripts/packaging/after-pack';
import { GLIBC_FLOOR } from './scripts/packaging/check-glibc';
import {
  azureSignOptions,
  currentPlatform,
  macNotarizationConfigured,
  macSigningConfigured,
  releaseFeed,
  type BuildPlatform,
} from './scripts/packaging/signing';

/**
 * Packaging for Windows (NSIS, per user), macOS (DMG + zip, x64 and arm64) and Linux (deb).
 * `npm run dist` builds the installers for the OS it runs on; see docs/PACKAGING.md.
 *
 * Signing is driven by environment variables only (scripts/packaging/signing.ts): without them the
 * build is unsigned and still works. INTEGRATION_DESK_REQUIRE_SIGNING=1 makes a missing certificate
 * an error instead, and so does an update feed (a feed is only baked into a signed build).
 */
export function packagingConfig(env: NodeJS.ProcessEnv, platform: BuildPlatform): Configuration {
  const publish = releaseFeed(env, platform);
  const macSigned = macSigningConfigured(env);
  return {
    appId: 'com.integrationdesk.desktop',
    productName: 'Integration Desk',
    copyright: 'Copyright © Integration Desk',
    directories: { output: 'dist', buildResources: 'resources' },

    // Only the built app, package.json and production dependencies ship. electron-builder adds the
    // production node_modules itself (dev dependencies never); the exclusions below apply to them.
    files: [
      'out/**',
      'package.json',
      '!**/*.map',
      '!**/.env',
      '!**/.env.*',
      '!**/{package-lock.json,npm-shrinkwrap.json,yarn.lock,pnpm-lock.yaml,bun.lock,bun.lockb}',
      // Native modules: only the built .node file is needed at run time, not sources or objects.
      '!**/node_modules/better-sqlite3/{src,deps,docs,benchmark}{,/**}',
      '!**/node_modules/better-sqlite3/build/Release/test_extension.node',
      '!**/node_modules/keytar/src{,/**}',
      // C++ headers for building Node-API addons (a dependency of keytar, used only at build time).
      '!**/node_modules/node-addon-api{,/**}',
      '!**/node_modules/*/build/{deps,Release/obj,Release/obj.target,Release/.deps}{,/**}',
      '!**/node_modules/*/build/{Makefile,config.gypi,*.Makefile,*.vcxproj,*.vcxproj.filters,*.sln}',
      '!**/node_modules/*/build/Release/*.{lib,exp,iobj,ipdb,ilk}',
    ],
    // .node files cannot be loaded from inside an asar archive: unpack exactly those, nothing else.
    asar: { smartUnpack: false },
    asarUnpack: ['**/*.node'],

    // Rebuild better-sqlite3 (V8 ABI) and keytar for Electron's ABI, from source against
    // Electron's headers, before copying. The afterPack hook then refuses any .node file that is
    // still built for plain Node (a skipped or failed rebuild). Note: this rebuilds the project's
    // own node_modules in place; `npm rebuild better-sqlite3` returns them to Node's ABI.
    npmRebuild: true,
    buildDependenciesFromSource: true,
    afterPack,

    // Auto-update is off unless a feed is configured at build time, and then only in a signed build.
    publish,
    forceCodeSigning:
      platform !== 'linux' && (env['INTEGRATION_DESK_REQUIRE_SIGNING'] === '1' || publish !== null),

    win: {
      icon: 'resources/icon.ico',
      target: [{ target: 'nsis', arch: ['x64'] }],
      // Azure Trusted Signing when configured (OIDC login in the release workflow); the native
      // modules in app.asar.unpacked are signed too.
      azureSignOptions: azureSignOptions(env),
      signExts: ['.node'],
    },
    nsis: {
      // Per user, one click: no per-user/per-machine page, no elevation prompt, silent with /S.
      oneClick: true,
      perMachine: false,
      allowElevation: false,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      shortcutName: 'Integration Desk',
      // Keep the local database when the app is removed; keychain items are never touched.
      deleteAppDataOnUninstall: false,
      artifactName: '${name}-${version}-setup-${arch}.${ext}',
    },

    mac: {
      icon: 'resources/icon.icns',
      category: 'public.app-category.business',
      // Apple silicon and Intel Macs; the native modules are rebuilt per arch and checked by afterPack.
      target: [
        { target: 'dmg', arch: ['arm64', 'x64'] },
        { target: 'zip', arch: ['arm64', 'x64'] },
      ],
      hardenedRuntime: true,
      // Only what Electron needs (allow-jit), for the app and its helpers alike.
      entitlements: 'resources/entitlements.mac.plist',
      entitlementsInherit: 'resources/entitlements.mac.plist',
      // No identity: leave it unsigned (ad hoc on arm64, see after-pack.ts) rather than look for one.
      identity: macSigned ? undefined : null,
      notarize: macSigned && macNotarizationConfigured(env),
      artifactName: '${name}-${version}-mac-${arch}.${ext}',
    },
    dmg: { artifactName: '${name}-${version}-${arch}.${ext}' },

    linux: {
      icon: 'resources/icons',
      // The deb only. It installs an AppArmor profile and sets up chrome-sandbox, so Chromium's
      // sandbox holds on Ubuntu 24.04+; an AppImage there runs with --no-sandbox (and needs libfuse2).
      target: [{ target: 'deb', arch: ['x64'] }],
      executableName: 'integration-desk',
      category: 'Office',
      synopsis: 'Set up accounting integrations and review their stored credentials',
      description: 'Set up accounting integrations and review their stored credentials offline.',
      maintainer:
        env['INTEGRATION_DESK_MAINTAINER'] || 'Integration Desk <packaging@integrationdesk.invalid>',
      artifactName: '${name}-${version}-${arch}.${ext}',
    },
    deb: {
      depends: [
        // The native modules are checked against this floor (scripts/packaging/check-glibc.ts).
        `libc6 (>= ${GLIBC_FLOOR})`,
        // keytar talks to a Secret Service (GNOME Keyring, KWallet) through libsecret.
        'libsecret-1-0',
        // Electron's own run-time libraries (Ubuntu 24.04 renamed some with a t64 suffix).
        'libasound2 | libasound2t64',
        'libgbm1',
        'libgtk-3-0',
        'libnotify4',
        'libnss3',
        'libxss1',
        'libxtst6',
        'xdg-utils',
        'libatspi2.0-0',
        'libuuid1',
      ],
      recommends: ['gnome-keyring'],
    },
  };
}

export default packagingConfig(process.env, currentPlatform());
