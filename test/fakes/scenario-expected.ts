import type { LmsCapabilities, LmsCustomer, LmsLoan } from '../../src/lms/connector.ts';

/**
 * What every connector must return for `SCENARIO`, written out by hand (not computed with the
 * code under test). `expectedFor` trims it to what a connector's declared capabilities allow.
 */

export const EXPECTED_CUSTOMERS: Readonly<Record<string, LmsCustomer>> = {
  '1001': {
    lmsCustomerId: '1001',
    firstName: 'Ana',
    lastName: 'Reyes',
    email: 'ana.reyes@example.test',
    phoneNumber: '+12085550143',
    streetAddress1: '1207 W Franklin St',
    streetAddress2: 'Apt 4',
    city: 'Boise',
    state: 'ID',
    zipCode: '83702',
    birthday: '1990-01-01',
    ssnLastFour: '7319',
    timezone: 'America/Boise',
    warnings: [],
  },
  '1002': {
    lmsCustomerId: '1002',
    firstName: 'Marcus',
    lastName: 'Bell',
    phoneNumber: '+18505550111',
    streetAddress1: '415 E Romana St',
    city: 'Pensacola',
    state: 'FL',
    zipCode: '32502',
    warnings: [],
  },
  '1003': {
    lmsCustomerId: '1003',
    firstName: 'Lena',
    lastName: 'Ortiz',
    email: 'lena.ortiz@example.test',
    phoneNumber: '+18505550127',
    streetAddress1: '22 Harrison Ave',
    city: 'Panama City',
    state: 'FL',
    zipCode: '32401',
    birthday: '1988-02-29',
    ssnLastFour: '8804',
    warnings: [],
  },
  '1004': {
    lmsCustomerId: '1004',
    firstName: 'Walter',
    lastName: 'Greene',
    email: 'wgreene@example.test',
    phoneNumber: '+15415550199',
    streetAddress1: '88 SW 4th Ave',
    city: 'Ontario',
    state: 'OR',
    zipCode: '97914',
    birthday: '1958-07-04',
    ssnLastFour: '2046',
    warnings: [],
  },
  '1005': {
    lmsCustomerId: '1005',
    firstName: 'Priya',
    lastName: 'Nand',
    email: 'priya.nand@example.test',
    streetAddress1: '600 Broadway',
    city: 'Gary',
    state: 'IN',
    zipCode: '46402',
    birthday: '1979-10-12',
    ssnLastFour: '3390',
    warnings: [{ code: 'invalid_phone', field: 'phoneNumber' }],
  },
  '1006': {
    lmsCustomerId: '1006',
    firstName: 'Dale',
    lastName: 'Whitehorse',
    email: 'dale.whitehorse@example.test',
    phoneNumber: '+19285550165',
    streetAddress1: 'Navajo Route 12',
    city: 'Chinle',
    state: 'AZ',
    zipCode: '86503',
    birthday: '1969-12-31',
    ssnLastFour: '8817',
    warnings: [],
  },
};

type LoanFigures = Omit<LmsLoan, 'customerId' | 'role' | 'borrowers' | 'rawStatus' | 'displayId'>;

const AS_OF = '2026-11-20';
const figures = (
  loanId: string,
  status: LmsLoan['status'],
  balanceCents: number,
  amountDueCents: number,
  daysPastDue: number,
  nextDueDate: string | null,
): LoanFigures => ({
  loanId,
  status,
  currency: 'USD',
  balanceCents,
  amountDueCents,
  daysPastDue,
  nextDueDate,
  asOf: AS_OF,
});

export const EXPECTED_LOANS: Readonly<Record<string, { figures: LoanFigures; borrowers: LmsLoan['borrowers'] }>> = {
  '5001': { figures: figures('5001', 'active', 312055, 46000, 19, '2026-12-01'), borrowers: [{ customerId: '1001', role: 'primary' }] },
  '5002': { figures: figures('5002', 'paid_off', 0, 0, 0, null), borrowers: [{ customerId: '1001', role: 'primary' }] },
  '5003': {
    figures: figures('5003', 'active', 745010, 31525, 0, '2026-12-05'),
    borrowers: [
      { customerId: '1003', role: 'primary' },
      { customerId: '1002', role: 'co-borrower' },
    ],
  },
  '5004': { figures: figures('5004', 'active', 199999, 12000, 0, '2026-11-28'), borrowers: [{ customerId: '1002', role: 'primary' }] },
  '5005': { figures: figures('5005', 'charged_off', 421000, 421000, 187, null), borrowers: [{ customerId: '1004', role: 'primary' }] },
  '5006': { figures: figures('5006', 'active', 88040, 9500, 0, '2026-11-25'), borrowers: [{ customerId: '1006', role: 'primary' }] },
  '5007': { figures: figures('5007', 'active', 265000, 45000, 45, '2026-12-02'), borrowers: [{ customerId: '1006', role: 'primary' }] },
  '5008': { figures: figures('5008', 'pending', 0, 0, 0, null), borrowers: [{ customerId: '1006', role: 'primary' }] },
};

/** The comparable part of a loan: everything but the LMS's own words and numbering. */
export type ComparableLoan = Omit<LmsLoan, 'rawStatus' | 'displayId'>;

export function comparable(loan: LmsLoan): ComparableLoan {
  const { rawStatus: _raw, displayId: _display, ...rest } = loan;
  return rest;
}

/** The expected customer, minus the fields this connector can never supply. */
export function expectedCustomer(id: string, capabilities: LmsCapabilities): LmsCustomer {
  const full = EXPECTED_CUSTOMERS[id];
  if (!full) throw new Error(`no expected customer ${id}`);
  const out: Record<string, unknown> = { lmsCustomerId: full.lmsCustomerId, warnings: full.warnings };
  for (const field of capabilities.customerFields) if (full[field] !== undefined) out[field] = full[field];
  return out as unknown as LmsCustomer;
}

function visibleBorrowers(loanId: string, capabilities: LmsCapabilities): LmsLoan['borrowers'] {
  const entry = EXPECTED_LOANS[loanId];
  if (!entry) throw new Error(`no expected loan ${loanId}`);
  return capabilities.coBorrowers ? entry.borrowers : entry.borrowers.filter((b) => b.role === 'primary');
}

/** The loan as `customerId` (default: its primary) sees it, or undefined if they are not on it. */
export function expectedLoan(loanId: string, capabilities: LmsCapabilities, customerId?: string): ComparableLoan | undefined {
  const entry = EXPECTED_LOANS[loanId];
  if (!entry) throw new Error(`no expected loan ${loanId}`);
  const borrowers = visibleBorrowers(loanId, capabilities);
  const party = customerId === undefined ? borrowers[0] : borrowers.find((b) => b.customerId === customerId);
  if (!party) return undefined;
  return { ...entry.figures, customerId: party.customerId, role: party.role, borrowers };
}

/** All loans `customerId` is on, sorted by loan id. */
export function expectedLoansOf(customerId: string, capabilities: LmsCapabilities): ComparableLoan[] {
  return Object.keys(EXPECTED_LOANS)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((id) => expectedLoan(id, capabilities, customerId))
    .filter((l): l is ComparableLoan => l !== undefined);
}
