/**
 * The customer contract, as the seed page defines it: field names, types and descriptions. These
 * schemas check structure (types, lengths, unknown fields); the rules a schema cannot say (real
 * phone numbers, IANA zones, USPS codes, calendar dates) live in domain/customer-fields.ts and
 * are described here for the reference.
 */
import { type Static, Type } from 'typebox';
import { SYNCABLE_FIELDS } from '../domain/lms-merge.ts';
import { CallingStoppedSchema } from './consent.ts';

const text = (maxLength: number, description: string, extra: Record<string, unknown> = {}) => Type.String({ maxLength, description, ...extra });

export const customerFieldSchemas = {
  id: text(
    255,
    "Your reference for the customer; it should match your own system's id. Unique within your company. Any characters but control characters; in a path, percent-encode it (encodeURIComponent: ACME/7 is /customers/ACME%2F7). `.` and `..` are refused: no URL can address them.",
    {
      minLength: 1,
      examples: ['CUST-10023'],
    },
  ),
  taskType: text(
    100,
    "Which kind of call schedule to build for the customer. Valid values are your company's task types (matched case-insensitively); an unknown one is refused with the list of valid ones.",
    { minLength: 1, examples: ['collections'] },
  ),
  firstName: text(100, "The customer's first name.", { examples: ['Ana'] }),
  lastName: text(100, "The customer's last name.", { examples: ['Reyes'] }),
  email: text(254, "The customer's e-mail address.", { examples: ['ana.reyes@example.com'] }),
  birthday: text(10, 'Date of birth as YYYY-MM-DD: a real date, not in the future, not before 1900.', { examples: ['1985-06-15'] }),
  ssnLastFour: text(4, 'The last four digits of the SSN, exactly four digits. Encrypted at rest.', { examples: ['1234'] }),
  timezone: text(
    64,
    "The customer's IANA time-zone name (America/New_York, America/Chicago; links such as US/Eastern are accepted and stored canonically). Abbreviations (EST), POSIX names (EST5EDT) and offsets are refused. Calls are only placed at lawful local hours.",
    { examples: ['America/Los_Angeles'] },
  ),
  phoneNumber: text(
    32,
    'The number to call, a US number in any common form ((415) 555-0100, 415.555.0100, +1 415 555 0100). Stored and returned as E.164 (+14155550100). Toll-free and premium numbers are refused.',
    { examples: ['+14155550100'] },
  ),
  streetAddress1: text(200, 'First line of the street address.', { examples: ['123 Main St'] }),
  streetAddress2: text(200, 'Second line of the street address, if any.', { examples: ['Apt 4B'] }),
  city: text(100, 'City.', { examples: ['San Francisco'] }),
  state: text(2, 'USPS state or territory code (CA, NY, DC, PR, AE…), any case; returned upper-case.', { examples: ['CA'] }),
  zipCode: text(10, 'ZIP code: 5 digits or ZIP+4.', { examples: ['94102'] }),
  doNotCall: Type.Boolean({ description: 'Never call this customer. Defaults to false.' }),
  isTest: Type.Boolean({ description: 'Marks a test customer (never called for real; filter with GET /customers?test=true).' }),
  test: Type.Boolean({ description: 'Same as isTest; the customer is a test customer if either is true. Responses always say isTest.' }),
  externalMetadata: Type.Object(
    {},
    {
      additionalProperties: true,
      description:
        'Any JSON object of your own (employer, pay schedule, other numbers…), at most 64 KiB; stored and returned exactly as given. Numbers keep the text you sent: 12345678901234567890, 1e400, -0 and 1.0e2 come back as written, never rounded. Any name is kept, __proto__ included; a name given twice in one object is refused (400, with its pointer), as in any body.',
      examples: [{ employer_name: 'Acme Corporation', pay_frequency: 'biweekly', pay_day: 'Friday' }],
    },
  ),
  loanIds: Type.Array(Type.Integer({ minimum: 1 }), {
    maxItems: 1000,
    description:
      "Loan ids in your LMS to import for this customer; all loans when omitted. Without an LMS they are recorded as the customer's loan references.",
    examples: [[123, 456, 789]],
  }),
  sync: Type.Boolean({
    description:
      'Fetch missing fields from your loan management system, using id (or loanId) to find the customer. Caller-supplied values win. Defaults to false.',
  }),
  loanId: text(100, 'One loan in your LMS used to find and enrich the customer (distinct from loanIds, which filters imports).', {
    minLength: 1,
    examples: ['67890'],
  }),
};

const f = customerFieldSchemas;

const ProvenanceValue = Type.Union([Type.Literal('caller'), Type.Literal('lms'), Type.Literal('zip')]);

/** Where a synced customer's values came from; absent for customers created without sync. */
const ProvenanceSchema = Type.Object(Object.fromEntries(SYNCABLE_FIELDS.map((field) => [field, Type.Optional(ProvenanceValue)])), {
  additionalProperties: false,
  description:
    'Only on customers created or updated with sync: true. For each stored field, where its value came from: caller (your request), lms (your loan management system) or zip (a timezone derived from the ZIP code). See docs/lms.md.',
  examples: [{ firstName: 'lms', phoneNumber: 'caller', timezone: 'zip' }],
});

