#!/usr/bin/env node
// fulcrum: the operator API from scripts (docs/maintenance.md). Plain Node, no dependencies.
// Exit codes: 0 done, 1 refused (the reason printed), 2 usage, 3 cannot reach Fulcrum.
/* global fetch, AbortSignal -- Node 20 has them */
import { parseArgs } from 'node:util';

const USAGE = `usage: fulcrum <command> [arguments] [--url URL] [--token TOKEN] [--json]

commands:
  status                        the freeze switch, move windows, cordoned servers, drains, running rollouts
  freeze --reason TEXT          stop every move at once, on every replica
  unfreeze [--reason TEXT]      let moves go on
  cordon <server> [--reason TEXT]  no rollout or plan places apps on the server (host:port)
  uncordon <server>             reverse it
  drain <server> [--reason TEXT] [--per-minute N]  cordon it and move every app it owns off, verified
  drain-status <server>         a drain's progress: apps left, converging, done, skipped, ETA
  restore <server>              bring apps back to a drained server with the fewest moves, then uncordon it
  steering on|off|status [--confirm-seconds N] [--reason TEXT]  failover steering of a server that stops answering
  promote <rollout-id>          the rollout's next step
  abort <rollout-id> [--reason TEXT]  percent 0, and every app it moved moved back
  rolling-restart start <server...> [--reason TEXT] [--per-minute N] [--timeout-minutes N]
                                drain, restart (you), restore each server in this order
  rolling-restart status [id]   which server, its phase, servers done, ETA, what it waits for
  rolling-restart pause|resume|abort|continue [id]  the current one (continue: the server is back)

--url     the console (default FULCRUM_URL, else http://localhost:3000)
--token   an API token of role operator or admin (default FULCRUM_TOKEN)
--json    print the API's answer as JSON

exit codes: 0 done, 1 refused (the reason is printed), 2 usage, 3 cannot reach Fulcrum`;

export const EXIT = { ok: 0, refused: 1, usage: 2, unreachable: 3 };

class Exit extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function usage(message) {
  return new Exit(EXIT.usage, `${message}\n\n${USAGE}`);
}

