import net from 'node:net';
import { after } from 'node:test';

/**
 * Fails any outbound connection to a host that is not loopback (DESIGN.md "Testing": third
 * parties are local fakes on 127.0.0.1 and a guard fails anything else).
 *
 * Two layers: `globalThis.fetch` is wrapped so a stray URL fails at once with a clear message,
 * and `net.Socket.prototype.connect` — which `http`, `https`, `tls` and undici all go through —
 * refuses non-loopback hosts before any DNS lookup. Every refusal is recorded; when installed
 * from a test file, an `after` hook fails the file if anything was refused, even if the code
 * under test swallowed the error.
 *
 * Usage, at the top of a test file: `installNetworkGuard();`
 */

export class NetworkGuardError extends Error {
  override readonly name = 'NetworkGuardError';
}

export interface NetworkGuard {
  /** Hosts (with port) that something tried to reach. */
  readonly violations: readonly string[];
  /** Throws when anything was refused. */
  assertClean(): void;
  uninstall(): void;
}

interface State {
  violations: string[];
  originalFetch: typeof fetch;
  originalConnect: typeof net.Socket.prototype.connect;
  users: number;
}

let state: State | undefined;

export function isLoopback(host: string | undefined): boolean {
  if (host === undefined || host === '') return true; // Node's default host is localhost.
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h) || /^::ffff:127(?:\.\d{1,3}){3}$/.test(h);
}

/** Host and port from the many shapes `Socket#connect` accepts; undefined for IPC paths. */
function targetOf(args: unknown[]): { host: string | undefined; port: unknown } | undefined {
  // net.connect() passes one pre-normalised array: [options, callback].
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (first !== null && typeof first === 'object') {
    const o = first as { host?: string; port?: unknown; path?: string };
    if (o.path !== undefined && o.port === undefined) return undefined;
    return { host: o.host, port: o.port };
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { host: typeof args[1] === 'string' ? args[1] : undefined, port: first };
  }
  return undefined; // a pipe/socket path
}

export function installNetworkGuard(options: { failAtEnd?: boolean } = {}): NetworkGuard {
  if (!state) {
    const current: State = {
      violations: [],
      originalFetch: globalThis.fetch,
      // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be put back on the prototype, never called loose
      originalConnect: net.Socket.prototype.connect,
      users: 0,
    };
    state = current;

    globalThis.fetch = async function guardedFetch(input: string | URL | Request, init?: RequestInit) {
      const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const url = new URL(href);
      if (!isLoopback(url.hostname)) {
        current.violations.push(`${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`);
        throw new NetworkGuardError(`network guard: request to non-loopback host ${url.hostname} refused`);
      }
      return current.originalFetch(input, init);
    };

    net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
      const target = targetOf(args);
      if (target && !isLoopback(target.host)) {
        current.violations.push(`${target.host}:${String(target.port)}`);
        const err = new NetworkGuardError(`network guard: connection to non-loopback host ${target.host} refused`);
        // Fail the way a refused connection fails: asynchronously, through the socket.
        process.nextTick(() => this.destroy(err));
        return this;
      }
      return (current.originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    };
  }
  const active = state;
  active.users++;
  if (options.failAtEnd !== false) {
    after(() => {
      if (active.violations.length > 0) {
        throw new NetworkGuardError(`network guard: non-loopback connections attempted: ${active.violations.join(', ')}`);
      }
    });
  }
  return {
    get violations() {
      return active.violations;
    },
    assertClean() {
      if (active.violations.length > 0) throw new NetworkGuardError(`network guard: non-loopback connections attempted: ${active.violations.join(', ')}`);
    },
    uninstall() {
      if (state !== active || --active.users > 0) return;
      globalThis.fetch = active.originalFetch;
      net.Socket.prototype.connect = active.originalConnect;
      state = undefined;
    },
  };
}
