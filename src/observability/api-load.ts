/**
 * How busy the API is, for the work that runs beside it in the same process (the webhook sender):
 * requests being served now, and when the last one began or ended. The HTTP layer writes it (a
 * hook on every request, http/app.ts); background workers read it and, while the API is busy,
 * take only a bounded share of the process (webhook-sender.ts). Data flows one way: nothing here
 * calls back into either side.
 */
import { performance } from 'node:perf_hooks';

/** What a background worker reads: whether the API is busy now. */
export interface ApiLoadReading {
  busy(): boolean;
}

/** A request ended this recently still counts as busy: a client about to send its next one. */
const QUIET_AFTER_MS = 50;

export class ApiLoad implements ApiLoadReading {
  #inFlight = 0;
  #lastAt = Number.NEGATIVE_INFINITY;

  /** Requests being served. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** A request arrived. */
  started(): void {
    this.#inFlight++;
    this.#lastAt = performance.now();
  }

  /** A request was answered, or its client went away. */
  finished(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    this.#lastAt = performance.now();
  }

  /** A request is being served, or one began or ended within the last 50 ms. */
  busy(): boolean {
    return this.#inFlight > 0 || performance.now() - this.#lastAt < QUIET_AFTER_MS;
  }
}
