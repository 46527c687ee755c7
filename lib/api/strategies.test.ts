import { describe, expect, it } from 'vitest';
import { scenario } from '../domain/scenario-gen.ts';
import type { Runtime } from '../runtime.ts';
import { previewBody } from './schemas.ts';
import { preview } from './strategies.ts';

// synthetic scenarios need no store: the runtime is never touched
const noRuntime = {} as Runtime;
const run = (body: object) => preview(noRuntime, previewBody.parse(body));

describe('the preview on a subset (a rollout selector)', () => {
  const bindings = scenario('issue-181').cluster.bindings!;

  it('moves only admitted apps and keeps every other app on its owner', async () => {
    const all = await run({ candidate: { kind: 'round-robin' }, scenario: 'issue-181' });
    const subset = await run({ candidate: { kind: 'round-robin' }, scenario: 'issue-181', selector: { apps: { include: ['app-000*'] } } });
    expect(subset.admittedApps).toBe(9);
    expect(all.admittedApps).toBe(20);
    const moved = subset.strategies[0]!.rebalanced.moved;
    expect(moved.length).toBeGreaterThan(0);
    for (const m of moved) {
      expect(m.app).toMatch(/^app-000\d$/);
      expect(m.from).toBe(bindings[m.app]);
    }
    expect(moved.length).toBeLessThan(all.strategies[0]!.rebalanced.appsMoved + 1);
    // loads add up to the same 20 apps
    const total = (load: Record<string, number>) => Object.values(load).reduce((a, b) => a + b, 0);
    expect(total(subset.strategies[0]!.rebalanced.load)).toBe(20);
  });

  it('a selector that admits nothing leaves the cluster as it is', async () => {
    const none = await run({ candidate: { kind: 'round-robin' }, scenario: 'issue-181', selector: { apps: { include: ['no-such-app'] } } });
    expect(none.admittedApps).toBe(0);
    expect(none.strategies[0]!.rebalanced.appsMoved).toBe(0);
    expect(none.strategies[0]!.rebalanced.load).toEqual(none.current.load);
  });

  it('with worker conditions, admits an app only when every one of its workers matches', async () => {
    const tagged = await run({ candidate: { kind: 'round-robin' }, scenario: 'issue-181', selector: { tags: { include: ['blue'] } } });
    expect(tagged.admittedApps).toBe(0); // the scenario's workers carry no tags
    const versioned = await run({ candidate: { kind: 'round-robin' }, scenario: 'issue-181', selector: { addresses: { include: ['10.2.0.0/16'] } } });
    expect(versioned.admittedApps).toBe(20);
  });

  it('refuses a malformed selector', () => {
    expect(previewBody.safeParse({ candidate: { kind: 'rendezvous' }, selector: { apps: { include: [''] } } }).success).toBe(false);
    expect(previewBody.safeParse({ candidate: { kind: 'rendezvous' }, selector: { teams: {} } }).success).toBe(false);
  });
});
