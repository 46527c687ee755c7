// `ordered`: the configured order, as every PowerJob worker before 5.1 uses it (powerjob.md §1–2).
import { z } from 'zod';
import type { Strategy } from './shared.ts';

const params = z.strictObject({});

export const ordered: Strategy<z.infer<typeof params>> = {
  kind: 'ordered',
  description:
    'PowerJob before 5.1: every worker tries the servers in the configured order. The first worker of each new app asks the first server, which claims the app, so nearly all apps pile onto one server and stay there (issues #181, #191, #897). The baseline to measure a better strategy against.',
  params,
  // faithful to PowerJob: the worker walks the list as configured, down servers included
  order: (input) => input.servers.map((s) => s.address),
};
