// The one way the browser calls the operator API: `get` and `send` answer the data or the problem
// (problem+json, with its field errors), and `load` is SWR's fetcher, throwing an ApiError that
// carries the problem so a page can say it in the operator's language (useLoadErrorText).
import type { FieldError } from '../domain/problem.ts';
import type { ProblemBody } from '../i18n/problems.ts';

/** A refusal as the API answers it; `E` is what else a refusal of that call carries (a conflict's current version). */
export type Problem<E = object> = ProblemBody & { errors?: FieldError[] } & Partial<E>;

/** What a call answered: the data, or the problem (status 0: the request never got an answer). */
export type Answer<T, E = object> = { ok: true; status: number; data: T } | { ok: false; status: number; problem: Problem<E> };

/** A failed read: its English message, and the problem+json it answered (its code says it in the operator's language). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problem: ProblemBody = { status },
  ) {
    super(message);
  }
}

/** The body of a response: its JSON, null when it has none, or `notJson` (a proxy's page: a sign-in wall, an error page). */
async function bodyOf(res: Response): Promise<{ json: unknown } | { notJson: true }> {
  const text = await res.text().catch(() => '');
  try {
    return { json: text ? JSON.parse(text) : null };
  } catch {
    return { notJson: true };
  }
}

async function answerOf<T, E>(res: Response): Promise<Answer<T, E>> {
  const read = await bodyOf(res);
  // a success that is not JSON is not the API's answer (a proxy in between answered it): a problem, not data a page would crash on
  if (res.ok && 'notJson' in read) return { ok: false, status: res.status, problem: { status: res.status, detail: `the answer to ${res.url || 'the request'} was not JSON (${res.headers.get('content-type') ?? 'no content type'})` } as Problem<E> };
  const body = 'json' in read ? read.json : null;
  if (res.ok) return { ok: true, status: res.status, data: body as T };
  const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Problem<E>) : {};
  return { ok: false, status: res.status, problem: { status: res.status, ...fields } as Problem<E> };
}

async function call<T, E>(url: string, init: RequestInit): Promise<Answer<T, E>> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    return { ok: false, status: 0, problem: { detail: e instanceof Error ? e.message : String(e) } as Problem<E> };
  }
  return answerOf<T, E>(res);
}

/** Reads `url`; the data or the problem. */
export function get<T>(url: string): Promise<Answer<T>> {
  return call<T, object>(url, { headers: { accept: 'application/json' } });
}

/** Sends a change (`body` as JSON when given); the answer or the problem. */
export function send<T = unknown, E = object>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<Answer<T, E>> {
  return call<T, E>(url, {
    method,
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The ApiError of a problem answer: the problem's detail as its message. */
export function apiErrorOf(answer: { status: number; problem: ProblemBody }): ApiError {
  return new ApiError(answer.status, answer.problem.detail ?? `HTTP ${answer.status}`, answer.problem);
}

/** The ApiError of a response that is not ok, from its problem+json body. */
export async function apiError(res: Response): Promise<ApiError> {
  const answer = await answerOf<never, object>(res);
  return apiErrorOf(answer.ok ? { status: res.status, problem: { status: res.status } } : answer);
}

/** Reads `url` for SWR: the data, or throws the ApiError of the problem. */
export async function load<T>(url: string): Promise<T> {
  const answer = await get<T>(url);
  if (!answer.ok) throw apiErrorOf(answer);
  return answer.data;
}

/** A path segment, escaped: `/api/servers/${segment(address)}`. */
export const segment = (part: string | number) => encodeURIComponent(String(part));
