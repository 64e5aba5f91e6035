/**
 * The customer contract's rules: validation beyond the schema, normalisation, task-type matching,
 * encryption of PII, and the transactions that write customers. Rows are mapped to API objects here
 * and never leave this layer.
 */
import type { Customer, CustomerPage } from '../domain/customer.js';
import { type CustomerFields, normaliseCustomerFields } from '../domain/customer-fields.js';
import { DomainError, type FieldError, ValidationError, pointerOf } from '../domain/errors.js';
import type { Keyring } from '../security/encryption.js';
import type { Db } from '../store/database.js';
import * as customers from '../store/repositories/customers.js';
import type { CustomerRow, CustomerRowChanges, NewCustomerRow } from '../store/repositories/customers.js';
import { linkLoanReferences } from '../store/repositories/loans.js';
import { findTaskType, listTaskTypes } from '../store/repositories/task-types.js';
import type { Clock } from './clock.js';

/** A request body as received, plus the structural errors its schema already found. */
export interface CheckedBody {
  readonly body: unknown;
  readonly schemaErrors: readonly FieldError[];
}

export interface ListCustomersQuery {
  readonly test?: boolean;
  readonly doNotCall?: boolean;
  readonly taskType?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export const DEFAULT_PAGE_SIZE = 20;

export class CustomerService {
  constructor(
    private readonly db: Db,
    private readonly keyring: Keyring,
    private readonly clock: Clock,
  ) {}

  async create(companyId: string, input: CheckedBody): Promise<Customer> {
    const body = asRecord(input.body);
    const sync = body.sync === true;
    const { fields, errors } = normaliseCustomerFields(body, {
      requireAll: !sync,
      allowNull: false,
      now: this.clock(),
      skip: pointers(input.schemaErrors),
    });
    const allErrors = [...input.schemaErrors, ...errors];
    const taskType = await this.resolveTaskType(companyId, fields.taskType, allErrors);
    if (allErrors.length > 0) throw await this.validationError(companyId, allErrors);
    if (sync) {
      throw new DomainError('lms_not_configured', 'sync: true needs a loan management system configured for your company; none is.');
    }
    const now = this.clock();
    const row = this.toNewRow(companyId, { ...fields, taskType }, now);
    const stored = await this.db.transaction().execute(async (trx) => {
      const inserted = await customers.insertCustomer(trx, row);
      if (!inserted) return undefined;
      const loanRefs = [...(fields.loanIds ?? []), ...(fields.loanId ? [fields.loanId] : [])];
      await linkLoanReferences(trx, companyId, inserted.id, [...new Set(loanRefs)]);
      return inserted;
    });
    if (!stored) {
      throw new DomainError('customer_exists', 'A customer with this id already exists in your company. Use PATCH /customers/{id} or POST /customers/schedule/sync to change it.');
    }
    return this.toCustomer(stored);
  }

  async get(companyId: string, id: string): Promise<Customer> {
    const row = await customers.findCustomer(this.db, companyId, id);
    if (!row) throw notFound();
    return this.toCustomer(row);
  }

  async list(companyId: string, query: ListCustomersQuery): Promise<CustomerPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await customers.listCustomers(this.db, {
      companyId,
      limit,
      ...(query.test === undefined ? {} : { isTest: query.test }),
      ...(query.doNotCall === undefined ? {} : { doNotCall: query.doNotCall }),
      ...(query.taskType === undefined ? {} : { taskType: query.taskType }),
      ...(after ? { after } : {}),
    });
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const last = page.at(-1);
    return {
      data: page.map((row) => this.toCustomer(row)),
      hasMore,
      nextCursor: hasMore && last ? encodeCursor(last) : null,
    };
  }

