// RFC 9457 problem details: the one shape every API error of Fulcrum has, and the one error class
// that carries it. Beside the English `detail`, a refusal carries a stable `code` and its `params`
// (problem-codes.ts). Low in the tree so that auth, the data plane and lib/api all make it alike.
import { isProblemCode, type ProblemCause, type ProblemParams } from './problem-codes.ts';

export interface FieldError {
  path: string;
  message: string;
  /** zod's issue code (too_small, invalid_type, custom …), so the console can say it in the operator's language */
  code?: string;
  /** for code custom: which check refused it (maxMeanBelowOne …) */
  key?: string;
  minimum?: number;
  maximum?: number;
}

/** A zod issue as a field error: dotted path, message, and what the console needs to localize it. */
export function issueError(issue: { path: PropertyKey[]; message: string; code: string; minimum?: unknown; maximum?: unknown; params?: unknown; origin?: unknown }, root: string): FieldError {
  const key = (issue.params as { key?: unknown } | undefined)?.key;
  return {
    path: issue.path.length ? issue.path.map(String).join('.') : root,
    message: issue.message,
    code: issue.origin ? `${issue.code}.${String(issue.origin)}` : issue.code,
    ...(typeof key === 'string' ? { key } : {}),
    ...(typeof issue.minimum === 'number' || typeof issue.minimum === 'bigint' ? { minimum: Number(issue.minimum) } : {}),
    ...(typeof issue.maximum === 'number' || typeof issue.maximum === 'bigint' ? { maximum: Number(issue.maximum) } : {}),
  };
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** stable machine code of the refusal (lib/domain/problem-codes.ts); absent for plain HTTP errors */
  code?: string;
  params?: ProblemParams;
  errors?: FieldError[];
}

/** A problem's detail: English text alone, or with the code and params the console localizes. */
export type Detail = string | (ProblemCause & { detail: string });

/** The refusal an error carries (`refusal: {code, params}`), checked by property like httpStatus. */
export function refusalOf(error: unknown): ProblemCause | undefined {
  const r = (error as { refusal?: { code?: unknown; params?: unknown } } | null)?.refusal;
  return r && isProblemCode(r.code) ? { code: r.code, ...(r.params && typeof r.params === 'object' ? { params: r.params as ProblemParams } : {}) } : undefined;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, detail?: Detail, errors?: FieldError[]): Problem {
  const cause = typeof detail === 'object' ? detail : undefined;
  return {
    type: `https://fulcrum.dev/problems/${status}`,
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail === undefined ? {} : { detail: typeof detail === 'string' ? detail : detail.detail }),
    ...(cause ? { code: cause.code, ...(cause.params ? { params: cause.params } : {}) } : {}),
    ...(errors === undefined ? {} : { errors }),
  };
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * A refusal thrown below a route: its status, English detail, code/params and field errors.
 * lib/api/http.ts's handle() answers it as problem(httpStatus, …); handle() reads it by property
 * (httpStatus, refusal, errors), not instanceof, because Next.js bundles route handlers apart.
 */
export class ProblemError extends Error {
  override name = 'ProblemError';
  readonly refusal?: ProblemCause;

  constructor(
    readonly httpStatus: number,
    message: string,
    /** the code the console says in the operator's language (problem-codes.ts) */
    refusal?: ProblemCause,
    readonly errors?: FieldError[],
  ) {
    super(message);
    if (refusal) this.refusal = refusal;
  }
}

/** The problem an error thrown with `httpStatus` (a ProblemError, or one from another bundle) stands for; undefined for any other error. */
export function problemOf(error: unknown): Problem | undefined {
  const status = (error as { httpStatus?: unknown } | null)?.httpStatus;
  if (typeof status !== 'number') return undefined;
  const message = (error as Error).message;
  const refusal = refusalOf(error);
  const errors = (error as { errors?: unknown }).errors;
  return problem(status, refusal ? { detail: message, ...refusal } : message, Array.isArray(errors) ? (errors as FieldError[]) : undefined);
}

/** The value, or a 404 ProblemError with `detail` when there is none (a lookup that found nothing). */
export function orNotFound<T>(value: T | null | undefined, detail: string): T {
  if (value === null || value === undefined) throw new ProblemError(404, detail);
  return value;
}
