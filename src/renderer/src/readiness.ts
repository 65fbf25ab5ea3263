/** The User Timing mark `npm run bench` reads: the Integrations list is drawn and its switches work. */
export const INTERACTIVE_MARK = 'integrations-interactive';

/** Marks the first time only (coming back to the screen later is not start-up). */
export function markInteractive(): void {
  if (performance.getEntriesByName(INTERACTIVE_MARK, 'mark').length === 0) performance.mark(INTERACTIVE_MARK);
}
