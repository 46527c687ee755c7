// For the process tests of the gate: one operator-API request with any headers, and what a refused
// request must not touch as one string to compare before and after (the newest audit entry and
// every list an operator or admin can edit, read as the admin, without the fields that move by
// themselves: collector status, evaluation times).

/** A request to the console; the body as JSON (text when it is not JSON), redirects not followed. */
export async function consoleCall(consoleUrl: string, method: string, p: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(`${consoleUrl}${p}`, {
    method,
    redirect: 'manual',
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, headers: res.headers, json: json as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

type Get = (path: string) => Promise<{ status: number; json: unknown }>;

const LISTS = ['/api/audit?limit=1', '/api/users', '/api/tokens', '/api/sources', '/api/settings/mix-weights', '/api/alert-rules', '/api/silences', '/api/contact-points', '/api/rollouts', '/api/demo/servers'];
const MOVING = ['lastUsedAt', 'lastAttemptAt', 'lastSuccessAt', 'nextAttemptAt', 'consecutiveFailures', 'lastError', 'state', 'appsHeld', 'workers', 'loggedIn', 'facets', 'updatedAt', 'evaluatedAt', 'now', 'status'];

export async function operatorState(get: Get): Promise<string> {
  const parts = await Promise.all(
    LISTS.map(async (p) => {
      const { status, json } = await get(p);
      if (status !== 200) throw new Error(`GET ${p} as the admin: HTTP ${status} ${JSON.stringify(json)}`);
      return JSON.stringify(json, (k, v) => (MOVING.includes(k) && p !== '/api/rollouts' ? undefined : v));
    }),
  );
  return parts.join('\n');
}
