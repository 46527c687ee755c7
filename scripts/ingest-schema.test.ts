import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { INGEST_SCHEMA_PATH, ingestJsonSchema } from './ingest-schema.ts';

describe('docs/ingest.schema.json', () => {
  it('is what the zod schema generates (run `npm run schema:ingest` after changing the schema)', () => {
    const onDisk = JSON.parse(fs.readFileSync(INGEST_SCHEMA_PATH, 'utf8'));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(ingestJsonSchema())));
  });

  it('describes the fields the documentation names', () => {
    const schema = ingestJsonSchema() as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(['batchId']);
    expect(Object.keys(schema.properties).sort()).toEqual(['batchId', 'heartbeats', 'sentAt', 'servers', 'source']);
  });
});
