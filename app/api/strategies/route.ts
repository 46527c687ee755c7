// GET /api/strategies: the catalogue, each strategy with its description and parameter schema.
import { z } from 'zod';
import { handle } from '@/lib/api/http';
import { catalogue } from '@/lib/api/strategies';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () =>
    Response.json({
      strategies: catalogue().map((s) => ({ kind: s.kind, description: s.description, params: z.toJSONSchema(s.params, { io: 'input', unrepresentable: 'any' }) })),
    }),
  );
}
