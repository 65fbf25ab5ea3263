import type { Logger } from './services/log';

/** What the person chose in the recovery message. */
export type RecoveryChoice = 'reload' | 'wait' | 'quit';
export type RecoveryKind = 'crashed' | 'unresponsive';

/** Shows the recovery message (a native dialog in the app); `signal` closes it when no longer true. */
export type RecoveryPrompt = (kind: RecoveryKind, signal: AbortSignal) => Promise<RecoveryChoice>;

/** The parts of a BrowserWindow used here (structural, so tests need no Electron). */
export interface RecoverableWindow {
  on(event: 'unresponsive' | 'responsive', listener: () => void): unknown;
  isDestroyed(): boolean;
  webContents: {
    on(
      event: 'render-process-gone',
      listener: (event: unknown, details: { reason: string; exitCode: number }) => void,
    ): unknown;
    reload(): void;
  };
}

/**
 * A renderer that crashed or hangs leaves a blank or frozen window. Instead, the person gets a
 * message saying so, with Reload (and Quit after a crash, Wait while it hangs); a window that
 * starts answering again closes the "not responding" message by itself.
 * https://www.electronjs.org/docs/latest/api/web-contents#event-render-process-gone
 * https://www.electronjs.org/docs/latest/api/browser-window#event-unresponsive
 */
export function attachCrashRecovery(
  window: RecoverableWindow,
  deps: { prompt: RecoveryPrompt; quit: () => void; log: Logger },
): void {
  let open: { kind: RecoveryKind; controller: AbortController } | null = null;

  const ask = (kind: RecoveryKind) => {
    open?.controller.abort();
    const current = { kind, controller: new AbortController() };
    open = current;
    deps.prompt(kind, current.controller.signal).then(
      (choice) => {
        if (open === current) open = null;
        if (current.controller.signal.aborted || window.isDestroyed()) return;
        deps.log.info('Window recovery chosen', { kind, choice });
        if (choice === 'reload') window.webContents.reload();
        else if (choice === 'quit') deps.quit();
      },
      () => {
        if (open === current) open = null;
      },
    );
  };

  window.webContents.on('render-process-gone', (_event, details) => {
    // A clean exit is the window closing, not a failure.
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    deps.log.error('Window renderer gone', { reason: details.reason, exitCode: details.exitCode });
    ask('crashed');
  });
  window.on('unresponsive', () => {
    if (open) return;
    deps.log.warn('Window not responding');
    ask('unresponsive');
  });
  window.on('responsive', () => {
    if (open?.kind !== 'unresponsive') return;
    deps.log.info('Window responding again');
    open.controller.abort();
    open = null;
  });
}
