/**
 * A lender's webhook receiver on 127.0.0.1, as the README tells lenders to write one: it verifies
 * every delivery with the `standardwebhooks` package (the specification's own library, an oracle
 * independent of Callwise's signing) against the secrets it was given, deduplicates by
 * `webhook-id`, and keeps what it accepted in arrival order. Tests switch how it answers: 2xx, any
 * status (with Retry-After), hanging without an answer, or not listening at all.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export type ReceiverMode = { kind: 'ok' } | { kind: 'status'; status: number; retryAfter?: string } | { kind: 'hang' };

export interface ReceivedEvent {
  readonly id: string;
  readonly type: string;
  readonly timestamp: string;
  readonly data: Record<string, unknown>;
  readonly rawBody: string;
  readonly signature: string;
}

export class WebhookReceiver {
  readonly #server: http.Server;
  #port = 0;
  #secrets: string[] = [];
  mode: ReceiverMode = { kind: 'ok' };
  /** Every request, in arrival order (also those refused or answered with a failure). */
  readonly requests: Array<{ id: string; status: number | 'hung'; verified: boolean }> = [];
  /** Accepted events, first delivery of each id only, in arrival order. */
  readonly accepted: ReceivedEvent[] = [];
  /** Deliveries of an id already accepted (at-least-once: expected only after a lost answer). */
  duplicates = 0;
  readonly #hung = new Set<http.ServerResponse>();

  private constructor() {
    this.#server = http.createServer((req, res) => void this.#handle(req, res));
  }

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await receiver.listen();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}/hooks/callwise`;
  }

  /** The secrets verification accepts (any one signature under any one of them). */
  trust(...secrets: string[]): void {
    this.#secrets = secrets;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(this.#port, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  /** Stops listening (connections are refused) until listen() again, on the same port. */
  async down(): Promise<void> {
    this.#release();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Verifies with the oracle; null if no trusted secret verifies it. */
  verify(rawBody: string, headers: Record<string, string>): Record<string, unknown> | null {
    for (const secret of this.#secrets) {
      try {
        return new Webhook(secret).verify(rawBody, headers) as Record<string, unknown>;
      } catch {
        // the next secret
      }
    }
    return null;
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const headers = {
      'webhook-id': String(req.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
    };
    const id = headers['webhook-id'];
    const mode = this.mode;
    if (mode.kind === 'hang') {
      this.requests.push({ id, status: 'hung', verified: false });
      this.#hung.add(res);
      return;
    }
    if (mode.kind === 'status') {
      this.requests.push({ id, status: mode.status, verified: false });
      res.writeHead(mode.status, mode.retryAfter ? { 'retry-after': mode.retryAfter } : {}).end('nope');
      return;
    }
    const payload = this.verify(rawBody, headers);
    if (!payload) {
      this.requests.push({ id, status: 401, verified: false });
      res.writeHead(401).end();
      return;
    }
    this.requests.push({ id, status: 204, verified: true });
    if (this.accepted.some((e) => e.id === id)) this.duplicates++;
    else
      this.accepted.push({
        id,
        type: payload.type as string,
        timestamp: payload.timestamp as string,
        data: payload.data as Record<string, unknown>,
        rawBody,
        signature: headers['webhook-signature'],
      });
    res.writeHead(204).end();
  }

  #release(): void {
    for (const res of this.#hung) res.destroy();
    this.#hung.clear();
  }

  async close(): Promise<void> {
    this.#release();
    this.#server.closeAllConnections();
    if (this.#server.listening) await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
