import type { Client } from 'openapi-fetch';
import type { paths } from './schema.d.ts';

export type { components, operations, paths } from './schema.d.ts';

export interface CallwiseClientOptions {
  /** Where the Callwise server is, e.g. https://callwise.example.com (no trailing path). */
  readonly baseUrl: string;
  /** Your company's API key; sent as X-API-Key with every request. */
  readonly apiKey: string;
  /** A fetch to use instead of the global one (tests, proxies). */
  readonly fetch?: (input: Request) => Promise<Response>;
}

/** openapi-fetch's client over the Callwise API: GET, POST, PUT, PATCH, DELETE by path, fully typed. */
export type CallwiseClient = Client<paths>;

export declare function createCallwiseClient(options: CallwiseClientOptions): CallwiseClient;
