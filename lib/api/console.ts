// Shared by pages and route handlers: the runtime, or a clear "still starting" signal.
import { getRuntime, type Runtime } from '../runtime.ts';
import { ProblemError } from '../domain/problem.ts';

export function requireRuntime(): Runtime {
  const runtime = getRuntime();
  if (!runtime) throw new ProblemError(503, 'Fulcrum is still starting', { code: 'not-ready' });
  return runtime;
}

/** The data plane's URL as seen from the browser that asked for the page. */
export function dataPlaneUrl(runtime: Runtime, hostHeader: string | null): string {
  const host = (hostHeader ?? 'localhost').replace(/:\d+$/, '');
  return `http://${host}:${runtime.config.FULCRUM_DATAPLANE_PORT}`;
}
