// The strategy catalogue of design.md: every kind with its description and parameters, and the
// spec ({kind, params}) that rollouts and the preview API validate against it.
import { z } from 'zod';
import { boundedLoad } from './bounded-load.ts';
import { dnsRoundRobin } from './dns-round-robin.ts';
import { leastLoaded } from './least-loaded.ts';
import { ordered } from './ordered.ts';
import { rendezvous } from './rendezvous.ts';
import { roundRobin } from './round-robin.ts';
import type { Strategy } from './shared.ts';
import { shuffle } from './shuffle.ts';
import { weightedRoundRobin } from './weighted-round-robin.ts';
import { zoneAware } from './zone-aware.ts';

export * from './shared.ts';

export const STRATEGY_KINDS = [
  'ordered',
  'shuffle',
  'dns-round-robin',
  'round-robin',
  'weighted-round-robin',
  'rendezvous',
  'bounded-load',
  'least-loaded',
  'zone-aware',
] as const;
export type StrategyKind = (typeof STRATEGY_KINDS)[number];

export const STRATEGIES: readonly Strategy[] = [
  ordered,
  shuffle,
  dnsRoundRobin,
  roundRobin,
  weightedRoundRobin,
  rendezvous,
  boundedLoad,
  leastLoaded,
  zoneAware,
];

const byKind = new Map(STRATEGIES.map((s) => [s.kind, s]));

export function isStrategyKind(kind: string): kind is StrategyKind {
  return byKind.has(kind);
}

export function getStrategy(kind: StrategyKind): Strategy {
  const strategy = byKind.get(kind);
  if (!strategy) throw new Error(`unknown strategy kind: ${kind}`);
  return strategy;
}

/**
 * A strategy as configured: its kind and parameters, checked against that kind's schema. Errors in
 * the parameters carry paths like ['params', 'epsilon'], so a form can show them beside the field.
 */
export const strategySpec = z
  .object({
    kind: z.enum(STRATEGY_KINDS),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((spec, ctx) => {
    const result = getStrategy(spec.kind).params.safeParse(spec.params ?? {});
    if (result.success) return;
    for (const issue of result.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: ['params', ...issue.path] });
    }
  });
export type StrategySpec = z.infer<typeof strategySpec>;

/** The strategy of a valid spec with its parameters, defaults filled in. */
export function resolveStrategy(spec: StrategySpec): { strategy: Strategy; params: object } {
  const strategy = getStrategy(spec.kind);
  return { strategy, params: strategy.params.parse(spec.params ?? {}) };
}
