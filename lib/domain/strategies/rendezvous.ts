// `rendezvous`: weighted highest-random-weight hashing by app name: stable, weighted, minimal movement.
import { z } from 'zod';
import { decideOnce, liveFirst, rendezvousRank, type Strategy } from './shared.ts';

const params = z.strictObject({});

export const rendezvous: Strategy<z.infer<typeof params>> = {
  kind: 'rendezvous',
  description:
    'Weighted rendezvous (highest random weight) hashing of the app name: every worker of an app computes the same order with no shared state, each server gets apps in proportion to its weight, and when a server leaves only its apps move (each to its own second choice) while a joining server takes only the apps that now rank it first. Balances app counts, not app load.',
  params,
  // a pure function of (app, servers): remembering it per round only saves the work
  order: (input, _params, ctx) => decideOnce(input, ctx, () => liveFirst(rendezvousRank(input.servers, input.app.name))),
};
