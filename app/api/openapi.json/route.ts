// GET /api/openapi.json: the OpenAPI description (docs/openapi.json, generated from the zod schemas).
import document from '@/docs/openapi.json';

export const dynamic = 'force-static';

export function GET() {
  return Response.json(document);
}
