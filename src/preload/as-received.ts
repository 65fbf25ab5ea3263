import type { z } from 'zod';

/**
 * Whether a schema's successful parse equals its input: only strict objects (unknown keys refused,
 * not stripped), arrays, records, unions and plain values, with no transform, default, catch, pipe or
 * string rewrite (trim, lower-case). For such a schema, handing over the checked reply itself
 * is the same as handing over zod's copy, without the copy: for the 10,000-row review that copy is
 * ~20 MB of garbage for the next GC, which lands in the first frames (zod builds a new object for
 * every object it parses: https://zod.dev/api#objects).
 */
export function parsesToItsInput(schema: z.ZodType): boolean {
  return check(schema, new Set());
}

interface Def {
  type: string;
  checks?: { _zod: { def: { check: string } } }[];
  catchall?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
}

function check(schema: z.ZodType, seen: Set<z.ZodType>): boolean {
  if (seen.has(schema)) return true;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  // `overwrite` checks (trim, toLowerCase, normalize…) change the value they check.
  if (def.checks?.some((c) => c._zod.def.check === 'overwrite')) return false;
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    case 'literal':
    case 'enum':
      return true;
    case 'object':
      // z.strictObject has a `never` catchall; a plain z.object strips unknown keys (a copy differs).
      return (
        def.catchall !== undefined &&
        (def.catchall as unknown as { _zod: { def: Def } })._zod.def.type === 'never' &&
        Object.values(def.shape ?? {}).every((field) => check(field, seen))
      );
    case 'array':
      return check(def.element!, seen);
    case 'record':
      // Keys are checked by keyType (an enum key refuses keys outside it, and requires every one).
      return check(def.keyType!, seen) && check(def.valueType!, seen);
    case 'union':
      return def.options!.every((option) => check(option, seen));
    case 'optional':
    case 'nullable':
      return check(def.innerType!, seen);
    default:
      // transform, pipe, default, prefault, catch, unknown, tuple, lazy, date…: not known to be equal.
      return false;
  }
}
