// Any /api path no route serves: a problem+json 404 (Next's own 404 is an HTML page), for every
// method, so a script that mistypes a path reads the same kind of error as for any other mistake.
import { problemResponse } from '@/lib/api/http';

export const dynamic = 'force-dynamic';

function notFound(request: Request): Response {
  const path = new URL(request.url).pathname;
  return problemResponse(404, `no operator API at ${path}; the API is described at /api/openapi.json`);
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
