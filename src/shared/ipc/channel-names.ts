/**
 * The names of the IPC contract's channels and events, without their schemas: the preload builds
 * `window.api` from these alone, so zod and the schemas (contract.ts, which must declare exactly
 * these names: the compiler checks) are evaluated only when first needed, not before the page's HTML
 * is parsed (src/preload/build-api.ts).
 */
export const CHANNEL_NAMES = [
  'listIntegrations',
  'getIntegration',
  'setIntegrationEnabled',
  'getSettings',
  'updateSettings',
  'openPlatformLink',
  'getStartupNotices',
  'saveIntegration',
  'removeIntegration',
  'getRedirectUri',
  'listConnections',
  'startConnect',
  'getConnectFlow',
  'cancelConnect',
  'chooseConnectCompany',
  'completeConnectFromUrl',
  'linkClearBooks',
  'testConnection',
  'refreshConnection',
  'getReview',
  'revealSecret',
  'copySecret',
  'compareSecret',
  'listAuditEvents',
  'exportReview',
  'deleteOrphanSecret',
  'disconnectConnection',
  'getUpdateStatus',
  'checkForUpdates',
  'installUpdate',
  'getAppInfo',
  'openSupportFolder',
  'exportDiagnostics',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const EVENT_NAMES = ['menuCommand'] as const;

export type EventName = (typeof EVENT_NAMES)[number];
export type SubscriberName<E extends EventName = EventName> = `on${Capitalize<E>}`;

export function subscriberName<E extends EventName>(name: E): SubscriberName<E> {
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as SubscriberName<E>;
}

/** Every function `window.api` has: one per channel and one per event, nothing else. */
export const API_NAMES: readonly string[] = [...CHANNEL_NAMES, ...EVENT_NAMES.map(subscriberName)];

/** The wire name of a channel, namespaced so it cannot collide with Electron's own. */
export function wireChannel(name: ChannelName): string {
  return `integration-desk:${name}`;
}

/** The wire name of a main → renderer event (never the same as a channel's). */
export function wireEvent(name: EventName): string {
  return `integration-desk:event:${name}`;
}
