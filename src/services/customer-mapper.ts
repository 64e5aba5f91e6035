/**
 * Between customer rows and the API: builds rows from normalised fields (encrypting PII on the
 * way in) and API objects from rows (decrypting on the way out). The only place that knows both
 * shapes.
 */
import type { Customer } from '../schemas/customer.ts';
import type { CustomerFields } from '../domain/customer-fields.ts';
import { parseExactJson } from '../domain/exact-json.ts';
import type { ProvenanceMap } from '../domain/lms-merge.ts';
import { callingStopped, EMPTY_STANDING, parseStanding } from '../domain/consent.ts';
import type { Keyring } from '../security/encryption.ts';
import type { CustomerRow, CustomerRowChanges, NewCustomerRow } from '../store/repositories/customers.ts';

/** What the API shows of a stored customer row. */
type CustomerView = Pick<
  CustomerRow,
  | 'company_id'
  | 'id'
  | 'first_name'
  | 'last_name'
  | 'email'
  | 'birthday_enc'
  | 'ssn_last_four_enc'
  | 'timezone'
  | 'phone_number'
  | 'street_address1'
  | 'street_address2'
  | 'city'
  | 'state'
  | 'zip_code'
  | 'do_not_call'
  | 'is_test'
  | 'task_type'
  | 'external_metadata'
  | 'stop_reason'
  | 'schedule_stopped_at'
  | 'consent'
  | 'provenance'
  | 'created_at'
  | 'updated_at'
>;

/** Values of a row that its caller already has in the clear. */
interface KnownValues {
  readonly birthday?: string | null | undefined;
  readonly ssnLastFour?: string | null | undefined;
  readonly externalMetadata?: Record<string, unknown> | null | undefined;
}

/** Additional authenticated data binding a ciphertext to its row and column. */
export function piiContext(companyId: string, customerId: string, field: string): string {
  return `customers/${companyId}/${customerId}/${field}`;
}

/** Fields whose change alters where or whether the customer may be called: they rebuild the plan. */
export const SCHEDULE_FIELDS: ReadonlyArray<keyof CustomerFields> = [
  'phoneNumber',
  'streetAddress1',
  'streetAddress2',
  'city',
  'state',
  'zipCode',
  'timezone',
  'doNotCall',
  'taskType',
  // Tasks carry the test flag, so a customer turned into (or out of) a test customer is re-planned.
  'isTest',
];

export class CustomerMapper {
  private readonly keyring: Keyring;

  constructor(keyring: Keyring) {
    this.keyring = keyring;
  }

  newRow(companyId: string, f: CustomerFields, now: Date): NewCustomerRow {
    const id = f.id!;
    return {
      company_id: companyId,
      id,
      first_name: f.firstName ?? null,
      last_name: f.lastName ?? null,
      email: f.email ?? null,
      birthday_enc: this.seal(companyId, id, 'birthday', f.birthday),
      ssn_last_four_enc: this.seal(companyId, id, 'ssnLastFour', f.ssnLastFour),
      timezone: f.timezone ?? null,
      phone_number: f.phoneNumber ?? null,
      street_address1: f.streetAddress1 ?? null,
      street_address2: f.streetAddress2 ?? null,
      city: f.city ?? null,
      state: f.state ?? null,
      zip_code: f.zipCode ?? null,
      do_not_call: f.doNotCall ?? false,
      is_test: f.isTest ?? false,
      task_type: f.taskType!,
      external_metadata: f.externalMetadata == null ? null : JSON.stringify(f.externalMetadata),
      loan_id: f.loanId ?? null,
      provenance: null,
      created_at: now,
      updated_at: now,
    };
  }

