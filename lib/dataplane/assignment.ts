// GET /v1/assignment: which server order a worker should use. Answers come from an in-memory
// snapshot of the servers and the active rollouts, reloaded from the store every few seconds and at
// once when a rollout changes; when the store is unreachable the last snapshot keeps answering,
// marked stale. Long polls (`wait`) are woken by reloads and answer when this worker's revision moves.
import type http from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { compareVersions } from '../domain/cohort.ts';
import { appliesCandidate, type Rollout } from '../domain/rollout.ts';
import { workerInCohort } from '../domain/rollout-plan.ts';
import { murmur3_x86_32, seeded } from '../domain/random.ts';
import { newRound, resolveStrategy, type RoundState, type StrategyServer, type StrategySpec } from '../domain/strategies/index.ts';
import { problem, PROBLEM_CONTENT_TYPE } from '../domain/problem.ts';
import { shapeList, type Delivery } from '../delivery/shape.ts';
import { metrics } from '../metrics.ts';
import type { Store } from '../store/index.ts';

export interface AssignmentSource {
  /** live view of the servers (web addresses) and the apps each owns */
  servers(): Promise<{ address: string; weight: number; zone?: string | null; up: boolean; appsOwned: number; cordoned?: boolean }[]>;
  /** running, paused and completed rollouts (the ones whose candidate applies to their cohort) */
  rollouts(): Promise<Rollout[]>;
}

/** The source server.ts gives the assignment API: the store's servers (up or unknown count as up) and its active rollouts. */
export function storeAssignmentSource(store: () => Store, now: () => Date = () => new Date()): AssignmentSource {
  return {
    servers: async () =>
      (await store().serversForAssignment(now())).map((s) => ({ address: s.address, weight: s.weight, zone: s.zone, up: s.health === 'up' || s.health === 'unknown', appsOwned: s.appsOwned, cordoned: s.cordoned })),
    rollouts: () => store().listRollouts({ states: ['running', 'paused', 'balancing', 'completed'] }),
  };
}

