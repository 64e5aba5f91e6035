/**
 * HTTP over a bare TCP socket, for what no HTTP client will send: broken syntax, oversized header
 * blocks, a body that stalls, headers that never finish. Bytes go out exactly as given, and
 * whatever comes back is collected until the server closes the connection (or the test gives up).
 */
import net from 'node:net';

export interface RawExchange {
  /** Everything the server sent, as received. */
  readonly bytes: Buffer;
  /** The first response in it, if it holds one. */
  readonly response: RawResponse | undefined;
  /** True when the server closed (or reset) the connection; false when the test gave up first. */
  readonly closedByServer: boolean;
  /** Milliseconds from the first byte sent to the close (or to giving up). */
  readonly ms: number;
}

export interface RawResponse {
  readonly status: number;
  /** Header names in lower case; a repeated header keeps its last value. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface RawOptions {
  /** Give up after this long without the server closing the connection. Default 10 s. */
  readonly timeoutMs?: number;
  /** Pause between the parts written. Default 0. */
  readonly pauseMs?: number;
}

function parseResponse(bytes: Buffer): RawResponse | undefined {
  const text = bytes.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!status) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const start = end + 4;
  const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
  const body = bytes.subarray(start, length === undefined ? undefined : start + length).toString('utf8');
  return { status: Number(status[1]), headers, body };
}

/**
 * Connects to 127.0.0.1:port, writes each part in turn (pausing between them if asked) without
 * ever closing our side, and collects the answer until the server closes the connection.
 */
export async function rawExchange(port: number, parts: ReadonlyArray<string | Buffer>, options: RawOptions = {}): Promise<RawExchange> {
  const socket = net.connect({ host: '127.0.0.1', port });
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const started = performance.now();
  let closed = false;
  const done = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), options.timeoutMs ?? 10_000);
    // A reset after the answer still counts as the server closing the connection.
    socket.on('error', () => {});
    socket.once('close', () => {
      closed = true;
      clearTimeout(timer);
      resolve(true);
    });
  });
  for (const part of parts) {
    if (closed) break;
    socket.write(part);
    if (options.pauseMs) await Promise.race([new Promise((resolve) => setTimeout(resolve, options.pauseMs)), done]);
  }
  const closedByServer = await done;
  const ms = performance.now() - started;
  socket.destroy();
  const bytes = Buffer.concat(chunks);
  return { bytes, response: parseResponse(bytes), closedByServer, ms };
}
