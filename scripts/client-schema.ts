/**
 * The typed client's schema (clients/typescript/schema.d.ts): openapi-typescript's rendering of
 * the document this version of the server serves at /openapi.json. The document is taken from
 * the app itself, built in-process on an empty in-memory database (no route is called), so the
 * generated types are exactly the routes' schemas. `npm run client` writes it;
 * test/clients/typescript-client.test.ts fails when the committed file differs.
 */
import openapiTS, { astToString } from 'openapi-typescript';
import { buildApp } from '../src/http/app.ts';
import { Keyring } from '../src/security/encryption.ts';
import { createServices } from '../src/services/index.ts';
import { openDatabase } from '../src/store/database.ts';

export const CLIENT_SCHEMA_FILE = new URL('../clients/typescript/schema.d.ts', import.meta.url);

const BANNER = `/**
 * The Callwise API's types, generated from its OpenAPI document by openapi-typescript.
 * Do not edit: run \`npm run client\` in the Callwise repository to regenerate this file.
 */

`;

/** The OpenAPI document the server serves, as an object. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const database = await openDatabase({});
  try {
    const app = await buildApp({ services: createServices(database, Keyring.parse(Keyring.generateKey())) });
    try {
      await app.ready();
      // Through JSON, as a client fetching /openapi.json sees it.
      return JSON.parse(JSON.stringify(app.swagger())) as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

/** The text of schema.d.ts for a document. */
export async function clientSchemaSource(document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(document as never);
  return BANNER + astToString(ast);
}
