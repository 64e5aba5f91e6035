/**
 * The shape every background worker shares: a round of work run when woken — by a NOTIFY on a
 * channel (PostgreSQL), by a poll in any case (work comes due without any write; PGlite has no
 * other process to notify it), or by the worker itself — never two rounds at once, and one more
 * right after when woken during a round. A failed round is logged (kind and scrubbed message only)
 * and the next wake tries again.
 */
import { loggableError } from './observability/loggable-error.ts';
import type { DatabaseHandle } from './store/database.ts';
import type { Listener } from './store/notifications.ts';

export interface WorkLoopLog {
  warn(obj: object, msg?: string): void;
}

export class WorkLoop {
  readonly #database: DatabaseHandle;
  readonly #channel: string;
  readonly #pollMs: number;
  readonly #log: WorkLoopLog;
  readonly #name: string;
  readonly #round: () => Promise<void>;
  #timer: NodeJS.Timeout | undefined;
  #listener: Listener | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  constructor(options: { database: DatabaseHandle; channel: string; pollMs: number; log: WorkLoopLog; name: string; round: () => Promise<void> }) {
    this.#database = options.database;
    this.#channel = options.channel;
    this.#pollMs = options.pollMs;
    this.#log = options.log;
    this.#name = options.name;
    this.#round = options.round;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  start(): void {
    this.#listener = this.#database.listen(this.#channel, { notification: () => this.wake(), listening: () => this.wake() });
    this.#timer = setInterval(() => this.wake(), this.#pollMs);
    this.#timer.unref();
    this.wake();
  }

  /** Runs a round now, or right after the current one. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
    });
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      try {
        await this.#round();
      } catch (error) {
        this.#log.warn({ err: loggableError(error) }, `${this.#name} round failed`);
        return;
      }
    } while (this.#again && !this.#stopped);
  }

  /** No new rounds; resolves when the current one has finished. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#listener?.close();
    await this.#running;
  }
}