/** One request to the operator API: the answer's JSON, or an Exit saying why not. */
async function call(options, method, path, body) {
  let res;
  try {
    res = await fetch(new URL(path, options.url), {
      method,
      headers: {
        accept: 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const cause = error?.cause?.code ?? error?.cause?.message ?? error?.message ?? String(error);
    throw new Exit(EXIT.unreachable, `cannot reach Fulcrum at ${options.url}: ${error?.name === 'TimeoutError' ? `no answer within ${options.timeoutMs / 1000} s` : cause}`);
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = null;
  }
  if (res.ok && json !== null) return json;
  if (json === null) throw new Exit(res.ok ? EXIT.unreachable : EXIT.refused, `${method} ${path}: HTTP ${res.status}, not a JSON answer (is ${options.url} a Fulcrum console?)`);
  const lines = [`${method} ${path}: ${res.status} ${json.title ?? ''}${json.detail ? `: ${json.detail}` : ''}`.trim()];
  for (const e of json.errors ?? []) lines.push(`  ${e.path}: ${e.message}`);
  if (res.status === 401) lines.push(options.token ? '  the token is not valid (expired or revoked?)' : '  no token: give --token or set FULCRUM_TOKEN');
  throw new Exit(EXIT.refused, lines.join('\n'));
}

function when(iso) {
  return iso ?? 'never';
}

/** One line of a drain's progress. */
function drainLine(d) {
  const p = d.progress;
  const phase = d.phase === 'restore' ? 'restore' : 'drain';
  const parts = [`${d.server}: ${d.state}`, `${phase} ${p.done}/${p.total} done`, `${p.converging} converging`, `${p.left} left`, `${p.skipped.length} skipped`];
  if (p.eta) parts.push(`ETA ${p.eta}`);
  if (d.waiting) parts.push(d.waiting);
  return [parts.join(', '), ...p.skipped.map((s) => `  skipped ${s.app}: ${s.reason}`)].join('\n');
}

/** Whether failover steering is on, and with which confirmation. */
function steeringLine(s) {
  return `steering: ${s.enabled ? `on (a server silent for ${s.confirmSeconds} s has its apps re-homed)` : 'off'}${s.by ? `, set by ${s.by} at ${s.at}${s.reason ? `: ${s.reason}` : ''}` : ''}`;
}

/** The steering status: the setting, why it waits, silent servers, the last steered apps. */
function printSteering(s) {
  const out = [steeringLine(s)];
  if (s.waiting) out.push(s.waiting);
  for (const v of s.silent) out.push(`silent: ${v.address} (${v.health}, last seen ${v.lastSeenAt}, ${v.appsOwned} app(s))`);
  const recent = s.history.slice(0, 20);
  out.push(recent.length ? recent.map((h) => `${h.at} ${h.kind} ${h.detail ?? `${h.app}: ${h.from} → ${h.to} (${h.status})`}${h.status === 'verified' ? ' (verified)' : ''}`).join('\n') : 'no app steered yet');
  return out.join('\n');
}

function printStatus(m, rollouts) {
  const f = m.freeze;
  const out = [];
  out.push(f.frozen ? `moves: FROZEN by ${f.by} since ${f.at}: ${f.reason}` : 'moves: not frozen');
  const w = m.moveWindows;
  for (const [kind, s] of Object.entries(w.status ?? {})) {
    const windows = w[kind] ?? null;
    if (windows === null) out.push(`${kind} moves: any time`);
    else out.push(`${kind} moves: ${windows.join(', ')} (${w.timeZone}): ${s.allowedNow ? `open now${s.openUntil ? ` until ${s.openUntil}` : ''}` : `closed until ${when(s.nextOpening)}`}`);
  }
  if (m.cordoned) out.push(m.cordoned.length ? `cordoned: ${m.cordoned.map((c) => `${c.address} (by ${c.by}${c.reason ? `: ${c.reason}` : ''})`).join(', ')}` : 'cordoned: none');
  if (m.drains) out.push(m.drains.length ? m.drains.map((d) => `drain ${drainLine(d)}`).join('\n') : 'drains: none');
  if (m.steering) out.push(steeringLine(m.steering));
  const active = rollouts.filter((r) => ['running', 'paused', 'balancing'].includes(r.state));
  out.push(active.length ? `rollouts: ${active.map((r) => `${r.id} "${r.name}" ${r.state} at ${r.percent}%`).join('; ')}` : 'rollouts: none running');
  return out.join('\n');
}

/** A rolling restart in a few lines: its state, the server it is at and what it waits for, servers done, ETA. */
function rollingRestartLines(rr) {
  const p = rr.progress;
  const parts = [`rolling restart ${rr.id}: ${rr.state}`, `${p.done}/${p.total} servers done`];
  if (p.current) parts.push(`at ${p.current.address} (${p.current.index + 1} of ${p.total}): ${p.current.phase} since ${p.current.since}`);
  if (p.eta) parts.push(`ETA ${p.eta}`);
  const lines = [parts.join(', ')];
  if (rr.note) lines.push(`  ${rr.note.detail}`);
  if (rr.drain && p.current && ['draining', 'restoring'].includes(p.current.phase)) lines.push(`  ${rr.drain.progress.done}/${rr.drain.progress.total} apps done, ${rr.drain.progress.converging} converging, ${rr.drain.progress.left} left, ${rr.drain.progress.skipped.length} skipped`);
  return lines.join('\n');
}

/** A whole number above 0 from an option, or undefined when not given; a usage error otherwise. */
function positive(values, name) {
  if (values[name] === undefined) return undefined;
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) throw usage(`--${name} ${values[name]} is not a whole number above 0`);
  return n;
}

async function rollingRestart(options, rest, values, say) {
  const [sub, ...args] = rest;
  if (sub === 'start') {
    if (args.length === 0) throw usage('rolling-restart start takes the servers (host:port), in the order to restart them');
    const perMinute = positive(values, 'per-minute');
    const timeout = positive(values, 'timeout-minutes');
    const body = { servers: args, ...(values.reason?.trim() ? { reason: values.reason } : {}), ...(perMinute ? { perMinute } : {}), ...(timeout ? { restartTimeoutMinutes: timeout } : {}) };
    const rr = await call(options, 'POST', '/api/rolling-restarts', body);
    return say(rr, `${rollingRestartLines(rr)}\nfollow it with: fulcrum rolling-restart status`);
  }
  if (args.length > 1) throw usage(`rolling-restart ${sub} takes at most one id`);
  // the one that holds the cluster unless an id is given
  const current = async () => {
    if (args[0]) return args[0];
    const list = await call(options, 'GET', '/api/rolling-restarts');
    if (!list.current) throw new Exit(EXIT.refused, 'no rolling restart is running');
    return list.current.id;
  };
  if (sub === 'status') {
    if (args[0]) {
      const rr = await call(options, 'GET', `/api/rolling-restarts/${encodeURIComponent(args[0])}`);
      return say(rr, rollingRestartLines(rr));
    }
    const list = await call(options, 'GET', '/api/rolling-restarts');
    return say(list, list.current ? rollingRestartLines(list.current) : `no rolling restart is running${list.recent[0] ? `; the last: ${rollingRestartLines(list.recent[0])}` : ''}`);
  }
  if (['pause', 'resume', 'abort', 'continue'].includes(sub)) {
    const rr = await call(options, 'POST', `/api/rolling-restarts/${encodeURIComponent(await current())}/${sub}`);
    return say(rr, rollingRestartLines(rr));
  }
  throw usage(sub ? `unknown rolling-restart command ${sub}` : 'rolling-restart takes start, status, pause, resume, abort or continue');
}

export async function main(argv, env = process.env) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { url: { type: 'string' }, token: { type: 'string' }, reason: { type: 'string' }, 'per-minute': { type: 'string' }, 'confirm-seconds': { type: 'string' }, 'timeout-minutes': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw usage(error.message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { code: EXIT.ok, out: USAGE };
  const [command, ...rest] = positionals;
  if (!command) throw usage('no command given');
  const url = values.url ?? env.FULCRUM_URL ?? 'http://localhost:3000';
  try {
    new URL(url);
  } catch {
    throw usage(`--url ${url} is not a URL`);
  }
  const options = { url, token: values.token ?? env.FULCRUM_TOKEN ?? '', timeoutMs: 15_000 };
  const one = (what) => {
    if (rest.length !== 1) throw usage(`${command} takes one ${what}`);
    return rest[0];
  };
  const none = () => {
    if (rest.length) throw usage(`${command} takes no argument (got ${rest.join(' ')})`);
  };
  const say = (json, text) => ({ code: EXIT.ok, out: values.json ? JSON.stringify(json, null, 2) : text });
  switch (command) {
    case 'status': {
      none();
      const [m, r] = await Promise.all([call(options, 'GET', '/api/maintenance'), call(options, 'GET', '/api/rollouts')]);
      return say({ ...m, rollouts: r.rollouts }, printStatus(m, r.rollouts ?? []));
    }
    case 'freeze': {
      none();
      if (!values.reason?.trim()) throw usage('freeze needs --reason TEXT (it is shown to every operator and in each waiting rollout)');
      const s = await call(options, 'PUT', '/api/maintenance/freeze', { frozen: true, reason: values.reason });
      return say(s, `${s.changed ? 'frozen' : 'already frozen'}: every move waits (by ${s.by}: ${s.reason})`);
    }
    case 'unfreeze': {
      none();
      const s = await call(options, 'PUT', '/api/maintenance/freeze', { frozen: false, ...(values.reason?.trim() ? { reason: values.reason } : {}) });
      return say(s, s.changed ? 'unfrozen: moves go on' : 'was not frozen');
    }
    case 'cordon':
    case 'uncordon': {
      const server = one('server (host:port)');
      const body = command === 'cordon' && values.reason?.trim() ? { reason: values.reason } : undefined;
      const s = await call(options, 'POST', `/api/servers/${encodeURIComponent(server)}/${command}`, body);
      return say(s, `${server}: ${s.cordoned ? 'cordoned' : 'not cordoned'}${s.changed ? '' : ' (already so)'}`);
    }
    case 'drain': {
      const server = one('server (host:port)');
      const perMinute = values['per-minute'] === undefined ? undefined : Number(values['per-minute']);
      if (perMinute !== undefined && (!Number.isInteger(perMinute) || perMinute < 1)) throw usage(`--per-minute ${values['per-minute']} is not a whole number of moves above 0`);
      const body = { ...(values.reason?.trim() ? { reason: values.reason } : {}), ...(perMinute ? { perMinute } : {}) };
      const d = await call(options, 'POST', `/api/servers/${encodeURIComponent(server)}/drain`, body);
      return say(d, `${server}: cordoned and draining: ${d.plan.length} app(s) to move (${d.perMinute} a minute); follow it with: fulcrum drain-status ${server}`);
    }
    case 'drain-status': {
      const server = one('server (host:port)');
      const s = await call(options, 'GET', `/api/servers/${encodeURIComponent(server)}/drain`);
      return say(s, s.drain ? drainLine(s.drain) : `${server}: not drained; a drain would move ${s.wouldMove.length} app(s)`);
    }
    case 'restore': {
      const server = one('server (host:port)');
      const d = await call(options, 'POST', `/api/servers/${encodeURIComponent(server)}/restore`);
      return say(d, `${server}: restoring: ${d.restorePlan?.length ?? 0} app(s) to bring back, uncordoned once they are`);
    }
    case 'steering': {
      const sub = one('of on, off or status');
      if (sub === 'status') {
        const s = await call(options, 'GET', '/api/maintenance/steering');
        return say(s, printSteering(s));
      }
      if (sub !== 'on' && sub !== 'off') throw usage(`steering ${sub}: say on, off or status`);
      const confirm = values['confirm-seconds'] === undefined ? undefined : Number(values['confirm-seconds']);
      if (confirm !== undefined && (!Number.isInteger(confirm) || confirm < 0 || confirm > 60)) throw usage(`--confirm-seconds ${values['confirm-seconds']} is not a whole number of seconds from 0 to 60`);
      const body = { enabled: sub === 'on', ...(confirm === undefined ? {} : { confirmSeconds: confirm }), ...(values.reason?.trim() ? { reason: values.reason } : {}) };
      const s = await call(options, 'PUT', '/api/maintenance/steering', body);
      return say(s, `${steeringLine(s)}${s.changed ? '' : ' (already so)'}`);
    }
    case 'promote':
    case 'abort': {
      const id = one('rollout id');
      const body = command === 'abort' && values.reason?.trim() ? { reason: values.reason } : undefined;
      const r = await call(options, 'POST', `/api/rollouts/${encodeURIComponent(id)}/${command}`, body);
      return say(r, `${r.id}: ${r.state} at ${r.percent}% (step ${r.step + 1} of ${r.steps.length})`);
    }
    case 'rolling-restart':
      return rollingRestart(options, rest, values, say);
    default:
      throw usage(`unknown command ${command}`);
  }
}

// run as a program (not when imported by a test)
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/fulcrum') || process.argv[1]?.endsWith('/fulcrum.mjs')) {
  main(process.argv.slice(2)).then(
    ({ code, out }) => {
      if (out) console.log(out);
      process.exitCode = code;
    },
    (error) => {
      if (error instanceof Exit) {
        console.error(error.message);
        process.exitCode = error.code;
      } else {
        console.error(error?.stack ?? String(error));
        process.exitCode = EXIT.refused;
      }
    },
  );
}
