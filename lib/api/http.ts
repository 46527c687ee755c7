// Shared by route handlers: problem+json answers and zod-validated JSON bodies, queries and path parameters.
import { z } from 'zod';
import { issueError, problem, problemOf, ProblemError, PROBLEM_CONTENT_TYPE, type Detail, type FieldError, type Problem } from '../domain/problem.ts';
import { nulPath, safeErrorText } from '../domain/text.ts';

export function problemResponse(status: number, detail?: Detail, errors?: FieldError[], headers: Record<string, string> = {}): Response {
  return problemAnswer(problem(status, detail, errors), headers);
}

function problemAnswer(p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...headers },
  });
}

/** The detail of a 400 for `count` invalid fields. */
export function invalidFields(count: number): Detail {
  return { detail: `${count} invalid field(s); nothing was changed`, code: 'invalid-fields', params: { count } };
}

/** The body parsed by `schema`, or the 400/415 Response to send back. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<{ ok: true; value: z.infer<T> } | { ok: false; response: Response }> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return { ok: false, response: problemResponse(415, { detail: 'send application/json', code: 'not-json' }) };
  let json: unknown;
  try {
    json = await request.json();
  } catch (error) {
    return { ok: false, response: problemResponse(400, { detail: 'the body is not valid JSON', code: 'invalid-json' }, [{ path: '(body)', message: (error as Error).message }]) };
  }
  // no store column can hold a NUL: refused here rather than failing in the database
  const nul = nulPath(json);
  if (nul !== null) return { ok: false, response: problemResponse(400, { detail: 'a text holds a NUL character; nothing was changed', code: 'body-has-nul' }, [{ path: nul, message: 'must not contain a NUL character' }]) };
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => issueError(i as Parameters<typeof issueError>[0], '(root)'));
    return { ok: false, response: problemResponse(400, invalidFields(errors.length), errors) };
  }
  return { ok: true, value: parsed.data };
}

/**
 * An optional body: none sent (content-length 0, or no content type) is `absent`; one sent is read
 * as readJson reads it, so a bad one is still refused.
 */
export async function readOptionalJson<T extends z.ZodType>(request: Request, schema: T, absent: z.infer<T>): Promise<{ ok: true; value: z.infer<T> } | { ok: false; response: Response }> {
  if (request.headers.get('content-length') === '0' || !request.headers.get('content-type')) return { ok: true, value: absent };
  return readJson(request, schema);
}

/** The URL's query parameters parsed by `schema` (unknown ones refused), or the 400 to send. */
export function readQuery<T extends z.ZodType>(request: Request, schema: T): { ok: true; value: z.infer<T> } | { ok: false; response: Response } {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  for (const [k, v] of Object.entries(params)) if (v === '') delete params[k];
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ path: i.path.length ? i.path.map(String).join('.') : '(query)', message: i.message }));
    return { ok: false, response: problemResponse(400, `${errors.length} invalid query parameter(s)`, errors) };
  }
  return { ok: true, value: parsed.data };
}

/** A numeric id in a path (`/api/alert-rules/{id}`): 1 to 15 digits, no leading zero. */
export const idParams = z.object({ id: z.string().regex(/^[1-9]\d{0,14}$/, 'must be a positive whole number').transform(Number) });

/** A server or source address in a path; Next.js has decoded it once already (decoding again would misread a literal %). */
export const addressParams = z.object({ address: z.string().min(1) });

/** A rollout's id in a path; rolloutDetail and actOn answer an unknown one (404 rollout-not-found). */
export const rolloutParams = z.object({ id: z.string() });

/**
 * The route's path parameters parsed by `schema`. A bad one is thrown as a ProblemError, which
 * handle() answers: 400 with the field errors, or, with `notFound`, 404 with that detail (an id
 * that cannot exist names no such thing).
 */
export async function readParams<T extends z.ZodType>(params: Promise<unknown>, schema: T, notFound?: string): Promise<z.infer<T>> {
  const parsed = schema.safeParse(await params);
  if (parsed.success) return parsed.data;
  if (notFound !== undefined) throw new ProblemError(404, notFound);
  const errors = parsed.error.issues.map((i) => ({ path: i.path.length ? i.path.map(String).join('.') : '(path)', message: i.message }));
  throw new ProblemError(400, `${errors.length} invalid path parameter(s)`, undefined, errors);
}

/**
 * Runs a handler: an error carrying `httpStatus` (a ProblemError) of 4xx becomes that problem, "still
 * starting" (503 not-ready) the same with retry-after, anything else 500. Checked by property, not
 * instanceof: route handlers are bundled by Next.js, so a class they import is not the class
 * server.ts's objects were built with.
 */
export async function handle(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    const p = problemOf(error);
    if (p && p.status >= 400 && p.status < 500) return problemAnswer(p);
    if (p?.status === 503 && p.code === 'not-ready') return problemAnswer(p, { 'retry-after': '2' });
    // the message and stack only: a failed query's error also carries its parameters, which may be anything a client sent
    console.error(safeErrorText(error));
    return problemResponse(500, { detail: 'unexpected error; see the server log', code: 'unexpected' });
  }
}
