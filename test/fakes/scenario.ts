import type { SourceDataset } from '../../src/lms/dataset.ts';

/**
 * The one product-neutral scenario every fake LMS is seeded from (lms-connectors.md §4.3).
 * Values are written the way lenders' data looks — punctuated phones, ZIP+4, state names in
 * any case, SSNs with and without dashes — and each fake renders them into its product's wire
 * shapes. `scenario-expected.ts` holds, written by hand, what every connector must return.
 *
 * Ids are numeric because LoanPro and Fineract ids are. All people are fictitious: phones in
 * 555-0100..0199, SSNs in area 666 (never issued), e-mail on the reserved `.test` domain.
 *
 * Hard cases covered: multi-zone states (Boise ID, Pensacola/Panama City FL panhandle, Ontario
 * OR in Malheur County, Chinle AZ on the Navajo Nation, Gary IN), a leap-day and a pre-1970
 * birthday (negative `/Date()/`), missing optional fields, an unusable phone, a co-borrower,
 * several loans (paged when the page size is small), paid-off, charged-off and pending loans,
 * money that floats cannot hold exactly (1999.99), and a borrower the LMS knows a timezone for
 * (only the demo format can carry one).
 */
export const SCENARIO_AS_OF = '2026-11-20';

export const SCENARIO: SourceDataset = {
  asOf: SCENARIO_AS_OF,
  customers: [
    {
      id: '1001',
      firstName: 'Ana',
      lastName: 'Reyes',
      email: 'ana.reyes@example.test',
      ssn: '666-40-7319',
      birthday: '1990-01-01',
      phones: [
        { number: '(208) 555-0143', type: 'mobile', primary: true },
        { number: '208.555.0178', type: 'home' },
      ],
      address: { line1: '1207 W Franklin St', line2: 'Apt 4', city: 'Boise', state: 'Idaho', zip: '83702-5531' },
      timezone: 'America/Boise',
    },
    {
      id: '1002',
      firstName: 'Marcus',
      lastName: 'Bell',
      phones: [{ number: '850-555-0111', type: 'mobile', primary: true }],
      address: { line1: '415 E Romana St', city: 'Pensacola', state: 'fl', zip: '32502' },
    },
    {
      id: '1003',
      firstName: 'Lena',
      lastName: 'Ortiz',
      email: 'lena.ortiz@example.test',
      ssn: '666528804',
      birthday: '1988-02-29',
      phones: [{ number: '+1 850 555 0127', type: 'mobile', primary: true }],
      address: { line1: '22 Harrison Ave', city: 'Panama City', state: 'FL', zip: '32401' },
    },
    {
      id: '1004',
      firstName: 'Walter',
      lastName: 'Greene',
      email: 'wgreene@example.test',
      ssn: '666-19-2046',
      birthday: '1958-07-04',
      phones: [{ number: '541-555-0199', type: 'home', primary: true }],
      address: { line1: '88 SW 4th Ave', city: 'Ontario', state: 'OR', zip: '97914' },
    },
    {
      id: '1005',
      firstName: 'Priya',
      lastName: 'Nand',
      email: 'priya.nand@example.test',
      ssn: '666-71-3390',
      birthday: '1979-10-12',
      phones: [{ number: '555-0100', type: 'mobile', primary: true }],
      address: { line1: '600 Broadway', city: 'Gary', state: 'IN', zip: '46402' },
    },
    {
      id: '1006',
      firstName: 'Dale',
      lastName: 'Whitehorse',
      email: 'dale.whitehorse@example.test',
      ssn: '666-05-8817',
      birthday: '1969-12-31',
      phones: [{ number: '(928) 555-0165', type: 'mobile', primary: true }],
      address: { line1: 'Navajo Route 12', city: 'Chinle', state: 'AZ', zip: '86503' },
    },
  ],
  loans: [
    {
      id: '5001',
      displayId: 'LN-5001',
      borrowers: [{ customerId: '1001', role: 'primary' }],
      status: 'active',
      principalBalance: '3120.55',
      amountDue: '460.00',
      pastDue: '230.00',
      daysPastDue: 19,
      nextDueDate: '2026-12-01',
    },
    {
      id: '5002',
      displayId: 'LN-5002',
      borrowers: [{ customerId: '1001', role: 'primary' }],
      status: 'paid_off',
      principalBalance: '0.00',
      amountDue: '0.00',
      pastDue: '0.00',
      daysPastDue: 0,
      nextDueDate: null,
    },
    {
      id: '5003',
      displayId: 'LN-5003',
      borrowers: [
        { customerId: '1003', role: 'primary' },
        { customerId: '1002', role: 'co-borrower' },
      ],
      status: 'active',
      principalBalance: '7450.10',
      amountDue: '315.25',
      pastDue: '0.00',
      daysPastDue: 0,
      nextDueDate: '2026-12-05',
    },
    {
      id: '5004',
      displayId: 'LN-5004',
      borrowers: [{ customerId: '1002', role: 'primary' }],
      status: 'active',
      principalBalance: '1999.99',
      amountDue: '120.00',
      pastDue: '0.00',
      daysPastDue: 0,
      nextDueDate: '2026-11-28',
    },
    {
      id: '5005',
      displayId: 'LN-5005',
      borrowers: [{ customerId: '1004', role: 'primary' }],
      status: 'charged_off',
      principalBalance: '4210.00',
      amountDue: '4210.00',
      pastDue: '4210.00',
      daysPastDue: 187,
      nextDueDate: null,
    },
    {
      id: '5006',
      displayId: 'LN-5006',
      borrowers: [{ customerId: '1006', role: 'primary' }],
      status: 'active',
      principalBalance: '880.40',
      amountDue: '95.00',
      pastDue: '0.00',
      daysPastDue: 0,
      nextDueDate: '2026-11-25',
    },
    {
      id: '5007',
      displayId: 'LN-5007',
      borrowers: [{ customerId: '1006', role: 'primary' }],
      status: 'active',
      principalBalance: '2650.00',
      amountDue: '450.00',
      pastDue: '300.00',
      daysPastDue: 45,
      nextDueDate: '2026-12-02',
    },
    {
      id: '5008',
      displayId: 'LN-5008',
      borrowers: [{ customerId: '1006', role: 'primary' }],
      status: 'pending',
      principalBalance: '0.00',
      amountDue: '0.00',
      pastDue: '0.00',
      daysPastDue: 0,
      nextDueDate: null,
    },
  ],
};

/** An id no fake knows. */
export const UNKNOWN_CUSTOMER_ID = '9999';
export const UNKNOWN_LOAN_ID = '9998';
