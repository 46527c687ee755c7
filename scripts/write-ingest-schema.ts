// npm run schema:ingest: writes docs/ingest.schema.json from the zod schema.
import fs from 'node:fs';
import { INGEST_SCHEMA_PATH, ingestJsonSchema } from './ingest-schema.ts';

fs.writeFileSync(INGEST_SCHEMA_PATH, `${JSON.stringify(ingestJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${INGEST_SCHEMA_PATH.pathname}\n`);
