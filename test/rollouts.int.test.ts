// The rollouts operator API and the assignment API of a real Fulcrum process (the demo cluster on),
// and a restart in the middle of a timed pause that resumes from the stored times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_AUTHORIZATION, eventually, startServer, tempDir, type RunningServer } from './support/process.ts';

/** Every operator-API request of this file goes through here (credentials get added in one place). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers are checked field by field
type Json = any;
async function api(server: RunningServer, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${server.consoleUrl}${path}`, {
    method,
    headers: { authorization: ADMIN_AUTHORIZATION, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

const steps = [
  { percent: 10, pause: { manual: true } },
  { percent: 50, pause: { manual: true } },
  { percent: 100, pause: { manual: true } },
];

describe('rollouts in a running Fulcrum', () => {
  let server: RunningServer;
  const dataDir = tempDir('fulcrum-rollouts-');

  beforeAll(async () => {
    server = await startServer({ dataDir, env: { FULCRUM_DEMO: 'issue-181', FULCRUM_ROLLOUT_INTERVAL: '1s' } });
    // the demo's 20 apps collected (the first round runs at start; about 1 s when idle)
    await eventually(async () => ((await api(server, 'GET', '/api/apps?pageSize=100')).json?.total === 20 ? true : null), 90_000, 'the demo’s 20 apps collected', 300);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('creates a rollout in draft, refusing invalid bodies field by field', async () => {
    const bad = await api(server, 'POST', '/api/rollouts', { name: '', candidate: { kind: 'bounded-load', params: { epsilon: -1 } }, steps: [] });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['candidate.params.epsilon', 'name', 'steps']);
    const created = await api(server, 'POST', '/api/rollouts', { name: 'balance', candidate: { kind: 'bounded-load' }, steps, moves: { enabled: true } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ state: 'draft', step: 0, percent: 0, allowedActions: ['start'] });
    expect(created.json.id).toMatch(/^ro-[0-9a-f]{10}$/);
    const list = await api(server, 'GET', '/api/rollouts');
    expect(list.json.rollouts.map((r: { id: string }) => r.id)).toContain(created.json.id);
  });

  it('creates a rollout with the id the creation form proposed (its preview bucketed by it), once', async () => {
    const body = { id: 'ro-0123456789', name: 'proposed id', candidate: { kind: 'round-robin' }, steps };
    const created = await api(server, 'POST', '/api/rollouts', body);
    expect(created.status).toBe(201);
    expect(created.json.id).toBe('ro-0123456789');
    const again = await api(server, 'POST', '/api/rollouts', body);
    expect(again.status).toBe(409);
    expect(again.json.detail).toContain('ro-0123456789');
    const bad = await api(server, 'POST', '/api/rollouts', { ...body, id: 'ro-preview' });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(['id']);
  });

  it('walks the actions, refusing the ones that do not fit with 409 and the reason', async () => {
    const { json: r } = await api(server, 'POST', '/api/rollouts', { name: 'walk', candidate: { kind: 'rendezvous' }, steps });
    const early = await api(server, 'POST', `/api/rollouts/${r.id}/promote`);
    expect([early.status, early.json.detail]).toEqual([409, 'cannot promote a rollout that is draft; possible now: start']);
    expect((await api(server, 'POST', `/api/rollouts/${r.id}/start`)).json).toMatchObject({ state: 'running', step: 0, percent: 10 });
    // a second rollout over the same (every) worker may not start while this one runs
    const { json: other } = await api(server, 'POST', '/api/rollouts', { name: 'other', candidate: { kind: 'round-robin' }, steps });
    const overlap = await api(server, 'POST', `/api/rollouts/${other.id}/start`);
    expect(overlap.status).toBe(409);
    expect(overlap.json.detail).toContain(`rollout "walk" (${r.id})`);
    expect((await api(server, 'POST', `/api/rollouts/${r.id}/promote`)).json).toMatchObject({ step: 1, percent: 50 });
    expect((await api(server, 'POST', `/api/rollouts/${r.id}/pause`, { reason: 'lunch' })).json).toMatchObject({ state: 'paused', reason: 'lunch (admin)' });
    expect((await api(server, 'POST', `/api/rollouts/${r.id}/resume`)).json.state).toBe('running');
    expect((await api(server, 'POST', `/api/rollouts/${r.id}/promote-full`)).status).toBe(400);
    expect((await api(server, 'POST', `/api/rollouts/${r.id}/abort`)).json).toMatchObject({ state: 'aborted', percent: 0, allowedActions: ['retry'] });
    expect((await api(server, 'POST', `/api/rollouts/${r.id}/retry`)).json).toMatchObject({ state: 'running', step: 0, percent: 10 });
    expect((await api(server, 'POST', `/api/rollouts/${r.id}/promote-full`, { confirm: true })).json).toMatchObject({ state: 'completed', percent: 100 });
    expect((await api(server, 'POST', `/api/rollouts/${r.id}/nonsense`)).status).toBe(404);
    const detail = await api(server, 'GET', `/api/rollouts/${r.id}`);
    expect(detail.json.events.map((e: { action: string }) => e.action).reverse()).toEqual(['create', 'start', 'promote', 'pause', 'resume', 'abort', 'retry', 'promote-full']);
    expect(detail.json.events.every((e: { actor: string }) => e.actor === 'admin')).toBe(true);
    // completed at 100%: every demo app is a member
    expect(detail.json.members.apps).toBe(20);
    // the other one can start now
    expect((await api(server, 'POST', `/api/rollouts/${other.id}/start`)).status).toBe(200);
    await api(server, 'POST', `/api/rollouts/${other.id}/abort`);
    expect((await api(server, 'GET', '/api/rollouts/ro-missing')).status).toBe(404);
  });

  it('the data plane answers a demo worker with the candidate of a rollout at 100%', async () => {
    const res = await fetch(`${server.dataPlaneUrl}/v1/assignment?app=app-01&worker=10.1.0.0:27777&version=4.3.9`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rollout).toMatchObject({ inCohort: true, percent: 100 });
    expect(body.strategy.kind).toBe('rendezvous');
    expect(body.servers).toHaveLength(2);
  });

  it('a restart in the middle of a timed pause resumes from the stored times', async () => {
    const PAUSE_S = 30;
    const DOWN_MS = 15_000;
    const { json: r } = await api(server, 'POST', '/api/rollouts', {
      name: 'timed',
      candidate: { kind: 'round-robin' },
      selector: { apps: { include: ['nothing-*'] } },
      steps: [
        { percent: 10, pause: { seconds: PAUSE_S } },
        { percent: 100, pause: { manual: true } },
      ],
    });
    const started = await api(server, 'POST', `/api/rollouts/${r.id}/start`);
    expect(started.status).toBe(200);
    const endsAt = Date.parse(started.json.pauseEndsAt);
    await server.stop();
    // down for a while: a pause timed from the restart would then end at least DOWN_MS after the stored end
    await new Promise((res) => setTimeout(res, DOWN_MS));
    server = await startServer({ dataDir, env: { FULCRUM_DEMO: 'issue-181', FULCRUM_ROLLOUT_INTERVAL: '1s' } });
    const readyAt = Date.now();
    const before = await api(server, 'GET', `/api/rollouts/${r.id}`);
    // a slow restart may already be past the end of the pause; while it is not, the stored end stands
    if (before.json.step === 0) expect(Date.parse(before.json.pauseEndsAt)).toBe(endsAt);
    const now = await eventually(
      async () => {
        const d = (await api(server, 'GET', `/api/rollouts/${r.id}`)).json;
        return d.step === 0 ? null : d;
      },
      Math.max(endsAt, readyAt) - Date.now() + 60_000,
      'the timed pause ended after the restart',
      250,
    );
    expect([now.state, now.step, now.percent]).toEqual(['running', 1, 100]);
    const advanced = now.events.find((e: { action: string }) => e.action === 'advance');
    expect(advanced.actor).toBe('system:rollout-controller');
    const at = Date.parse(advanced.at);
    expect(at, 'advanced before the stored end of the pause').toBeGreaterThanOrEqual(endsAt);
    // the controller ticks every second: it advances soon after the later of the stored end and the
    // restart, well before a pause timed from the restart (readyAt + 30 s) would end
    const slack = DOWN_MS - 3000;
    expect(at - Math.max(endsAt, readyAt), `advanced ${at - endsAt} ms after the stored end, ${at - readyAt} ms after the restart`).toBeLessThan(slack);
  }, 180_000);
});
