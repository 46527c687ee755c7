// npm run openapi: writes docs/openapi.json from the zod schemas.
import fs from 'node:fs';
import { OPENAPI_PATH, openApiDocument } from './openapi.ts';

fs.writeFileSync(OPENAPI_PATH, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
process.stdout.write(`wrote ${OPENAPI_PATH.pathname}\n`);
