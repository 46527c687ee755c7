// What a column of a query's row holds, on both drivers: PostgreSQL (node-postgres) answers a
// bigint as a string, PGlite as a number; jsonb read back may be text; timestamps are Dates.
export type Int8 = number | string;
export type Timestamp = Date | string;

export const iso = (v: Timestamp | null | undefined): string | null => (v === null || v === undefined ? null : new Date(v).toISOString());
export const num = (v: Int8 | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
export const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
/** A timestamp as epoch milliseconds, or null. */
export const ms = (v: Timestamp | null | undefined): number | null => (v === null || v === undefined ? null : new Date(v).getTime());
