/**
 * Remembers what a promise settled with, so a component first rendered after the answer came
 * can start from it instead of rendering "loading" and then the answer (two passes for one).
 */
const results = new WeakMap<Promise<unknown>, unknown>();

export function remembered<T>(promise: Promise<T>): Promise<T> {
  void promise.then((value) => void results.set(promise, value));
  return promise;
}

/** What `promise` settled with, if remembered() saw it settle; undefined otherwise. */
export function settledValue<T>(promise: Promise<T> | undefined): { value: T } | undefined {
  return promise && results.has(promise) ? { value: results.get(promise) as T } : undefined;
}
