/**
 * A revoked API key stops working everywhere within a second. Each app instance below has its own
 * pool, services and key cache over one PostgreSQL database — as separate server processes do —
 * and caches the key before it is revoked; the revocation comes from another instance, or from a
 * runtime opened the way the CLI opens one. PostgreSQL announces it (NOTIFY in the revoking
 * transaction) and every instance drops the key, instead of trusting its cache for 10 s.
 *
 * An instance whose listening connection is cut misses what is announced meanwhile: when it is
 * listening again it drops its whole cache. On PGlite (one process) the in-process revocation is
 * immediate, as before.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/runtime.ts';
import { Keyring } from '../../src/security/encryption.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { openDatabase, type DatabaseHandle } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrations/index.ts';
import { createPostgresDatabase } from '../helpers/database.ts';
import { DEMO_KEY, startTestApp, type TestApp } from '../helpers/app.ts';
import { AuthService } from '../../src/services/auth.ts';
import { TcpProxy } from '../faults/tcp-proxy.ts';

const WITHIN_MS = 1_000;

interface Instance {
  readonly app: FastifyInstance;
  readonly services: Services;
  readonly handle: DatabaseHandle;
  /** The status GET /task-types answers with this key. */
  status(key: string): Promise<number>;
  close(): Promise<void>;
}

