/** The part of a WebContents used here (structural, so tests need no Electron). */
export interface UnloadGuardedContents {
  on(event: 'will-prevent-unload', listener: (event: { preventDefault(): void }) => void): unknown;
}

/**
 * While a set-up dialog holds typed values, the page refuses to unload (a `beforeunload`
 * handler). Electron shows nothing then and simply keeps the window open, so main asks:
 * "Keep editing" keeps it, "Close anyway" lets the window close (or reload, or the app quit).
 * https://www.electronjs.org/docs/latest/api/web-contents#event-will-prevent-unload
 */
export function confirmBeforeLosingTypedValues(
  contents: UnloadGuardedContents,
  confirmLeave: () => boolean,
): void {
  contents.on('will-prevent-unload', (event) => {
    // preventDefault() here overrides the page's refusal: the unload goes ahead.
    if (confirmLeave()) event.preventDefault();
  });
}
