import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { buildCustomer, canonicalDate, dateFromIso, toCents } from './canonical.ts';
import type { LmsCustomer, LoanRole } from './connector.ts';
import type { LoanFacts } from './loan-selection.ts';

/**
 * A product-neutral description of an LMS's borrowers and loans, written the way a lender's
 * data really looks (punctuated phones, ZIP+4, full SSNs, state names). The embedded demo LMS
 * is one such file (`demo/demo-lms.json`); the test fakes render one into each product's wire
 * shapes, so every connector can be held to the same expected canonical output.
 */

const Money = Type.Union([Type.String({ pattern: '^-?\\d+(\\.\\d+)?$' }), Type.Number()]);
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

const SourcePhoneSchema = Type.Object(
  {
    number: Type.String(),
    type: Type.Union([Type.Literal('mobile'), Type.Literal('home'), Type.Literal('work'), Type.Literal('fax'), Type.Literal('other')]),
    primary: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const SourceAddressSchema = Type.Object(
  {
    line1: Type.String(),
    line2: Type.Optional(Type.String()),
    city: Type.String(),
    state: Type.String(),
    zip: Type.String(),
    /** Free-form county/area note for humans reading the file (e.g. why this ZIP is a hard case). */
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const SourceCustomerSchema = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    firstName: Type.Optional(Type.String()),
    lastName: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    /** Full, fictitious; cut to the last four when read. */
    ssn: Type.Optional(Type.String()),
    birthday: Type.Optional(IsoDate),
    phones: Type.Optional(Type.Array(SourcePhoneSchema)),
    address: Type.Optional(SourceAddressSchema),
    /** Only where the LMS would hold one; most borrowers have none. */
    timezone: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const Role = Type.Union([Type.Literal('primary'), Type.Literal('co-borrower'), Type.Literal('other')]);
const Status = Type.Union([
  Type.Literal('pending'),
  Type.Literal('active'),
  Type.Literal('paid_off'),
  Type.Literal('charged_off'),
  Type.Literal('closed'),
  Type.Literal('other'),
]);

export const SourceLoanSchema = Type.Object(
  {
    id: Type.String({ pattern: '^\\d{1,15}$' }),
    displayId: Type.Optional(Type.String()),
    borrowers: Type.Array(Type.Object({ customerId: Type.String(), role: Role }, { additionalProperties: false }), { minItems: 1 }),
    status: Status,
    /** The LMS's own words; defaults to the canonical status. */
    rawStatus: Type.Optional(Type.String()),
    principalBalance: Money,
    /** Past due plus the installment due on `nextDueDate`. */
    amountDue: Money,
    /** The overdue part of `amountDue`; fakes need it to render Fineract's summary. */
    pastDue: Type.Optional(Money),
    daysPastDue: Type.Integer({ minimum: 0 }),
    nextDueDate: Type.Union([IsoDate, Type.Null()]),
    asOf: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

export const SourceDatasetSchema = Type.Object(
  {
    description: Type.Optional(Type.String()),
    /** The date the loan figures describe, unless a loan says otherwise. */
    asOf: IsoDate,
    customers: Type.Array(SourceCustomerSchema),
    loans: Type.Array(SourceLoanSchema),
  },
  { additionalProperties: false },
);

export type SourceCustomer = Static<typeof SourceCustomerSchema>;
export type SourceLoan = Static<typeof SourceLoanSchema>;
export type SourceDataset = Static<typeof SourceDatasetSchema>;

/** Validates shape and cross-references (unique ids, borrowers exist, one primary per loan). */
export function validateDataset(input: unknown): SourceDataset {
  if (!Value.Check(SourceDatasetSchema, input)) {
    const problems = [...Value.Errors(SourceDatasetSchema, input)].slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new Error(`invalid LMS dataset: ${problems.join('; ')}`);
  }
  const data = input;
  const customerIds = new Set<string>();
  for (const c of data.customers) {
    if (customerIds.has(c.id)) throw new Error(`invalid LMS dataset: duplicate customer id ${c.id}`);
    customerIds.add(c.id);
  }
  const loanIds = new Set<string>();
  for (const loan of data.loans) {
    if (loanIds.has(loan.id)) throw new Error(`invalid LMS dataset: duplicate loan id ${loan.id}`);
    loanIds.add(loan.id);
    if (loan.borrowers.filter((b) => b.role === 'primary').length !== 1)
      throw new Error(`invalid LMS dataset: loan ${loan.id} needs exactly one primary borrower`);
    for (const b of loan.borrowers)
      if (!customerIds.has(b.customerId)) throw new Error(`invalid LMS dataset: loan ${loan.id} names unknown customer ${b.customerId}`);
  }
  return data;
}

export function customerFromSource(c: SourceCustomer): LmsCustomer {
  return buildCustomer({
    lmsCustomerId: c.id,
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    phones: (c.phones ?? []).map((p) => ({ raw: p.number, kind: p.type, primary: p.primary === true })),
    ...(c.address ? { address: { line1: c.address.line1, line2: c.address.line2, city: c.address.city, state: c.address.state, zip: c.address.zip } } : {}),
    birthday: c.birthday,
    birthdayParser: dateFromIso,
    ssn: c.ssn,
    timezone: c.timezone,
  });
}

export function loanFactsFromSource(loan: SourceLoan, datasetAsOf: string): LoanFacts {
  const cents = (v: string | number) => {
    const c = toCents(v);
    if (c === undefined) throw new Error(`invalid LMS dataset: loan ${loan.id} has an unreadable amount`);
    return c;
  };
  return {
    loanId: loan.id,
    ...(loan.displayId ? { displayId: loan.displayId } : {}),
    status: loan.status,
    rawStatus: loan.rawStatus ?? loan.status,
    currency: 'USD',
    balanceCents: cents(loan.principalBalance),
    amountDueCents: cents(loan.amountDue),
    daysPastDue: loan.daysPastDue,
    nextDueDate: loan.nextDueDate === null ? null : (canonicalDate(loan.nextDueDate) ?? null),
    asOf: loan.asOf ?? datasetAsOf,
  };
}

export function partiesFromSource(loan: SourceLoan): Array<{ customerId: string; role: LoanRole }> {
  return loan.borrowers.map((b) => ({ customerId: b.customerId, role: b.role }));
}
