/**
 * Holds every configured encryption key version to the key the database first saw under it. A
 * regenerated or mistyped key used to be accepted: readiness was green, every read of an encrypted
 * field failed, and new values were sealed under the wrong key with the same version label, so no
 * single key could read the database any more. Now the database records a fingerprint of each
 * version's key (Keyring.fingerprint; never the key) the first time a process starts with it, and
 * every start — server, worker or CLI — refuses a key that does not match.
 *
 * A version without a recorded fingerprint (a new version being rotated in, or a database that
 * predates fingerprints) is first tried on a bounded sample of the values already stored under it:
 * if none of them opens, its key is refused and nothing is recorded. With no such values the key
 * is recorded as given.
 */
import type { Keyring } from '../security/encryption.ts';
import type { Db } from '../store/database.ts';
import * as keys from '../store/repositories/encryption-keys.ts';
import { piiContext } from './customer-mapper.ts';
import { lmsConfigContext } from './lms-configs.ts';

export class EncryptionKeyMismatch extends Error {}

/** Rows read to try a version that has no fingerprint yet (each table). */
const SAMPLE_ROWS = 200;

/**
 * Throws EncryptionKeyMismatch, naming the version and where the key came from (`source`: the
 * variable or file, never the key), when a configured key is not the one the database knows;
 * otherwise records the fingerprints of versions used for the first time.
 */
export async function checkEncryptionKeys(db: Db, keyring: Keyring, source: string): Promise<void> {
  const refuse = (version: number, why: string) =>
    new EncryptionKeyMismatch(
      `encryption key version ${version} from ${source} is not the key this database knows as version ${version}: ${why}. ` +
        `Start with the original key for version ${version}; to change keys, add a new version and rotate (README, "Encryption keys").`,
    );
  const recorded = await keys.recordedFingerprints(db);
  for (const version of keyring.versions) {
    const known = recorded.get(version);
    if (known !== undefined && known !== keyring.fingerprint(version)) {
      throw refuse(version, 'its fingerprint differs from the one recorded when the version was first used');
    }
  }
  const unrecorded = keyring.versions.filter((version) => !recorded.has(version));
  if (unrecorded.length === 0) return;
  const tried = await tryStoredValues(db, keyring, new Set(unrecorded));
  for (const version of unrecorded) {
    const tally = tried.get(version);
    if (tally && tally.opened === 0 && tally.failed > 0) throw refuse(version, `it cannot decrypt the values already stored under version ${version}`);
  }
  for (const version of unrecorded) await keys.recordFingerprint(db, version, keyring.fingerprint(version));
  // Another process starting at the same moment may have recorded the version first, with its key.
  const now = await keys.recordedFingerprints(db);
  for (const version of unrecorded) {
    if (now.get(version) !== keyring.fingerprint(version)) throw refuse(version, 'another process recorded a different key for it');
  }
}

/**
 * Whether the database has fingerprints to check yet: false only for `callwise migrate` opening a
 * database from before them (the next start checks, once it is migrated).
 */
export function fingerprintsExist(db: Db): Promise<boolean> {
  return keys.encryptionKeysTableExists(db);
}

/** For each version asked about: how many sampled values it opened and how many it failed. */
async function tryStoredValues(db: Db, keyring: Keyring, versions: ReadonlySet<number>): Promise<Map<number, { opened: number; failed: number }>> {
  const sealed: Array<{ envelope: string; context: string }> = [];
  for (const row of await keys.sampleSealedCustomerValues(db, SAMPLE_ROWS)) {
    if (row.birthday_enc !== null) sealed.push({ envelope: row.birthday_enc, context: piiContext(row.company_id, row.id, 'birthday') });
    if (row.ssn_last_four_enc !== null) sealed.push({ envelope: row.ssn_last_four_enc, context: piiContext(row.company_id, row.id, 'ssnLastFour') });
  }
  for (const row of await keys.sampleSealedLmsConfigs(db, SAMPLE_ROWS)) sealed.push({ envelope: row.config_enc, context: lmsConfigContext(row.company_id) });
  const tally = new Map<number, { opened: number; failed: number }>();
  for (const { envelope, context } of sealed) {
    const version = Number(/^v(\d+)\./.exec(envelope)?.[1]);
    if (!versions.has(version)) continue;
    const counts = tally.get(version) ?? { opened: 0, failed: 0 };
    try {
      keyring.decrypt(envelope, context);
      counts.opened++;
    } catch {
      counts.failed++;
    }
    tally.set(version, counts);
  }
  return tally;
}
