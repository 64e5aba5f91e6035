// The Callwise API client: openapi-fetch, typed by schema.d.ts (generated from the API's
// /openapi.json by `npm run client` in the Callwise repository). Plain JavaScript, so that it
// runs unchanged in Node, in a bundler and in a browser (the operator console loads this file).
import createClient from 'openapi-fetch';

/**
 * A client for one Callwise server and one API key: every request carries the key in X-API-Key.
 * @param {import('./index.d.ts').CallwiseClientOptions} options
 * @returns {import('./index.d.ts').CallwiseClient}
 */
export function createCallwiseClient(options) {
  const { baseUrl, apiKey, fetch: fetchImpl } = options;
  return createClient({
    baseUrl,
    headers: { 'X-API-Key': apiKey },
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}
