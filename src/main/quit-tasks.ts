/** The parts of Electron's app used here (structural, so tests need no Electron). */
export interface QuittingApp {
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/**
 * Runs asynchronous clean-up before the app exits (wiping a copied secret from the clipboard,
 * whose API is asynchronous): the first quit is held, `before` runs — for at most `timeoutMs`,
 * so a stuck clipboard never keeps the app alive — then the app quits for real and `exit` runs.
 * https://www.electronjs.org/docs/latest/api/app#event-will-quit
 */
export function runBeforeQuit(
  app: QuittingApp,
  tasks: { before: () => Promise<unknown>; exit: () => void },
  timeoutMs = 1500,
): void {
  let state: 'idle' | 'running' | 'done' = 'idle';
  app.on('will-quit', (event) => {
    if (state === 'done') {
      tasks.exit();
      return;
    }
    event.preventDefault();
    if (state === 'running') return;
    state = 'running';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    void Promise.race([
      Promise.resolve()
        .then(tasks.before)
        .catch(() => undefined),
      timeout,
    ]).then(() => {
      clearTimeout(timer);
      state = 'done';
      app.quit();
    });
  });
}
