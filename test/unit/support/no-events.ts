import type { Subscribe } from '../../../src/preload/build-api';

/** For a preload built without main → renderer events: listening subscribes to nothing. */
export const noEvents: Subscribe = () => () => undefined;
