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

export function fromJson<T>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const date = (value as { $$date?: unknown }).$$date;
      if (typeof date === 'number' && Object.keys(value).length === 1) return new Date(date);
    }
    return value;
  }) as T;
}

/** A Date as the milliseconds SQLite columns hold. */
export const ms = (date: Date): number => date.getTime();
