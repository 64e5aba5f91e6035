/**
 * Re-encrypts personal data written with an older key version under the current one, so an old
 * key can be retired. Works in pages, each in its own transaction, so it can run against a live
 * database and be interrupted and resumed safely (each value is decrypted and re-encrypted whole).
 */
import type { Keyring } from '../security/encryption.ts';
import type { Db } from '../store/database.ts';
import { piiContext } from './customer-mapper.ts';

const PAGE = 500;

export interface RotationReport {
  readonly customersScanned: number;
  readonly valuesReEncrypted: number;
}

/**
 * `extraSecrets` re-encrypts other sealed values in one transaction after the customers and
 * returns how many it rewrote: the CLI passes LmsConfigService.reEncrypt (LMS credentials).
 */
export async function reEncryptCustomers(db: Db, keyring: Keyring, extraSecrets?: (trx: Db) => Promise<number>): Promise<RotationReport> {
  let scanned = 0;
  let reEncrypted = 0;
  let after: { companyId: string; id: string } | null = null;
  for (;;) {
    const cursor: { companyId: string; id: string } | null = after;
    const page = await db.transaction().execute(async (trx) => {
      let q = trx.selectFrom('customers').select(['company_id', 'id', 'birthday_enc', 'ssn_last_four_enc']);
      if (cursor) {
        q = q.where((eb) => eb.or([eb('company_id', '>', cursor.companyId), eb.and([eb('company_id', '=', cursor.companyId), eb('id', '>', cursor.id)])]));
      }
      const rows = await q.orderBy('company_id').orderBy('id').limit(PAGE).forUpdate().execute();
      for (const row of rows) {
        const changes: { birthday_enc?: string; ssn_last_four_enc?: string } = {};
        for (const [column, field] of [
          ['birthday_enc', 'birthday'],
          ['ssn_last_four_enc', 'ssnLastFour'],
        ] as const) {
          const envelope = row[column];
          if (envelope === null || !keyring.isStale(envelope)) continue;
          const context = piiContext(row.company_id, row.id, field);
          changes[column] = keyring.encrypt(keyring.decrypt(envelope, context), context);
          reEncrypted++;
        }
        if (Object.keys(changes).length > 0) {
          await trx.updateTable('customers').set(changes).where('company_id', '=', row.company_id).where('id', '=', row.id).execute();
        }
      }
      return rows;
    });
    scanned += page.length;
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    after = { companyId: last.company_id, id: last.id };
  }
  if (extraSecrets) reEncrypted += await db.transaction().execute(extraSecrets);
  return { customersScanned: scanned, valuesReEncrypted: reEncrypted };
}