  changes(companyId: string, id: string, f: CustomerFields, now: Date): CustomerRowChanges {
    const changes: CustomerRowChanges = { updated_at: now };
    if (f.firstName !== undefined) changes.first_name = f.firstName;
    if (f.lastName !== undefined) changes.last_name = f.lastName;
    if (f.email !== undefined) changes.email = f.email;
    if (f.birthday !== undefined) changes.birthday_enc = this.seal(companyId, id, 'birthday', f.birthday);
    if (f.ssnLastFour !== undefined) changes.ssn_last_four_enc = this.seal(companyId, id, 'ssnLastFour', f.ssnLastFour);
    if (f.timezone !== undefined) changes.timezone = f.timezone;
    if (f.phoneNumber !== undefined) changes.phone_number = f.phoneNumber;
    if (f.streetAddress1 !== undefined) changes.street_address1 = f.streetAddress1;
    if (f.streetAddress2 !== undefined) changes.street_address2 = f.streetAddress2;
    if (f.city !== undefined) changes.city = f.city;
    if (f.state !== undefined) changes.state = f.state;
    if (f.zipCode !== undefined) changes.zip_code = f.zipCode;
    if (f.doNotCall !== undefined) changes.do_not_call = f.doNotCall;
    if (f.isTest !== undefined) changes.is_test = f.isTest;
    if (f.taskType !== undefined) changes.task_type = f.taskType;
    if (f.loanId !== undefined) changes.loan_id = f.loanId;
    if (f.externalMetadata !== undefined) {
      changes.external_metadata = f.externalMetadata === null ? null : JSON.stringify(f.externalMetadata);
    }
    return changes;
  }

  private seal(companyId: string, id: string, field: string, value: string | null | undefined): string | null {
    if (value == null) return null;
    return this.keyring.encrypt(value, piiContext(companyId, id, field));
  }

  private open(companyId: string, id: string, field: string, envelope: string | null): string | undefined {
    return envelope === null ? undefined : this.keyring.decrypt(envelope, piiContext(companyId, id, field));
  }

  /**
   * The customer a create is about to store, as the API will return it once stored: every value
   * is decided before the write, so the answer (and an Idempotency-Key's stored response) can
   * travel with the write instead of being built from its result.
   */
  toNewCustomer(row: NewCustomerRow, fields: CustomerFields, provenance: ProvenanceMap | undefined): Customer {
    return this.toCustomer(
      {
        ...row,
        // A customer created again over kept records shows what it inherited (services/retained-records.ts).
        stop_reason: row.stop_reason ?? null,
        schedule_stopped_at: null,
        consent: row.consent === undefined ? EMPTY_STANDING : parseStanding(JSON.parse(row.consent)),
        provenance: provenance ?? null,
      },
      { birthday: fields.birthday, ssnLastFour: fields.ssnLastFour, externalMetadata: fields.externalMetadata },
    );
  }

  /**
   * The API customer of a stored row. `known`, when the caller has the values itself (a create
   * has just encrypted the PII and serialised the metadata), spares decrypting and parsing them
   * again.
   */
  toCustomer(row: CustomerView, known?: KnownValues): Customer {
    // Built in the seed contract's field order, so responses read like its examples.
    const fields: Array<[string, unknown]> = [
      ['firstName', row.first_name],
      ['lastName', row.last_name],
      ['id', row.id],
      ['email', row.email],
      ['birthday', known ? (known.birthday ?? undefined) : this.open(row.company_id, row.id, 'birthday', row.birthday_enc)],
      ['ssnLastFour', known ? (known.ssnLastFour ?? undefined) : this.open(row.company_id, row.id, 'ssnLastFour', row.ssn_last_four_enc)],
      ['timezone', row.timezone],
      ['phoneNumber', row.phone_number],
      ['streetAddress1', row.street_address1],
      ['streetAddress2', row.street_address2],
      ['city', row.city],
      ['state', row.state],
      ['zipCode', row.zip_code],
      ['doNotCall', row.do_not_call],
      ['isTest', row.is_test],
      ['taskType', row.task_type],
      // Its text as stored, numbers as they were sent (domain/exact-json.ts).
      ['externalMetadata', known ? known.externalMetadata : row.external_metadata === null ? null : parseExactJson(row.external_metadata)],
      ['stopReason', row.stop_reason],
      ['scheduleStoppedAt', row.schedule_stopped_at?.toISOString()],
      // The consumer's revocation in force for the number: what doNotCall: false does not undo.
      ['callingStopped', callingStopped(parseStanding(row.consent), row.phone_number)],
      // Only synced customers have one: where each value came from (caller, lms, zip).
      ['provenance', row.provenance],
      ['createdAt', row.created_at.toISOString()],
      ['updatedAt', row.updated_at.toISOString()],
    ];
    const customer: Record<string, unknown> = {};
    for (const [key, value] of fields) if (value !== null && value !== undefined) customer[key] = value;
    return customer as unknown as Customer;
  }
}
