// `shuffle`: a random order per worker process, as PowerJob 5.1+ does in PowerJobWorker#reConfig.
import { z } from 'zod';
import type { Strategy } from './shared.ts';

const params = z.strictObject({});

export const shuffle: Strategy<z.infer<typeof params>> = {
  kind: 'shuffle',
  description:
    'PowerJob 5.1 and later: each worker process shuffles its server list at start-up, so the first claim of an app goes to a random server. App counts even out on average, but load, worker count and server size are ignored, and nothing rebalances after a failover or when a server is added.',
  params,
  // each worker shuffles on its own, so two workers of one app may start with different servers
  order: (input, _params, ctx) => ctx.random.shuffle(input.servers.map((s) => s.address)),
};
