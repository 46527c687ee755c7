// A problem+json answer in the operator's language: its `code` through the messages (`problems.<code>`)
// with its `params`, else the API's English `detail`, else the HTTP status. Pure: components pass
// next-intl's translator for the `problems` namespace.
import { isProblemCode } from '../domain/problem-codes.ts';

export interface ProblemBody {
  status?: number;
  detail?: string;
  code?: string;
  params?: Record<string, unknown>;
}

/** next-intl's `t` for the `problems` namespace, as far as this module needs it */
export interface ProblemTranslator {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
}

/** params that name one of a fixed set of values, which the messages choose by with ICU `select` */
const SELECTORS = new Set(['action', 'state', 'health']);

/**
 * Only strings and finite numbers reach a message; anything else the API sent is left out. ICU
 * selectors cannot hold '-', so a selector's value is passed with '_' (promote-full → promote_full).
 */
function safeParams(params: Record<string, unknown> | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params ?? {})) {
    if (typeof v === 'string') out[k] = SELECTORS.has(k) ? v.replaceAll('-', '_') : v;
    else if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

export function problemMessage(p: ProblemBody | null | undefined, t: ProblemTranslator, status?: number): string {
  if (p?.code && isProblemCode(p.code) && t.has(p.code)) return t(p.code, safeParams(p.params));
  if (p?.detail) return p.detail;
  return `HTTP ${p?.status ?? status ?? '?'}`;
}

/** What a failed load threw, as a problem: the problem body it carries (ApiError), else its message as the detail. */
export function problemOfError(error: unknown): ProblemBody {
  const p = (error as { problem?: unknown } | null)?.problem;
  if (p && typeof p === 'object') return p as ProblemBody;
  return { detail: error instanceof Error ? error.message : String(error) };
}