export interface AssignmentOptions {
  source: AssignmentSource;
  baseline: StrategySpec;
  /** Bearer token required when set (FULCRUM_ASSIGNMENT_TOKEN) */
  token?: string;
  /** assignment tokens managed in the console (Settings → Tokens): once any exists, a token is required */
  managedTokens?: { any(): boolean; valid(token: string): boolean };
  /** workers below this client version always get the baseline */
  minVersion?: string;
  /** 5.1+ workers: the intended server's share of first claims by repetition (0 or unset: no repetition) */
  repeatShare?: number;
  refreshMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

interface Snapshot {
  /** when the store was last read (the snapshot is kept while what it read did not change) */
  loadedAt: number;
  servers: StrategyServer[];
  /** cordoned servers (docs/maintenance.md): listed after every other server */
  cordoned: ReadonlySet<string>;
  load: Record<string, number>;
  rollouts: Rollout[];
  /** per strategy spec: the round state, so per-app strategies answer the same for every worker of an app */
  rounds: Map<string, RoundState>;
  /** worker key → answer, for this snapshot */
  answers: Map<string, Answer>;
}

export interface Answer {
  body: {
    app: string;
    worker: string;
    servers: readonly string[];
    strategy: { id: string; kind: string; params: object };
    rollout: { id: string; step: number; percent: number; inCohort: boolean } | null;
    /** for which worker versions the list was shaped, and when it takes effect (lib/delivery/shape.ts) */
    delivery: Delivery;
    revision: string;
  };
  json: string;
  text: string;
  etag: string;
}

export interface AssignmentQuery {
  app: string;
  worker: string;
  version?: string;
  tag?: string;
  zone?: string;
  /** the baseline whatever the rollouts (the DNS zone's bare name, which names no app) */
  baselineOnly?: boolean;
}

/** Distinct workers a rollout's cohort answer reached, kept per process up to this many per rollout. */
const REACH_LIMIT = 100_000;

const specKey = (s: StrategySpec) => `${s.kind}:${JSON.stringify(s.params ?? {})}`;
const strategyId = (s: StrategySpec) => `${s.kind}-${murmur3_x86_32(JSON.stringify(s.params ?? {})).toString(16)}`;

export function createAssignments(options: AssignmentOptions) {
  const now = options.now ?? Date.now;
  const refreshMs = options.refreshMs ?? 2000;
  let snapshot: Snapshot | null = null;
  let stale = false;
  let fingerprint = '';
  const waiters = new Set<() => void>();
  let loading: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  async function load(): Promise<void> {
    try {
      const [servers, rollouts] = await Promise.all([options.source.servers(), options.source.rollouts()]);
      const active = rollouts.filter(appliesCandidate);
      const next = JSON.stringify([servers.map((s) => [s.address, s.weight, s.zone, s.up, s.cordoned ?? false]), active.map((r) => [r.id, r.state, r.step, r.percent])]);
      stale = false;
      // same servers and rollouts: keep the snapshot (and its answers), now read again; loads only matter to new decisions
      if (snapshot && next === fingerprint) {
        snapshot.loadedAt = now();
        return;
      }
      fingerprint = next;
      const sorted = [...servers].sort((a, b) => (a.address < b.address ? -1 : 1));
      snapshot = {
        loadedAt: now(),
        servers: sorted.map((s) => ({ address: s.address, weight: s.weight, up: s.up, ...(s.zone ? { zone: s.zone } : {}) })),
        cordoned: new Set(sorted.filter((s) => s.cordoned).map((s) => s.address)),
        load: Object.fromEntries(sorted.map((s) => [s.address, s.appsOwned])),
        // the newest rollout wins where two cover a worker (only possible with a completed one)
        rollouts: active,
        rounds: new Map(),
        answers: new Map(),
      };
      for (const wake of [...waiters]) wake();
    } catch (error) {
      stale = true;
      options.onError?.(error);
    }
  }

  function reload(): Promise<void> {
    loading ??= load().finally(() => (loading = null));
    return loading;
  }

  function decide(s: Snapshot, q: AssignmentQuery): Answer {
    const key = `${q.app}\u0000${q.worker}\u0000${q.version ?? ''}\u0000${q.tag ?? ''}\u0000${q.zone ?? ''}\u0000${q.baselineOnly ? 1 : 0}`;
    const known = s.answers.get(key);
    if (known) return known;
    const worker = { address: q.worker, tag: q.tag ?? null, version: q.version ?? null };
    const tooOld = options.minVersion !== undefined && !(q.version && compareVersions(q.version, options.minVersion) >= 0);
    let spec = options.baseline;
    let rollout: Answer['body']['rollout'] = null;
    if (!tooOld && !q.baselineOnly) {
      for (const r of s.rollouts) {
        const inCohort = workerInCohort(r, q.app, worker);
        if (!inCohort && !matchesOnlySelector(r, q.app, worker)) continue;
        rollout = { id: r.id, step: r.step, percent: r.percent, inCohort };
        spec = inCohort ? r.spec.candidate : (r.spec.baseline ?? options.baseline);
        break;
      }
    }
    const { strategy, params } = resolveStrategy(spec);
    const k = specKey(spec);
    let state = s.rounds.get(k);
    if (!state) s.rounds.set(k, (state = newRound()));
    const chosen = strategy.order(
      { app: { name: q.app, load: 1 }, worker: { address: q.worker, ...(q.zone ? { zone: q.zone } : {}), ...(q.tag ? { tag: q.tag } : {}), ...(q.version ? { version: q.version } : {}) }, servers: s.servers, load: s.load },
      params,
      // per-worker randomness (shuffle) is seeded by the worker, so asking again gives the same answer
      { random: seeded(murmur3_x86_32(q.worker)), state },
    );
    // a cordoned server goes last, so that only a worker that reaches no other server claims an app there
    const order = s.cordoned.size ? [...chosen.filter((a) => !s.cordoned.has(a)), ...chosen.filter((a) => s.cordoned.has(a))] : chosen;
    // shaped for the version that reads it: kept in order below 5.1, shuffled by the worker from 5.1 on
    const shaped = shapeList(order, s.servers, q.version, { repeatShare: options.repeatShare ?? 0 });
    const material = JSON.stringify([shaped.servers, k, rollout, shaped.delivery.shapedFor]);
    const revision = createHash('sha1').update(material).digest('base64url').slice(0, 16);
    const body = { app: q.app, worker: q.worker, servers: shaped.servers, strategy: { id: strategyId(spec), kind: spec.kind, params }, rollout, delivery: shaped.delivery, revision };
    const answer: Answer = { body, json: JSON.stringify(body), text: shaped.servers.join(','), etag: `"${revision}"` };
    if (s.answers.size > 200_000) s.answers.clear();
    s.answers.set(key, answer);
    return answer;
  }

  function matchesOnlySelector(r: Rollout, app: string, worker: { address: string; tag: string | null; version: string | null }): boolean {
    // in the eligible set but not (yet) in the cohort: the control group of that rollout
    return workerInCohort({ ...r, percent: 100 }, app, worker);
  }

  // which workers fetched their list, per rollout whose cohort answer they got (the Rollouts page's "reached")
  const reached = new Map<string, Set<string>>();
  let fetched = 0;
  function record(answer: Answer): void {
    fetched++;
    const r = answer.body.rollout;
    if (!r?.inCohort) return;
    let workers = reached.get(r.id);
    if (!workers) reached.set(r.id, (workers = new Set()));
    if (workers.size < REACH_LIMIT) workers.add(`${answer.body.app}\u0000${answer.body.worker}`);
  }

  /** The answer for a worker now, or null before the first snapshot. */
  async function assign(q: AssignmentQuery): Promise<{ answer: Answer; stale: boolean } | null> {
    if (!snapshot) await reload();
    if (!snapshot) return null;
    return { answer: decide(snapshot, q), stale };
  }

  /** Resolves on the next snapshot change, or after ms. */
  function nextChange(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (changed: boolean) => {
        clearTimeout(t);
        waiters.delete(wake);
        resolve(changed);
      };
      const wake = () => done(true);
      const t = setTimeout(() => done(false), ms);
      waiters.add(wake);
    });
  }

  const digest = (s: string) => createHash('sha256').update(s).digest();
  function authorized(header: string | undefined): boolean {
    const managed = options.managedTokens;
    if (!options.token && !managed?.any()) return true;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (m === null) return false;
    return (options.token !== undefined && timingSafeEqual(digest(m[1]!), digest(options.token))) || Boolean(managed?.valid(m[1]!));
  }

  function sendProblem(res: http.ServerResponse, status: number, detail: string, headers: http.OutgoingHttpHeaders = {}) {
    const json = JSON.stringify(problem(status, detail));
    res.writeHead(status, { 'content-type': PROBLEM_CONTENT_TYPE, 'content-length': Buffer.byteLength(json), 'cache-control': 'no-store', ...headers });
    res.end(json);
  }

  /** The node:http handler of GET /v1/assignment. */
  async function handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendProblem(res, 405, 'use GET', { allow: 'GET, HEAD' });
    if (!authorized(req.headers.authorization)) return sendProblem(res, 401, 'a valid assignment token is required as Authorization: Bearer <token>', { 'www-authenticate': 'Bearer realm="fulcrum-assignment"' });
    const p = url.searchParams;
    const app = p.get('app');
    const worker = p.get('worker');
    const errors: string[] = [];
    if (!app) errors.push('app: required (the PowerJob appName)');
    if (!worker || !/^[^\s:]+:\d{1,5}$/.test(worker)) errors.push('worker: required, ip:port');
    const waitRaw = p.get('wait');
    const wait = waitRaw === null ? 0 : Number(waitRaw);
    if (!Number.isFinite(wait) || wait < 0 || wait > 60) errors.push('wait: seconds, 0 to 60');
    const format = p.get('format');
    if (format !== null && format !== 'json' && format !== 'powerjob') errors.push('format: json or powerjob');
    if (errors.length) return sendProblem(res, 400, errors.join('; '));
    const q: AssignmentQuery = { app: app!, worker: worker!, ...(p.get('version') ? { version: p.get('version')! } : {}), ...(p.get('tag') ? { tag: p.get('tag')! } : {}), ...(p.get('zone') ? { zone: p.get('zone')! } : {}) };
    const text = format === 'powerjob' || (format === null && /^text\/plain\b/.test(req.headers.accept ?? ''));
    const ifNoneMatch = req.headers['if-none-match'];

    // the hot path stays synchronous: the snapshot is in memory once loaded
    let got = snapshot ? { answer: decide(snapshot, q), stale } : await assign(q);
    if (!got) return sendProblem(res, 503, 'no assignment snapshot yet: the store has not answered since start', { 'retry-after': '2' });
    if (wait > 0 && ifNoneMatch === got.answer.etag) {
      const deadline = now() + wait * 1000;
      let closed = false;
      res.once('close', () => (closed = true));
      const open = metrics().longPollsOpen;
      open.inc();
      try {
        while (!closed && !stopped && got && got.answer.etag === ifNoneMatch) {
          const left = deadline - now();
          if (left <= 0) break;
          await nextChange(left);
          got = await assign(q);
        }
      } finally {
        open.dec();
      }
      if (closed || !got) return;
    }
    const headers: http.OutgoingHttpHeaders = { etag: got.answer.etag, 'cache-control': 'no-cache' };
    if (got.stale && snapshot) {
      headers['fulcrum-stale'] = 'true';
      headers['fulcrum-snapshot-age'] = String(Math.round((now() - snapshot.loadedAt) / 1000));
    }
    record(got.answer); // a 304 too: the worker holds this answer
    if (ifNoneMatch === got.answer.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const body = text ? got.answer.text : got.answer.json;
    res.writeHead(200, { ...headers, 'content-type': text ? 'text/plain; charset=utf-8' : 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  return {
    handle,
    assign,
    /** assign, counted as a worker fetching its list (what a deploy script does; the demo's workers at start) */
    async fetch(q: AssignmentQuery): Promise<{ answer: Answer; stale: boolean } | null> {
      const got = await assign(q);
      if (got) record(got.answer);
      return got;
    },
    /** answers given to workers (HTTP and fetch) since start, and per rollout the distinct workers its cohort answer reached */
    reached(): { total: number; byRollout: Record<string, number> } {
      return { total: fetched, byRollout: Object.fromEntries([...reached].map(([id, w]) => [id, w.size])) };
    },
    reload,
    /** Starts the periodic reload (and loads once now). */
    async start(): Promise<void> {
      await reload();
      timer = setInterval(() => void reload(), refreshMs);
      timer.unref();
    },
    stop(): void {
      stopped = true;
      if (timer) clearInterval(timer);
      for (const wake of [...waiters]) wake();
    },
    /** Reload at once (a rollout changed). */
    changed(): void {
      void reload();
    },
  };
}

export type Assignments = ReturnType<typeof createAssignments>;