  async update(companyId: string, id: string, input: CheckedBody): Promise<Customer> {
    const body = asRecord(input.body);
    const { fields, errors } = normaliseCustomerFields(body, {
      requireAll: false,
      allowNull: true,
      now: this.clock(),
      skip: pointers(input.schemaErrors),
    });
    const allErrors = [...input.schemaErrors, ...errors];
    if (fields.id !== undefined && fields.id !== id) {
      allErrors.push({ pointer: '/id', detail: 'cannot be changed: a customer keeps the id it was created with' });
    }
    const taskType = await this.resolveTaskType(companyId, fields.taskType, allErrors);
    if (allErrors.length > 0) throw await this.validationError(companyId, allErrors);
    const stored = await this.db.transaction().execute(async (trx) => {
      const current = await customers.lockCustomer(trx, companyId, id);
      if (!current) return undefined;
      const changes = this.toChanges(companyId, id, { ...fields, ...(taskType ? { taskType } : {}) }, this.clock());
      return customers.updateCustomer(trx, companyId, id, changes);
    });
    if (!stored) throw notFound();
    return this.toCustomer(stored);
  }

  async delete(companyId: string, id: string): Promise<void> {
    if (!(await customers.deleteCustomer(this.db, companyId, id))) throw notFound();
  }

  /** The company's spelling of `requested`, or undefined with an error added to `errors`. */
  private async resolveTaskType(companyId: string, requested: string | undefined, errors: FieldError[]) {
    if (requested === undefined) return undefined;
    const found = await findTaskType(this.db, companyId, requested);
    if (found) return found.name;
    errors.push({ pointer: '/taskType', detail: 'is not one of your company\'s task types (see validTaskTypes)' });
    return undefined;
  }

  private async validationError(companyId: string, errors: FieldError[]): Promise<ValidationError> {
    const taskTypeFailed = errors.some((e) => e.pointer === '/taskType');
    if (!taskTypeFailed) return new ValidationError(errors);
    const validTaskTypes = (await listTaskTypes(this.db, companyId)).map((t) => t.name);
    const error = new ValidationError(errors, { validTaskTypes });
    // A lone bad task type keeps the dedicated code integrations written for the seed expect.
    if (errors.length === 1) return Object.assign(error, { code: 'invalid_task_type' as const });
    return error;
  }

  private toNewRow(companyId: string, f: CustomerFields & { taskType?: string | undefined }, now: Date): NewCustomerRow {
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
      created_at: now,
      updated_at: now,
    };
  }

  private toChanges(companyId: string, id: string, f: CustomerFields, now: Date): CustomerRowChanges {
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

  toCustomer(row: CustomerRow): Customer {
    // Built in the seed contract's field order, so responses read like its examples.
    const fields: Array<[string, unknown]> = [
      ['firstName', row.first_name],
      ['lastName', row.last_name],
      ['id', row.id],
      ['email', row.email],
      ['birthday', this.open(row.company_id, row.id, 'birthday', row.birthday_enc)],
      ['ssnLastFour', this.open(row.company_id, row.id, 'ssnLastFour', row.ssn_last_four_enc)],
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
      ['externalMetadata', row.external_metadata],
      ['createdAt', row.created_at.toISOString()],
      ['updatedAt', row.updated_at.toISOString()],
    ];
    const customer: Record<string, unknown> = {};
    for (const [key, value] of fields) if (value !== null && value !== undefined) customer[key] = value;
    return customer as unknown as Customer;
  }
}

/** Additional authenticated data binding a ciphertext to its row and column. */
export function piiContext(companyId: string, customerId: string, field: string): string {
  return `customers/${companyId}/${customerId}/${field}`;
}

function notFound(): DomainError {
  return new DomainError('customer_not_found', 'No customer with this id exists in your company.');
}

function asRecord(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function pointers(errors: readonly FieldError[]): Set<string> {
  return new Set(errors.map((e) => e.pointer));
}

function encodeCursor(row: CustomerRow): string {
  return Buffer.from(JSON.stringify([row.created_at_key, row.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) && value.length === 2 &&
      typeof value[0] === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(value[0]) &&
      typeof value[1] === 'string'
    ) {
      return { createdAt: value[0], id: value[1] };
    }
  } catch {
    // fall through: any undecodable cursor is the same client error
  }
  throw new ValidationError([{ pointer: pointerOf('cursor'), detail: 'is not a cursor this API returned' }]);
}
