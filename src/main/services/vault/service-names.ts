/**
 * Keychain service names. Neither may be a prefix of the other: Windows
 * Credential Manager lookups match "service*", so a prefix would collide.
 */
export const KEYCHAIN_SERVICES: Readonly<Record<'production' | 'development' | 'smokeTest', string>> = {
  production: 'com.integrationdesk.desktop.prod',
  development: 'com.integrationdesk.desktop.dev',
  /** A packaged app's `--smoke-test` launch (src/main/smoke-test.ts): emptied before it exits. */
  smokeTest: 'com.integrationdesk.desktop.smoke',
};
