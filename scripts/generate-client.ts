/**
 * `npm run client`: regenerates the typed client's schema (clients/typescript/schema.d.ts) from
 * the API's OpenAPI document. Run it after changing a route's schemas and commit the result.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLIENT_SCHEMA_FILE, clientSchemaSource, openApiDocument } from './client-schema.ts';

const source = await clientSchemaSource(await openApiDocument());
writeFileSync(CLIENT_SCHEMA_FILE, source);
console.log(`wrote ${fileURLToPath(CLIENT_SCHEMA_FILE)}`);