async function instance(url: string, keyring: Keyring): Promise<Instance> {
  const handle = await openDatabase({ databaseUrl: url, poolSize: 3 });
  const services = createServices(handle, keyring);
  const app = await buildApp({ services, logger: false });
  await app.ready();
  return {
    app,
    services,
    handle,
    status: async (key) => (await app.inject({ method: 'GET', url: '/task-types', headers: { 'x-api-key': key } })).statusCode,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

/** Milliseconds until `check` holds, polling every 10 ms; fails after `limitMs`. */
async function msUntil(what: string, check: () => Promise<boolean>, limitMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    const elapsed = performance.now() - started;
    if (elapsed > limitMs) assert.fail(`${what}: still not so after ${Math.round(elapsed)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe(
  'a revoked key stops working in every process within a second (postgres)',
  { skip: !process.env.TEST_DATABASE_URL && 'needs PostgreSQL (TEST_DATABASE_URL)' },
  () => {
    const keyring = Keyring.parse(Keyring.generateKey());
    let database: { url: string; drop: () => Promise<void> };
    let a: Instance;
    let b: Instance;
    let companyId: string;

    before(async () => {
      database = await createPostgresDatabase();
      const setup = await openDatabase({ databaseUrl: database.url });
      await migrateToLatest(setup.db);
      await setup.close();
      a = await instance(database.url, keyring);
      b = await instance(database.url, keyring);
      companyId = (await a.services.companies.createCompany('Revocations Inc', { taskTypes: ['collections'] })).id;
    });
    after(async () => {
      await a?.close();
      await b?.close();
      await database?.drop();
    });

    /** A new key that both instances have authenticated, and so cached. */
    async function cachedKey(...instances: Instance[]) {
      const key = await a.services.companies.createApiKey(companyId);
      for (const each of instances) assert.equal(await each.status(key.secret), 200);
      return key;
    }

    it('revoked through one instance: the other answers 401 within a second', async () => {
      const key = await cachedKey(a, b);
      await a.services.companies.revokeApiKey(key.id);
      assert.equal(await a.status(key.secret), 401, 'at once where it was revoked');
      const ms = await msUntil('the other instance refuses the key', async () => (await b.status(key.secret)) === 401, WITHIN_MS);
      assert.ok(ms < WITHIN_MS, `${Math.round(ms)} ms`);
    });

    it('revoked as the CLI does (a runtime of its own): both answer 401 within a second', async () => {
      const key = await cachedKey(a, b);
      const cli = await openRuntime(loadConfig({ DATABASE_URL: database.url, CALLWISE_ENCRYPTION_KEY: Keyring.generateKey() }), { migrate: false });
      try {
        await cli.services.companies.revokeApiKey(key.id);
      } finally {
        await cli.close();
      }
      for (const [name, each] of [
        ['a', a],
        ['b', b],
      ] as const) {
        const ms = await msUntil(`instance ${name} refuses the key`, async () => (await each.status(key.secret)) === 401, WITHIN_MS);
        assert.ok(ms < WITHIN_MS, `${name}: ${Math.round(ms)} ms`);
      }
    });

    it('a revocation that is rolled back announces nothing: the key keeps working', async () => {
      const key = await cachedKey(a, b);
      await assert.rejects(
        a.services.db.transaction().execute(async (trx) => {
          await trx.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', key.id).execute();
          await trx.selectNoFrom((eb) => eb.fn('pg_notify', [eb.val('callwise_api_key_revoked'), eb.val(key.id)]).as('n')).execute();
          throw new Error('changed my mind');
        }),
        /changed my mind/,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(await b.status(key.secret), 200);
    });

    it('an instance whose listening connection was cut drops its whole cache when it listens again, then hears revocations again', async () => {
      const direct = new URL(database.url);
      const proxy = await TcpProxy.start({ host: direct.hostname || '127.0.0.1', port: Number(direct.port || 5432) });
      const proxied = new URL(database.url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(proxy.port);
      const c = await instance(proxied.toString(), keyring);
      try {
        // Listening before the key is cached (the first LISTEN drops the cache, as every one does).
        await new Promise((resolve) => setTimeout(resolve, 300));
        const missed = await cachedKey(a, c);
        const cachedAt = performance.now();

        proxy.down();
        await a.services.companies.revokeApiKey(missed.id);
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.ok(await c.services.auth.authenticate(missed.secret), 'cut off, the instance missed the announcement and still trusts its cache');
        proxy.up();

        await msUntil('the instance refuses the key it missed', async () => (await c.services.auth.authenticate(missed.secret)) === null, 6_000);
        const sinceCached = performance.now() - cachedAt;
        assert.ok(sinceCached < 9_000, `refused ${Math.round(sinceCached)} ms after it was cached: the reconnection did it, not the 10-s expiry`);

        const later = await cachedKey(a, c);
        await a.services.companies.revokeApiKey(later.id);
        const ms = await msUntil('the reconnected instance hears a revocation', async () => (await c.status(later.secret)) === 401, WITHIN_MS);
        assert.ok(ms < WITHIN_MS, `${Math.round(ms)} ms`);
      } finally {
        await c.close();
        await proxy.close();
      }
    });
  },
);

describe('the key cache (pglite)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('pglite');
  });
  after(() => t.close());

  /** An AuthService over the test database that counts the key lookups it sends, and can hold their answers back. */
  function countingAuth() {
    let lookups = 0;
    let held: Array<() => void> | undefined;
    const db = t.services.db.withPlugin({
      transformQuery: (args) => {
        if (args.node.kind === 'SelectQueryNode' && JSON.stringify(args.node).includes('"api_keys"')) lookups++;
        return args.node;
      },
      transformResult: async (args) => {
        if (held) await new Promise<void>((resolve) => held!.push(resolve));
        return args.result;
      },
    });
    return {
      auth: new AuthService(db),
      lookups: () => lookups,
      hold: () => {
        held = [];
      },
      release: () => {
        const waiting = held ?? [];
        held = undefined;
        for (const resolve of waiting) resolve();
      },
    };
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it('concurrent requests with one uncached key share one database read', async () => {
    const { auth, lookups } = countingAuth();
    const results = await Promise.all(Array.from({ length: 25 }, () => auth.authenticate(DEMO_KEY)));
    assert.ok(results.every((p) => p?.companyId === t.companyId));
    assert.equal(lookups(), 1);
    await auth.authenticate(DEMO_KEY);
    assert.equal(lookups(), 1, 'then cached');
    auth.forgetAll();
    await Promise.all(Array.from({ length: 5 }, () => auth.authenticate(DEMO_KEY)));
    assert.equal(lookups(), 2, 'dropped: read again, once');
  });

  it('a read under way when keys are forgotten is not cached', async () => {
    const { auth, lookups, hold, release } = countingAuth();
    hold();
    const early = auth.authenticate(DEMO_KEY);
    await settle();
    auth.forgetAll(); // a revocation announced while the read was under way
    release();
    assert.ok(await early);
    await auth.authenticate(DEMO_KEY);
    assert.equal(lookups(), 2, 'the next request read again');
    await auth.authenticate(DEMO_KEY);
    assert.equal(lookups(), 2, 'and that read was cached');
  });

  it('nor shared with requests that arrive after the forget', async () => {
    const { auth, lookups, hold, release } = countingAuth();
    hold();
    const early = auth.authenticate(DEMO_KEY);
    await settle();
    auth.forgetKey('any-key-id');
    const late = auth.authenticate(DEMO_KEY);
    await settle();
    release();
    await Promise.all([early, late]);
    assert.equal(lookups(), 2, 'the later request read for itself');
  });
});

describe('revocation on PGlite (one process)', () => {
  it('applies at once, as before', async () => {
    const t = await startTestApp('pglite');
    try {
      const key = await t.services.companies.createApiKey(t.companyId);
      assert.equal((await t.request('GET', '/task-types', { key: key.secret })).statusCode, 200);
      await t.services.companies.revokeApiKey(key.id);
      assert.equal((await t.request('GET', '/task-types', { key: key.secret })).statusCode, 401);
    } finally {
      await t.close();
    }
  });
});
