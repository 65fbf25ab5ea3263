/** A translation catalog as the JSON files hold it: nested objects of strings. */
export type Catalog = { [key: string]: string | Catalog };

/** Every string of a catalog under its dotted key, as `t()` asks for it ("wizard.manage.title"). */
export function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix + key;
    if (typeof value === 'string') entries.set(path, value);
    else for (const [k, v] of flatten(value, `${path}.`)) entries.set(k, v);
  }
  return entries;
}
