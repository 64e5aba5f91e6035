/**
 * The API key for this tab only: sessionStorage (gone when the tab closes, never sent anywhere
 * but in X-API-Key to this server, never in a cookie or a URL), and the typed client bound to it.
 */
import { createCallwiseClient, type CallwiseClient } from '@callwise/client';

const STORAGE_KEY = 'callwise.apiKey';

export function storedKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function keepKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

export function clientFor(key: string): CallwiseClient {
  return createCallwiseClient({ baseUrl: location.origin, apiKey: key });
}

/** Thrown when the API refuses the key mid-session (revoked): the console signs out. */
export class KeyRefused extends Error {}
