/** Small helpers both adapters use to shape what they store and return. */

/** A copy without undefined properties, at any depth (Dates and arrays kept), so every adapter returns the same shape. */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutUndefined(v)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined) out[key] = withoutUndefined(v);
  }
  return out as T;
}

/** Page size and offset, clamped to sane bounds. */
export function paging(query: { limit?: number; offset?: number } = {}, defaultLimit = 50, maxLimit = 500): { limit: number; offset: number } {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? defaultLimit), 1), maxLimit);
  const offset = Math.max(Math.trunc(query.offset ?? 0), 0);
  return { limit, offset };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The moment before which personal data is past retention. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}
