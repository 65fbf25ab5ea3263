import type { IpcResult } from '@shared/ipc/errors';
import type { IntegrationSummary, Settings, StartupNotices } from '@shared/ipc/schemas';
import { api, callApi } from './api';
import { sendFirstCalls, type FirstCalls } from './first-calls';
import { loadLanguage } from './i18n';
import { remembered } from './settled';

export interface Startup {
  settings: Settings;
  /** `checking` while main's keychain probe runs: the notices component asks again until it has ended. */
  notices: StartupNotices;
}

/** What the first screen needs, asked for all at once before React starts (see main.tsx). */
export interface Boot {
  /** The settings and start-up notices, with the saved language already applied. */
  startup: Promise<IpcResult<Startup>>;
  /** The first Integrations list, so that screen needs no second round trip. */
  integrations: Promise<IpcResult<IntegrationSummary[]>>;
}

/** Settings decide the language, so it is switched (and its catalog loaded) before anything is shown. */
async function applyStartup(
  settingsCall: Promise<IpcResult<Settings>>,
  noticesCall: Promise<IpcResult<StartupNotices>>,
): Promise<IpcResult<Startup>> {
  const settings = await settingsCall;
  if (!settings.ok) return settings;
  await loadLanguage(settings.value.language);
  const notices = await noticesCall;
  // Notices only inform: the app works without them, so failing to fetch them is not fatal.
  return {
    ok: true,
    value: {
      settings: settings.value,
      notices: notices.ok ? notices.value : { notices: [], checking: false },
    },
  };
}

/** Loads the start-up data again (the Try again button). */
export function loadStartup(): Promise<IpcResult<Startup>> {
  return applyStartup(
    callApi(() => api().getSettings()),
    callApi(() => api().getStartupNotices()),
  );
}

/** Turns the first calls (sent by main.tsx before React starts, or now) into what the first screen needs. */
export function startBoot(calls: FirstCalls = sendFirstCalls()): Boot {
  return {
    startup: remembered(applyStartup(calls.settings, calls.notices)),
    integrations: remembered(calls.integrations),
  };
}

/**
 * Resolves when the first screen's data is in (or after `patienceMs`, whichever comes first), so
 * React can draw the Integrations list in one pass instead of loading → shell → cards. The
 * timeout keeps a slow main from leaving the window blank: then the loading state shows as before.
 */
export function firstScreenReady(boot: Boot, patienceMs: number): Promise<void> {
  return Promise.race([
    Promise.all([boot.startup, boot.integrations]).then(() => undefined),
    new Promise<void>((resolve) => setTimeout(resolve, patienceMs)),
  ]);
}
