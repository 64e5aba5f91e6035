/**
 * PostgreSQL LISTEN/NOTIFY between processes. A change that other processes cache (an API key
 * revoked) is announced with NOTIFY in the transaction that makes it, so it is delivered exactly
 * when — and only if — the change commits; every server process listens on a dedicated connection
 * of its own (a pooled one would be handed to queries and lose its LISTEN).
 *
 * Notifications sent while a listener is not connected are lost, never queued. So the listener
 * reconnects after any loss, with the same capped, jittered backoff as the start-up wait, and
 * tells its owner each time it is listening (again): whatever it caches may have changed unseen.
 * A connection that dies silently (a partition) is found by a periodic round trip that must be
 * answered in time.
 */
import pg from 'pg';
import { backoffDelay, connectionErrorText } from './wait-for-database.ts';

/** Channels, one per kind of change. The payload names what changed. */
export const API_KEY_REVOKED_CHANNEL = 'callwise_api_key_revoked';

export interface NotificationHandlers {
  /** A notification on the channel, with its payload. */
  notification(payload: string): void;
  /** Listening started, or started again after a loss: anything sent meanwhile was missed. */
  listening(): void;
  /** The connection was lost or could not be made; the next attempt is in `retryInMs`. */
  lost?(info: { attempt: number; retryInMs: number; error: string }): void;
}

export interface Listener {
  close(): Promise<void>;
}

export interface ListenOptions {
  readonly connectionTimeoutMs?: number;
  /** How often the connection is checked by a round trip (default 10 s), and how long it has to answer (default 5 s). */
  readonly heartbeatMs?: number;
  readonly heartbeatTimeoutMs?: number;
  /** First pause after a loss and the cap (default 250 ms and 5 s). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** Shown in pg_stat_activity, so an operator (or a test) can tell the listener's connection apart. */
const LISTENER_APPLICATION_NAME = 'callwise-listener';

export function listenOnPostgres(connectionString: string, channel: string, handlers: NotificationHandlers, options: ListenOptions = {}): Listener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  let closed = false;
  let client: pg.Client | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;

  const drop = (current: pg.Client) => {
    current.removeAllListeners('notification');
    // Not end(): on a connection that stopped answering it would wait for a reply forever.
    current.connection.stream.destroy();
  };

  const connect = async (): Promise<void> => {
    retry = undefined;
    if (closed) return;
    const current = new pg.Client({
      connectionString,
      application_name: LISTENER_APPLICATION_NAME,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
      query_timeout: options.heartbeatTimeoutMs ?? 5_000,
      keepAlive: true,
    });
    client = current;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      clearInterval(heartbeat);
      drop(current);
      if (closed) return;
      failures++;
      const retryInMs = backoffDelay(failures, options.initialDelayMs ?? 250, options.maxDelayMs ?? 5_000);
      handlers.lost?.({ attempt: failures, retryInMs, error: connectionErrorText(error) });
      retry = setTimeout(() => void connect(), retryInMs);
      retry.unref();
    };
    current.on('error', fail);
    current.on('end', () => fail(new Error('the connection ended')));
    current.on('notification', (message) => {
      if (message.channel === channel) handlers.notification(message.payload ?? '');
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${channel}`);
    } catch (error) {
      fail(error);
      return;
    }
    if (failed || closed) {
      if (closed) drop(current);
      return;
    }
    failures = 0;
    heartbeat = setInterval(() => {
      current.query('select 1').catch(fail);
    }, heartbeatMs);
    heartbeat.unref();
    handlers.listening();
  };

  void connect();
  return {
    close: async () => {
      closed = true;
      clearTimeout(retry);
      clearInterval(heartbeat);
      const current = client;
      if (!current) return;
      current.removeAllListeners('notification');
      await Promise.race([current.end().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
      current.connection.stream.destroy();
    },
  };
}
