/**
 * Opens everything a Callwise process needs from its configuration: the database (migrated), the
 * encryption keyring and the services. Shared by the server and the CLI so both see one system.
 */
import type { Config } from './config.ts';
import { ConfigError } from './config.ts';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { KEY_FILE_NAME, Keyring, loadOrCreateKeyFile } from './security/encryption.ts';
import { checkDurability } from './services/durability-check.ts';
import { checkEncryptionKeys, EncryptionKeyMismatch, fingerprintsExist } from './services/encryption-key-check.ts';
import { createServices, type Services } from './services/index.ts';
import type { Clock } from './services/clock.ts';
import { embeddedHandle, openDatabase } from './store/database.ts';
import { migrateToLatest } from './store/migrations/index.ts';
import { lockDataDir } from './store/data-dir-lock.ts';
import { takeEarlyOpening } from './store/early-open.ts';
import { restrictDataDir } from './store/data-dir-permissions.ts';
import { databaseSecrets, databaseTarget, type StartupLog, waitForDatabase } from './store/wait-for-database.ts';

export interface Runtime {
  readonly services: Services;
  /** True when this start created the embedded key file (first start). */
  readonly createdKeyFile: boolean;
  close(): Promise<void>;
}

function loadKeyring(config: Config): { keyring: Keyring; created: boolean } {
  if (config.encryptionKey) return { keyring: Keyring.parse(config.encryptionKey), created: false };
  if (config.databaseUrl) {
    // Every process of a PostgreSQL deployment must share one key; a per-host key file would
    // make rows written by one process unreadable to the others.
    throw new ConfigError('CALLWISE_ENCRYPTION_KEY is required with DATABASE_URL (generate one with: npx callwise encryption generate-key)');
  }
  return loadOrCreateKeyFile(config.dataDir);
}

/**
 * `waitForDatabase`: on PostgreSQL, keep trying to connect for DATABASE_CONNECT_TIMEOUT_SECONDS,
 * logging each retry there, before giving up (servers; the CLI fails at once).
 */
export async function openRuntime(config: Config, options: { clock?: Clock; migrate?: boolean; waitForDatabase?: StartupLog } = {}): Promise<Runtime> {
  // The server's start may have begun opening the embedded database already (store/early-open.ts).
  const early = config.databaseUrl ? undefined : takeEarlyOpening(config.dataDir);
  // Before the key file and the lock file are written in it.
  if (!config.databaseUrl) restrictDataDir(config.dataDir);
  const { keyring, created } = loadKeyring(config);
  const { database, unlock } = early
    ? await early.opened.then(({ session, unlock }) => ({ database: embeddedHandle(session), unlock }))
    : {
        unlock: config.databaseUrl ? () => {} : lockDataDir(config.dataDir),
        database: await openDatabase({
          databaseUrl: config.databaseUrl,
          dataDir: config.databaseUrl ? undefined : config.dataDir,
          poolSize: config.databasePoolSize,
        }),
      };
  const keySource = config.encryptionKey ? 'CALLWISE_ENCRYPTION_KEY' : path.join(config.dataDir, KEY_FILE_NAME);
  try {
    const log = options.waitForDatabase;
    if (log && config.databaseUrl) {
      const target = databaseTarget(config.databaseUrl);
      const failed = await waitForDatabase(database.db, {
        timeoutMs: config.databaseConnectTimeoutSeconds * 1000,
        target,
        secrets: databaseSecrets(config.databaseUrl),
        onRetry: (retry) => log.warn({ database: target, ...retry }, 'database not reachable yet; retrying'),
      });
      if (failed > 0) log.info({ database: target, attempts: failed + 1 }, 'database reachable');
    }
    if (options.migrate !== false) await migrateToLatest(database.db);
    // Once per deployment start (the process that migrates): settings that let PostgreSQL lose
    // what Callwise has acknowledged are named in the log.
    if (log && config.databaseUrl && options.migrate !== false) {
      for (const { setting, value, risk } of await checkDurability(database.db)) log.warn({ setting, value }, `${setting}=${value} on PostgreSQL: ${risk}`);
    }
    // Before anything reads or writes an encrypted value: a wrong key is refused here, not met as
    // a 500 on every read while new values are sealed under it.
    if (options.migrate !== false || (await fingerprintsExist(database.db))) await checkEncryptionKeys(database.db, keyring, keySource);
  } catch (error) {
    await database.close();
    unlock();
    if (created && error instanceof EncryptionKeyMismatch) {
      // The key file was missing, so this start made a new one: it must not stay to be mistaken
      // for the key the data was written with.
      rmSync(keySource, { force: true });
      throw new EncryptionKeyMismatch(
        `${error.message} ${keySource} was missing, so a new key was made for this start and removed again: restore the key file from your backup.`,
      );
    }
    throw error;
  }
  const services = createServices(database, keyring, {
    ...(options.clock ? { clock: options.clock } : {}),
    rateLimitPerMinute: config.rateLimitPerMinute,
    groupCommit: config.groupCommit,
    webhooks: { development: config.development },
    dispatch: {
      publicUrl: config.publicUrl ?? null,
      // Unset settings are left out: the service's defaults apply.
      ...(config.dispatchLeaseMs === undefined ? {} : { dialLeaseMs: config.dispatchLeaseMs }),
      ...(config.dispatchDialTimeoutMs === undefined ? {} : { dialTimeoutMs: config.dispatchDialTimeoutMs }),
      ...(config.dispatchReconcileRetryMs === undefined ? {} : { reconcileRetryMs: config.dispatchReconcileRetryMs }),
    },
  });
  return {
    services,
    createdKeyFile: created,
    close: async () => {
      await database.close();
      unlock();
    },
  };
}
