import type { Configuration } from 'electron-builder';

import afterPack from './scripts/packaging/after-pack';
import { updateFeed } from './scripts/packaging/update-feed';

/**
 * Packaging for Windows (NSIS), macOS (DMG + zip) and Linux (AppImage + deb).
 * `npm run dist` builds the installers for the OS it runs on; see docs/PACKAGING.md.
 *
 * Signing is driven by environment variables only (CSC_LINK, CSC_KEY_PASSWORD, WIN_CSC_LINK,
 * WIN_CSC_KEY_PASSWORD, APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID, …): without them
 * the build is unsigned and still works. INTEGRATION_DESK_REQUIRE_SIGNING=1 makes a missing
 * certificate an error instead.
 */
const config: Configuration = {
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

  // Auto-update is off unless a feed is configured at build time (scripts/packaging/update-feed.ts).
  publish: updateFeed(process.env),
  forceCodeSigning: process.env['INTEGRATION_DESK_REQUIRE_SIGNING'] === '1',

  win: {
    icon: 'resources/icon.ico',
    target: [{ target: 'nsis', arch: ['x64'] }],
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
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
    target: ['dmg', 'zip'],
    hardenedRuntime: true,
    artifactName: '${name}-${version}-mac-${arch}.${ext}',
  },
  dmg: { artifactName: '${name}-${version}-${arch}.${ext}' },

  linux: {
    icon: 'resources/icons',
    target: ['AppImage', 'deb'],
    executableName: 'integration-desk',
    category: 'Office',
    synopsis: 'Set up accounting integrations and review their stored credentials',
    description: 'Set up accounting integrations and review their stored credentials offline.',
    maintainer:
      process.env['INTEGRATION_DESK_MAINTAINER'] || 'Integration Desk <packaging@integrationdesk.invalid>',
    artifactName: '${name}-${version}-${arch}.${ext}',
  },
  deb: {
    // keytar talks to a Secret Service (GNOME Keyring, KWallet) through libsecret.
    depends: [
      'libsecret-1-0',
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

export default config;