/** A customer's own fields: what a create sends, an update changes and a read returns. */
const CustomerRecord = Type.Object({
  id: f.id,
  firstName: f.firstName,
  lastName: f.lastName,
  email: f.email,
  birthday: f.birthday,
  ssnLastFour: f.ssnLastFour,
  timezone: f.timezone,
  phoneNumber: f.phoneNumber,
  streetAddress1: f.streetAddress1,
  streetAddress2: f.streetAddress2,
  city: f.city,
  state: f.state,
  zipCode: f.zipCode,
  doNotCall: f.doNotCall,
  isTest: f.isTest,
  taskType: f.taskType,
  externalMetadata: f.externalMetadata,
});

/** What the request may add to the record: instructions for the create, not stored as such. */
const CreateInstructions = Type.Object({ test: f.test, loanIds: f.loanIds, sync: f.sync, loanId: f.loanId });

const IDENTITY = ['id', 'taskType'] as const;

export const CreateCustomerBody = Type.Object(
  {
    ...Type.Partial(CustomerRecord).properties,
    ...Type.Pick(CustomerRecord, IDENTITY).properties,
    ...Type.Partial(CreateInstructions).properties,
  },
  {
    additionalProperties: false,
    description: 'A customer to add. Without sync, also required: firstName, lastName, phoneNumber, timezone, streetAddress1, city, state, zipCode.',
  },
);
export type CreateCustomerBody = Static<typeof CreateCustomerBody>;

const nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Object>>(schema: T) =>
  Type.Union([schema, Type.Null()], { description: `${(schema as { description?: string }).description ?? ''} null clears it.` });

/** Optional fields an update may clear with null. */
const CLEARABLE = ['email', 'birthday', 'ssnLastFour', 'streetAddress2', 'externalMetadata'] as const;

export const UpdateCustomerBody = Type.Object(
  {
    ...Type.Partial(CustomerRecord).properties,
    ...Type.Partial(
      Type.Object(
        Object.fromEntries(CLEARABLE.map((name) => [name, nullable(f[name])])) as {
          [K in (typeof CLEARABLE)[number]]: ReturnType<typeof nullable<(typeof f)[K]>>;
        },
      ),
    ).properties,
    id: Type.Optional(Type.String({ description: 'May be sent, but must equal the path id: ids never change.' })),
    test: Type.Optional(f.test),
  },
  { additionalProperties: false, description: 'The fields to change; absent fields keep their values.' },
);

/** Always present in a stored customer; the record's other fields only when they have a value. */
const ALWAYS = ['id', 'doNotCall', 'isTest', 'taskType'] as const;

export const CustomerResponse = Type.Object(
  {
    // Spread in this order, the record's field order is kept (it is the order responses are written in).
    ...Type.Partial(CustomerRecord).properties,
    ...Type.Pick(CustomerRecord, ALWAYS).properties,
    stopReason: Type.Optional(
      Type.String({
        description: 'Why calls to this customer stopped: a flag such as ATTORNEY_REP or BANKRUPTCY on a recorded call. Absent while calls may go ahead.',
      }),
    ),
    scheduleStoppedAt: Type.Optional(
      Type.String({
        description:
          'When an operator stopped the schedule (POST /customers/{id}/schedule/stop): nothing is planned or dialled until it is resumed. Absent while the schedule runs.',
      }),
    ),
    callingStopped: Type.Optional(CallingStoppedSchema),
    provenance: Type.Optional(ProvenanceSchema),
    createdAt: Type.String({ description: 'When the customer was created (RFC 3339, UTC).' }),
    updatedAt: Type.String({ description: 'When the customer last changed (RFC 3339, UTC).' }),
  },
  { $id: 'Customer', description: 'A customer: every stored field that has a value.' },
);
/** A customer as the API returns it. */
export type Customer = Static<typeof CustomerResponse>;

export const CustomerIdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 255, description: 'Your customer id, percent-encoded (/, ? and # included).' }),
});

export const ListCustomersQuery = Type.Object(
  {
    test: Type.Optional(Type.Boolean({ description: 'Only test (true) or only real (false) customers.' })),
    taskType: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Only customers of this task type (case-insensitive).' })),
    doNotCall: Type.Optional(Type.Boolean({ description: 'Only customers with (true) or without (false) doNotCall.' })),
    stopped: Type.Optional(Type.Boolean({ description: 'Only customers whose calls were stopped (true: they have a stopReason) or not (false).' })),
    search: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description:
          "Only customers whose id, first name, last name or 'first last' starts with this text (case-insensitive), or whose phone number equals it (any common US format) or contains its digits (4 or more). Combines with the other filters and pages the same way.",
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Page size, 1–100 (default 20).' })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'nextCursor from the previous page.' })),
  },
  { additionalProperties: false },
);

export const CustomerPageResponse = Type.Object({
  data: Type.Array(Type.Ref('Customer')),
  hasMore: Type.Boolean({ description: 'Whether another page follows.' }),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as cursor to get the next page; null on the last page.' }),
});
/** A page of customers (the schema refers to Customer by $ref, which carries no static type). */
export type CustomerPage = Omit<Static<typeof CustomerPageResponse>, 'data'> & { data: Customer[] };
