// The API's route table, read once at start from the route files under app/ (the console runs
// from its source tree): which methods each /api route answers (lib/domain/routes.ts).
import fs from 'node:fs';
import path from 'node:path';
import { exportedMethods, routeEntry, type RouteEntry } from '../domain/routes.ts';

/** Every /api route under `appDir` with its methods; empty when the directory is not there. */
export function loadRouteTable(appDir: string): RouteEntry[] {
  if (!fs.existsSync(appDir)) return [];
  const out: RouteEntry[] = [];
  for (const file of fs.readdirSync(appDir, { recursive: true, encoding: 'utf8' })) {
    if (!/(^|[\\/])route\.(ts|js)$/.test(file)) continue;
    const entry = routeEntry(path.dirname(file).split(path.sep).join('/'), exportedMethods(fs.readFileSync(path.join(appDir, file), 'utf8')));
    if (entry.route === '/api' || entry.route.startsWith('/api/')) out.push(entry);
  }
  return out;
}
