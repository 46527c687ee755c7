import { describe, expect, it } from 'vitest';
import { exportedMethods, methodNotAllowed, routeEntry, routeFor } from './routes.ts';

const table = [
  routeEntry('api/[...path]', ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  routeEntry('api/servers/[address]', ['GET', 'DELETE']),
  routeEntry('api/rollouts', ['GET', 'POST']),
  routeEntry('api/rollouts/[id]', ['GET', 'PUT']),
  routeEntry('api/rollouts/markers', ['GET']),
  routeEntry('api/rollouts/[id]/[action]', ['POST']),
  routeEntry('(console)/api/overview', ['GET']),
];

describe('route table', () => {
  it('reads the exported methods of a route file', () => {
    const source = `export const dynamic = 'force-dynamic';\nexport function GET() {}\nexport async function POST(r) {}\nexport const DELETE = handler;\nfunction PUT() {}\n// export function PATCH`;
    expect(exportedMethods(source).sort()).toEqual(['DELETE', 'GET', 'POST']);
  });

  it('finds the most specific route: a static segment before a parameter before a catch-all', () => {
    expect(routeFor(table, '/api/rollouts/markers')!.route).toBe('/api/rollouts/markers');
    expect(routeFor(table, '/api/rollouts/ro-1')!.route).toBe('/api/rollouts/[id]');
    expect(routeFor(table, '/api/rollouts/ro-1/pause')!.route).toBe('/api/rollouts/[id]/[action]');
    expect(routeFor(table, '/api/rollouts/ro-1/pause/x')!.route).toBe('/api/[...path]');
    expect(routeFor(table, '/api/overview')!.route).toBe('/api/overview'); // a route group is not a segment
    expect(routeFor(table, '/servers')).toBeNull();
  });

  it('says which methods are allowed when the method is not; nothing for catch-alls or allowed methods', () => {
    expect(methodNotAllowed(table, 'PATCH', '/api/servers/10.0.0.5:7700')).toEqual(['GET', 'HEAD', 'DELETE', 'OPTIONS']);
    expect(methodNotAllowed(table, 'delete', '/api/servers/10.0.0.5:7700')).toBeNull();
    expect(methodNotAllowed(table, 'HEAD', '/api/rollouts')).toBeNull();
    expect(methodNotAllowed(table, 'OPTIONS', '/api/rollouts/ro-1/pause')).toBeNull();
    expect(methodNotAllowed(table, 'GET', '/api/rollouts/ro-1/pause')).toEqual(['POST', 'OPTIONS']);
    expect(methodNotAllowed(table, 'DELETE', '/api/no/such/thing')).toBeNull();
    expect(methodNotAllowed(table, 'DELETE', '/overview')).toBeNull();
  });
});
