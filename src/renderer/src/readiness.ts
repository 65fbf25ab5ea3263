/** The User Timing mark `npm run bench` reads: the Integrations list is drawn and its switches work. */
export const INTERACTIVE_MARK = 'integrations-interactive';

/** Marks of the start-up's phases before it, which `npm run bench` prints: where the time goes. */
export const STARTUP_MARKS = {
  /** The bundle's evaluation has begun: the first screen's calls to main are on their way. */
  callsSent: 'startup-calls-sent',
  /** The one render begins: the first screen's data is in (or the wait for it ran out). */
  renderStart: 'startup-render-start',
} as const;

/** Marks the first time only (coming back to the screen later is not start-up). */
export function markInteractive(): void {
  if (performance.getEntriesByName(INTERACTIVE_MARK, 'mark').length === 0) performance.mark(INTERACTIVE_MARK);
}
