// `round-robin`: apps take the live servers in turn, one rotation per app decided this round.
import { z } from 'zod';
import { decideOnce, liveFirst, type Strategy } from './shared.ts';

const params = z.strictObject({});

export const roundRobin: Strategy<z.infer<typeof params>> = {
  kind: 'round-robin',
  description:
    'Each new app starts at the next live server in turn, so app counts stay within one of each other during a round. Every worker of an app gets the same order, so the app fails over to one place. Ignores load and server size: a heavy app counts the same as a light one.',
  params,
  order: (input, _params, ctx) =>
    decideOnce(input, ctx, () => {
      const live = input.servers.filter((s) => s.up);
      if (live.length === 0) return liveFirst(input.servers);
      const start = ctx.state.counter++ % live.length;
      const rotated = [...live.slice(start), ...live.slice(0, start)];
      return [...rotated.map((s) => s.address), ...input.servers.filter((s) => !s.up).map((s) => s.address)];
    }),
};
