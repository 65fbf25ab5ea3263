/** Building blocks of the recording stand-in for Electron (recording-electron.ts). */

export type RecordCall = (name: string, args: unknown[]) => void;

/** A function that accepts any call, any property and `new`, records calls, and is never a promise. */
export function permissive(name: string, record: RecordCall): unknown {
  const cache = new Map<PropertyKey, unknown>();
  const target = function () {} as unknown as object;
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      if (prop === 'toString' || prop === 'valueOf' || prop === 'toJSON') return () => `[stand-in ${name}]`;
      if (!cache.has(prop)) cache.set(prop, permissive(`${name}.${String(prop)}`, record));
      return cache.get(prop);
    },
    set(_t, prop, value) {
      cache.set(prop, value);
      return true;
    },
    apply(_t, _this, args) {
      record(name, args);
      return permissive(`${name}()`, record);
    },
    construct(_t, args) {
      record(`new ${name}`, args);
      return permissive(`${name}#instance`, record) as object;
    },
  });
}

/** Wraps a modelled object so members it does not model fall back to permissive recorders. */
export function withFallback<T extends object>(object: T, name: string, record: RecordCall): T {
  return new Proxy(object, {
    get(target, prop, receiver) {
      if (prop in target || typeof prop === 'symbol' || prop === 'then')
        return Reflect.get(target, prop, receiver);
      const fallback = permissive(`${name}.${prop}`, record);
      Reflect.set(target, prop, fallback);
      return fallback;
    },
  });
}
