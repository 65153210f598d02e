/**
 * Documents as JSON text in the embedded store's JSON columns. Dates are kept as `{"$$date": <ms>}` (nedb's own
 * encoding, so a document imported from a nedb data folder is stored as it was read) and come back as Dates; SQLite's
 * JSON functions reach them as `$.field."$$date"` (the generated, indexed columns in migrations.ts).
 */

export function toJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, encoded: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $$date: raw.getTime() } : encoded;
  });
}

/** Parsed, then walked for dates: a third of the cost of JSON.parse with a reviver (the directory reads many). */
export function fromJson<T>(text: string): T {
  const value: unknown = JSON.parse(text);
  return (text.includes('"$$date"') ? revive(value) : value) as T;
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = revive(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const date = object.$$date;
    if (typeof date === 'number' && Object.keys(object).length === 1) return new Date(date);
    for (const key of Object.keys(object)) object[key] = revive(object[key]);
  }
  return value;
}

/** A Date as the milliseconds SQLite columns hold. */
export const ms = (date: Date): number => date.getTime();
