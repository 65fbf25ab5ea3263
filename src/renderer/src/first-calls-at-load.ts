import { sendFirstCalls } from './first-calls';
import { STARTUP_MARKS } from './readiness';

/**
 * Sent while this module is evaluated: main.tsx imports it before React, Mantine and the app, so
 * main answers while the rest of the bundle is still being evaluated. It imports nothing but the
 * bridge call and a mark's name, so nothing large is evaluated before the calls go out.
 */
export const firstCalls = sendFirstCalls();
performance.mark(STARTUP_MARKS.callsSent);
