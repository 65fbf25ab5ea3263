/** Injected time, so tests can pin dates. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
