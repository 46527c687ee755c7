// Shared by route handlers: problem+json answers and zod-validated JSON bodies.
import type { z } from 'zod';
import { issueError, problem, PROBLEM_CONTENT_TYPE, refusalOf, type Detail, type FieldError } from './problem.ts';
import { NotReadyError } from './console.ts';
import { nulPath, safeErrorText } from '../domain/text.ts';

export function problemResponse(status: number, detail?: Detail, errors?: FieldError[], headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem(status, detail, errors)), {
    status,
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

/**
 * Runs a handler: an error carrying `httpStatus` (4xx) becomes that problem, "still starting"
 * becomes 503, anything else 500. Checked by property, not instanceof: route handlers are bundled
 * by Next.js, so a class they import is not the class server.ts's objects were built with.
 */
export async function handle(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    const status = (error as { httpStatus?: unknown }).httpStatus;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const refusal = refusalOf(error);
      const errors = (error as { errors?: unknown }).errors;
      return problemResponse(status, refusal ? { detail: (error as Error).message, ...refusal } : (error as Error).message, Array.isArray(errors) ? (errors as FieldError[]) : undefined);
    }
    if (error instanceof NotReadyError) return problemResponse(503, { detail: error.message, code: 'not-ready' }, undefined, { 'retry-after': '2' });
    // the message and stack only: a failed query's error also carries its parameters, which may be anything a client sent
    console.error(safeErrorText(error));
    return problemResponse(500, { detail: 'unexpected error; see the server log', code: 'unexpected' });
  }
}
