// The shape of an HTTP answer, for holding the emulator to a real PowerJob server: the status, and
// every JSON path with the types seen there. Keys that are ids or addresses (appIds, worker
// addresses) become `*`, array items `[]`, so two clusters with different apps compare equal.
export type Shape = Map<string, Set<string>>;

const dynamicKey = /^(\d+|[\w.-]+:\d+)$/;

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Every path in `value` with its types (`data.appIds[]: number`). */
export function shapeOf(value: unknown, prefix = '', into: Shape = new Map()): Shape {
  const add = (p: string, t: string) => {
    const set = into.get(p) ?? new Set<string>();
    set.add(t);
    into.set(p, set);
  };
  add(prefix || '$', typeOf(value));
  if (Array.isArray(value)) for (const item of value) shapeOf(item, `${prefix}[]`, into);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) shapeOf(v, `${prefix ? `${prefix}.` : ''}${dynamicKey.test(k) ? '*' : k}`, into);
  }
  return into;
}

/** The differences between a real answer's shape and an emulated one's, one line each. */
export function shapeDifferences(request: string, real: { status: number; body: unknown }, emulated: { status: number; body: unknown }): string[] {
  const out: string[] = [];
  if (real.status !== emulated.status) out.push(`${request}: status ${real.status} (emulator ${emulated.status})`);
  const a = shapeOf(real.body);
  const b = shapeOf(emulated.body);
  const fmt = (s: Set<string> | undefined) => (s ? [...s].sort().join('|') : 'absent');
  for (const p of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const ra = fmt(a.get(p));
    const rb = fmt(b.get(p));
    if (ra !== rb) out.push(`${request}: ${p} ${ra} (emulator ${rb})`);
  }
  // the envelope's values matter as much as its types: success and the error code
  for (const key of ['success', 'code'] as const) {
    const va = (real.body as Record<string, unknown> | null)?.[key];
    const vb = (emulated.body as Record<string, unknown> | null)?.[key];
    if (va !== undefined && vb !== undefined && va !== vb) out.push(`${request}: ${key} ${JSON.stringify(va)} (emulator ${JSON.stringify(vb)})`);
  }
  return out;
}
