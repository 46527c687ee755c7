// `dns-round-robin`: one domain name whose records rotate, the maintainers' usual advice (issues #17, #59, #953).
import { z } from 'zod';
import type { Strategy } from './shared.ts';

const params = z.strictObject({});

export const dnsRoundRobin: Strategy<z.infer<typeof params>> = {
  kind: 'dns-round-robin',
  description:
    'A domain name with one record per server, rotated by the resolver: each lookup starts at a random server and continues around the list. Spreads first claims like shuffle does, knows nothing of load or liveness, and depends on resolver caching, which can hand one start to many workers at once.',
  params,
  // many resolvers and caches sit between workers and the zone, so the rotation a worker sees is
  // effectively a random start per lookup, not a shared counter
  order(input, _params, ctx) {
    const addresses = input.servers.map((s) => s.address);
    const start = ctx.random.int(addresses.length);
    return [...addresses.slice(start), ...addresses.slice(0, start)];
  },
};
