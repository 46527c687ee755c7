// Failover mid-rollout: three Fulcrum replicas on one PostgreSQL database, an emulated PowerJob
// cluster (issue-181) keeping app_info in a PostgreSQL database of its own (`--powerjob-db`), a
// webhook receiver, an alert rule that fires and resolves, and a rollout in three timed steps with
// moves. The leader is SIGKILLed after the first moves; another replica takes over within 15 s and
// finishes the rollout, and every step transition, move and notification happened exactly once
// (rollout events, moves, the audit log, the outbox, the receiver, PowerJob's app_info).
// PostgreSQL: TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres (unreachable fails
// unless FULCRUM_TEST_SKIP_POSTGRES=1).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import readline from 'node:readline';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminJson, eventually, ROOT, startServer, type RunningServer } from './support/process.ts';
import { openPowerJobDb, type PowerJobDb } from '../lib/powerjob/powerjob-db.ts';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const skip = process.env.FULCRUM_TEST_SKIP_POSTGRES === '1';
const STEPS = [25, 60, 100];
const PAUSE_SECONDS = 6;

async function admin(sql: string, url = ADMIN_URL): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

function databaseUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}


const api = adminJson;

async function isLeader(s: RunningServer): Promise<boolean | null> {
  try {
    const r = await fetch(`${s.dataPlaneUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
    return r.status === 200 ? ((await r.json()) as { leader: boolean }).leader : null;
  } catch {
    return null;
  }
}


type RolloutEvent = { id: number; at: string; actor: string; action: string; fromState: string; toState: string; step: number; percent: number; detail: string };
type Move = { id: number; appId: number; appName: string | null; fromServer: string | null; toServer: string; purpose: string; status: string; detail: string | null };
type AuditEntry = { id: number; at: string; actor: string; action: string; target: string; before: unknown; after: unknown; detail: string | null };
type AlertTransition = { id: number; key: string; from: string; to: string; at: string };
type OutboxRow = { id: number; transitionId: number; status: string; attempts: number };
type Received = { status: string; alerts: { fingerprint: string; startsAt: string; status: string }[] };

/** What the run left behind, as read from the store, the API and the receiver. */
interface Run {
  rolloutId: string;
  events: RolloutEvent[];
  moves: Move[];
  audit: AuditEntry[];
  transitions: AlertTransition[];
  outbox: OutboxRow[];
  received: Received[];
}

/** Keys that occur more than once. */
function repeated(keys: string[]): string[] {
  const seen = new Map<string, number>();
  for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
}

const count = <T>(xs: T[], p: (x: T) => boolean) => xs.filter(p).length;

/**
 * Asks every live replica's /healthz whether it leads, every 100 ms until stopped, and keeps each
 * moment at which two or more said yes. A probe of `eventually` cannot do this: it treats a throw
 * as "not yet".
 */
function watchLeaders(live: () => RunningServer[]) {
  const doubles: string[] = [];
  let stopped = false;
  const watching = (async () => {
    while (!stopped) {
      const replicas = live();
      const states = await Promise.all(replicas.map(isLeader));
      const leaders = replicas.filter((_, i) => states[i] === true);
      if (leaders.length > 1) doubles.push(`${new Date().toISOString()}: ${leaders.map((r) => `pid ${r.child.pid}`).join(', ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    /** the moments with more than one leader */
    async stop(): Promise<string[]> {
      stopped = true;
      await watching;
      return doubles;
    },
  };
}

/** Every way the run breaks "exactly once"; empty when it holds. */
function exactlyOnceProblems(run: Run): string[] {
  const problems: string[] = [];
  // step transitions: create, start, then one advance per later step, then complete, each once, in order
  const steps = run.events.filter((e) => e.action !== 'move' && e.action !== 'verify');
  const expected = [
    ['create', 0],
    ['start', STEPS[0]],
    ...STEPS.slice(1).map((p) => ['advance', p]),
    ['complete', STEPS[STEPS.length - 1]],
  ];
  const got = steps.map((e) => [e.action, e.percent]);
  if (JSON.stringify(got) !== JSON.stringify(expected)) problems.push(`rollout step events ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  const transitionAudit = run.audit.filter((a) => a.target === `rollout:${run.rolloutId}`);
  const auditActions = transitionAudit.map((a) => a.action.replace(/^rollout\./, '')).sort();
  const eventActions = steps.map((e) => e.action).sort();
  if (JSON.stringify(auditActions) !== JSON.stringify(eventActions)) problems.push(`audit transitions ${JSON.stringify(auditActions)}, rollout events ${JSON.stringify(eventActions)}`);

  // moves: each forward move made once, none to the same target twice, each verified
  const forward = run.moves.filter((m) => m.purpose === 'forward');
  if (forward.length === 0) problems.push('no moves at all');
  if (run.moves.length !== forward.length) problems.push(`moves back: ${JSON.stringify(run.moves.filter((m) => m.purpose !== 'forward'))}`);
  for (const d of repeated(forward.map((m) => `app ${m.appId} → ${m.toServer}`))) problems.push(`moved twice: ${d}`);
  for (const m of forward) if (m.status !== 'verified') problems.push(`move ${m.id} (app ${m.appId} → ${m.toServer}) is ${m.status}${m.detail ? `: ${m.detail}` : ''}`);
  // an app moved more than once (a later step's larger cohort may rebalance it) moves on from where the last move left it
  const byApp = new Map<number, Move[]>();
  for (const m of [...forward].sort((a, b) => a.id - b.id)) byApp.set(m.appId, [...(byApp.get(m.appId) ?? []), m]);
  for (const [appId, list] of byApp) for (let i = 1; i < list.length; i++) if (list[i]!.fromServer !== list[i - 1]!.toServer) problems.push(`app ${appId} moved from ${list[i]!.fromServer}, but its previous move took it to ${list[i - 1]!.toServer}`);
  // each move once in the rollout's events, each verification once
  const moveEvents = run.events.filter((e) => e.action === 'move').map((e) => e.detail);
  const moveDetails = forward.map((m) => `${m.appName ?? m.appId}: ${m.fromServer ?? 'unbound'} → ${m.toServer} (moved)`);
  if (JSON.stringify([...moveEvents].sort()) !== JSON.stringify([...moveDetails].sort())) problems.push(`move events ${JSON.stringify(moveEvents)} do not match the moves ${JSON.stringify(moveDetails)}`);
  const verifyEvents = count(run.events, (e) => e.action === 'verify');
  if (verifyEvents !== count(forward, (m) => m.status === 'verified')) problems.push(`${verifyEvents} verify events for ${count(forward, (m) => m.status === 'verified')} verified moves`);
  for (const d of repeated(run.events.filter((e) => e.action === 'verify').map((e) => e.detail))) problems.push(`verified twice: ${d}`);
  // and once in the audit log
  const moveAudit = run.audit.filter((a) => a.action === 'rollout.move' && a.detail?.startsWith(`rollout ${run.rolloutId}:`));
  if (moveAudit.length !== forward.length) problems.push(`${moveAudit.length} rollout.move audit entries for ${forward.length} moves`);
  for (const d of repeated(moveAudit.map((a) => `${a.target} → ${JSON.stringify(a.after)}`))) problems.push(`move audited twice: ${d}`);

  // notifications: the rule fired and resolved (it may flap while apps move: each flip is its own
  // notification), never twice in a row into the same state; one outbox row per flip, sent; the
  // receiver got each once, in order
  const flips = run.transitions.filter((t) => t.to === 'firing' || t.to === 'resolved');
  if (flips[0]?.to !== 'firing' || flips[flips.length - 1]?.to !== 'resolved') problems.push(`alert transitions ${JSON.stringify(flips.map((t) => t.to))}: expected to fire first and resolve last`);
  for (let i = 1; i < flips.length; i++) if (flips[i]!.to === flips[i - 1]!.to) problems.push(`alert went to ${flips[i]!.to} twice in a row (transitions ${flips[i - 1]!.id} and ${flips[i]!.id})`);
  for (const d of repeated(run.outbox.map((o) => String(o.transitionId)))) problems.push(`outbox: transition ${d}`);
  for (const o of run.outbox) if (o.status !== 'sent') problems.push(`outbox row ${o.id} is ${o.status}`);
  const outboxed = new Set(run.outbox.map((o) => o.transitionId));
  for (const t of flips) if (!outboxed.has(t.id)) problems.push(`no outbox row for transition ${t.id} (${t.from} → ${t.to})`);
  if (run.outbox.length !== flips.length) problems.push(`${run.outbox.length} outbox rows for ${flips.length} notifying transitions`);
  const deliveries = run.received.flatMap((b) => b.alerts.map((a) => `${a.status} ${a.fingerprint} since ${a.startsAt}`));
  for (const d of repeated(deliveries)) problems.push(`webhook received twice: ${d}`);
  if (deliveries.length !== run.outbox.length) problems.push(`the receiver got ${deliveries.length} notifications for ${run.outbox.length} outbox rows: ${JSON.stringify(deliveries)}`);
  const receivedOrder = JSON.stringify(run.received.map((b) => b.status));
  if (receivedOrder !== JSON.stringify(flips.map((t) => t.to))) problems.push(`received ${receivedOrder}, the rule went ${JSON.stringify(flips.map((t) => t.to))}`);
  return problems;
}

describe.skipIf(skip)('failover of the job leader mid-rollout (PostgreSQL)', () => {
  const tag = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const fulcrumDb = `fulcrum_failover_${tag}`;
  const powerjobDb = `powerjob_failover_${tag}`;
  let emulator: ChildProcess | undefined;
  let emulatorOut = '';
  let servers: string[] = [];
  let pj: PowerJobDb | undefined;
  const replicas: RunningServer[] = [];
  const received: Received[] = [];
  let receiver: http.Server | undefined;
  let receiverUrl = '';
  let watcher: ReturnType<typeof watchLeaders> | undefined;

  /** The failure message carries what every process said (the end of it). */
  const outputs = () =>
    [...replicas.map((r, i) => `--- replica ${i} (pid ${r.child.pid}, exit ${r.child.exitCode ?? r.child.signalCode ?? 'running'}) ---\n${r.output().slice(-6000)}`), `--- emulator ---\n${emulatorOut.slice(-3000)}`].join('\n');

  beforeAll(async () => {
    try {
      await admin(`create database ${fulcrumDb}`);
      await admin(`create database ${powerjobDb}`);
    } catch (error) {
      throw new Error(`PostgreSQL at ${ADMIN_URL} is unreachable (${(error as Error).message}); start it, or set FULCRUM_TEST_SKIP_POSTGRES=1 to skip`);
    }
    // the webhook receiver: keeps every body it is sent
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push(JSON.parse(body) as Received);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    emulator = spawn(process.execPath, ['--import', 'tsx', 'scripts/emulator.ts', '--scenario', 'issue-181', '--base-port', '0', '--speed', '5', '--seed', '11', '--powerjob-db', databaseUrl(powerjobDb)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    emulator.stderr!.on('data', (d) => (emulatorOut += d));
    const line = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: emulator!.stdout! }).once('line', resolve);
      emulator!.once('exit', (code) => reject(new Error(`emulator exited ${code}:\n${emulatorOut}`)));
    });
    servers = (JSON.parse(line) as { servers: string[] }).servers;
    pj = await openPowerJobDb(databaseUrl(powerjobDb));
    await eventually(async () => ((await pj!.listApps()).every((a) => a.currentServer) ? true : null), 30_000, 'every app elected');

    const env = {
      DATABASE_URL: databaseUrl(fulcrumDb),
      FULCRUM_POWERJOB_SERVERS: servers.join(','),
      FULCRUM_POWERJOB_DB_URL: databaseUrl(powerjobDb),
      FULCRUM_COLLECT_INTERVAL: '1s',
      FULCRUM_SAMPLE_INTERVAL: '1s',
      FULCRUM_ALERT_EVAL_INTERVAL: '1s',
      FULCRUM_ROLLOUT_INTERVAL: '1s',
      FULCRUM_INGEST_TOKEN: 'failover-test-token-0123456789',
    };
    // one first, so the migrations are applied once; then the other two at the same time
    replicas.push(await startServer({ direct: true, env }));
    replicas.push(...(await Promise.all([0, 1].map(() => startServer({ direct: true, env })))));
  }, 300_000);

  afterAll(async () => {
    await watcher?.stop();
    await Promise.all(replicas.map((r) => r.stop('SIGKILL')));
    emulator?.kill('SIGTERM');
    await pj?.close();
    await new Promise((r) => receiver?.close(r) ?? r(undefined));
    await admin(`drop database if exists ${fulcrumDb} with (force)`).catch(() => undefined);
    await admin(`drop database if exists ${powerjobDb} with (force)`).catch(() => undefined);
  });

  it('a new leader finishes the rollout; every step, move and notification exactly once', async () => {
    try {
      await run();
    } catch (error) {
      (error as Error).message += `\n\n${outputs()}`;
      throw error;
    }
  }, 300_000);

  async function run() {
    const transport = (web: string) => `${web.split(':')[0]}:10010`;
    const owners = async () => {
      const counts = new Map(servers.map((s) => [transport(s), 0]));
      for (const a of await pj!.listApps()) counts.set(a.currentServer!, (counts.get(a.currentServer!) ?? 0) + 1);
      return [...counts.values()];
    };
    const before = await owners();

    const leader = await eventually(async () => {
      const states = await Promise.all(replicas.map(isLeader));
      const leaders = replicas.filter((_, i) => states[i] === true);
      return leaders.length === 1 ? leaders[0]! : null;
    }, 15_000, 'exactly one leader');
    const others = replicas.filter((r) => r !== leader);
    const via = others[0]!; // operator requests go to a replica that survives
    // never two leaders, from now to the end of the run (the killed one is left out once it is killed)
    let live = replicas;
    const leaders = (watcher = watchLeaders(() => live));

    // an alert on the spread of apps: fires now (issue-181 piles apps on one server), resolves once the moves even it out
    const cp = await api(via, 'POST', '/api/contact-points', { name: 'failover-receiver', url: receiverUrl });
    expect(cp.status, JSON.stringify(cp.json)).toBe(201);
    const rule = await api(via, 'POST', '/api/alert-rules', {
      name: 'apps piled on one server',
      series: { metric: 'maxMean', measure: 'apps' },
      comparator: '>',
      // issue-181 starts at 16/4 (1.6); where bounded-load leaves it depends on ε (13/7 is 1.3)
      threshold: 1.45,
      recovery: 1.35,
      forSeconds: 0,
      // apps being re-elected make the spread flicker for a second or two: hold firing through that
      keepFiringForSeconds: 8,
      severity: 'warning',
      noData: 'ok',
    });
    expect(rule.status, JSON.stringify(rule.json)).toBe(201);
    const ruleId = rule.json.id as number;
    await eventually(async () => ((await api(via, 'GET', '/api/apps')).json.total === 20 ? true : null), 60_000, 'twenty apps collected');
    await eventually(async () => (received.some((b) => b.status === 'firing') ? true : null), 30_000, 'the firing notification');

    const created = await api(via, 'POST', '/api/rollouts', {
      name: 'balance across a failover',
      candidate: { kind: 'bounded-load' },
      steps: STEPS.map((percent) => ({ percent, pause: { seconds: PAUSE_SECONDS } })),
      moves: { enabled: true, perMinute: 120 },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id = created.json.id as string;
    expect((await api(via, 'POST', `/api/rollouts/${id}/start`)).json).toMatchObject({ state: 'running', percent: STEPS[0] });
    const detail = async () => (await api(via, 'GET', `/api/rollouts/${id}`)).json as { state: string; step: number; percent: number; moves: Move[]; events: RolloutEvent[] };

    // SIGKILL the leader once it has moved apps, before the rollout completes
    const atKill = await eventually(async () => {
      const d = await detail();
      if (d.state === 'completed') throw new Error(`the rollout completed before the leader made a move: ${JSON.stringify(d.events)}`);
      return d.moves.some((m) => m.purpose === 'forward') ? d : null;
    }, 60_000, 'the first moves', 100);
    const killedAt = Date.now();
    live = others;
    await leader.stop('SIGKILL');
    process.stdout.write(`killed the leader at step ${atKill.step + 1} (${atKill.percent}%) with ${atKill.moves.length} moves made (${count(atKill.moves, (m) => m.status === 'verified')} verified)\n`);

    const next = await eventually(async () => {
      const states = await Promise.all(others.map(isLeader));
      return others.find((_, i) => states[i] === true) ?? null;
    }, 15_000, 'a new leader', 100);
    const takeoverMs = Date.now() - killedAt;
    expect(next.output()).toContain('leader: running the background jobs');

    const done = await eventually(async () => {
      const d = await detail();
      const open = d.moves.filter((m) => m.status === 'moved').length;
      if (d.state === 'completed' && !open && received.at(-1)?.status === 'resolved') return d;
      throw new Error(`rollout ${d.state} at ${d.percent}%, ${open} moves not yet verified, webhooks ${JSON.stringify(received.map((b) => b.status))}, app_info ${JSON.stringify(await owners())}`);
    }, 120_000, 'the rollout completed, its moves verified and the alert resolved');
    // a quiet while: anything done twice late would show up now
    await new Promise((r) => setTimeout(r, 5000));
    expect(await leaders.stop(), 'moments with two leaders').toEqual([]);

    const final = await detail();
    const audit = (await api(via, 'GET', '/api/audit?limit=500')).json.entries as AuditEntry[];
    const transitions = ((await api(via, 'GET', `/api/alerts/history?ruleId=${ruleId}`)).json.transitions as AlertTransition[]).sort((a, b) => a.id - b.id);
    const outbox = (
      await admin(
        `select n.id, n.transition_id as "transitionId", n.status, n.attempts from alert_notifications n join alert_transitions t on t.id = n.transition_id where t.rule_id = ${Number(ruleId)} order by n.id`,
        databaseUrl(fulcrumDb),
      )
    ).rows.map((r: OutboxRow) => ({ ...r, id: Number(r.id), transitionId: Number(r.transitionId) }));
    const result: Run = { rolloutId: id, events: [...final.events].sort((a, b) => a.id - b.id), moves: final.moves, audit, transitions, outbox, received: [...received] };

    const after = await owners();
    process.stdout.write(
      `takeover ${takeoverMs} ms after SIGKILL; rollout completed with ${final.moves.length} moves ` +
        `(${final.moves.length - atKill.moves.length} by the new leader); apps per server in app_info ${JSON.stringify(before)} → ${JSON.stringify(after)}; ` +
        `${received.length} webhooks\n`,
    );
    expect(takeoverMs).toBeLessThan(15_000);
    expect(done.state).toBe('completed');
    expect(exactlyOnceProblems(result)).toEqual([]);
    // every move stands in PowerJob's table: the last move of each app is its current owner
    const last = new Map<number, Move>();
    for (const m of [...final.moves].sort((a, b) => a.id - b.id)) last.set(m.appId, m);
    for (const m of last.values()) expect((await pj!.readApp(m.appId))!.currentServer, `app ${m.appId}`).toBe(transport(m.toServer));
    // the new leader did part of the work
    expect(final.events.filter((e) => e.action !== 'move' && e.action !== 'verify').length).toBeGreaterThan(atKill.events.filter((e) => e.action !== 'move' && e.action !== 'verify').length);

    // the checks can fail: a duplicate of any one thing is caught
    const twice = <K extends keyof Run>(key: K, pick: (r: Run) => Run[K] extends (infer T)[] ? T : never): Run => ({ ...result, [key]: [...(result[key] as unknown[]), pick(result)] });
    const stepEvent = result.events.find((e) => e.action === 'advance')!;
    const moveEvent = result.events.find((e) => e.action === 'move')!;
    expect(exactlyOnceProblems(twice('events', () => ({ ...stepEvent, id: 1e9 })))).not.toEqual([]);
    expect(exactlyOnceProblems(twice('events', () => ({ ...moveEvent, id: 1e9 })))).not.toEqual([]);
    expect(exactlyOnceProblems(twice('moves', (r) => ({ ...r.moves[0]!, id: 1e9 })))).not.toEqual([]);
    expect(exactlyOnceProblems(twice('audit', (r) => r.audit.find((a) => a.action === 'rollout.move')!))).not.toEqual([]);
    expect(exactlyOnceProblems(twice('audit', (r) => r.audit.find((a) => a.action === 'rollout.advance')!))).not.toEqual([]);
    expect(exactlyOnceProblems(twice('outbox', (r) => ({ ...r.outbox[1]!, id: 1e9 })))).not.toEqual([]);
    expect(exactlyOnceProblems(twice('received', (r) => r.received[1]!))).not.toEqual([]);
    expect(exactlyOnceProblems(twice('transitions', (r) => ({ ...r.transitions.find((t) => t.to === 'resolved')!, id: 1e9 })))).not.toEqual([]);
  }
});
