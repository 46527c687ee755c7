// The JSON Schema of the ingest batch, generated from the zod schema that validates it.
import { z } from 'zod';
import { ingestBatchSchema } from '../lib/domain/ingest-batch.ts';

export function ingestJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://fulcrum.dev/schemas/ingest-batch.json',
    title: 'Fulcrum ingest batch',
    description: 'The body of POST /v1/ingest on the data plane. Generated from lib/domain/ingest-batch.ts by `npm run schema:ingest`; do not edit by hand.',
    ...z.toJSONSchema(ingestBatchSchema, { io: 'input', unrepresentable: 'any' }),
  };
}

export const INGEST_SCHEMA_PATH = new URL('../docs/ingest.schema.json', import.meta.url);
