/** `POST /customers/batch` and its job, and `POST /scheduled-calls/{customerId}`. */
import { Type } from 'typebox';

/** Items per request: a first-day migration goes in batches of this size (or through `callwise import`). */
export const MAX_BATCH_ITEMS = 10_000;
/** Bytes per request body (10,000 full customers with metadata fit). */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;

const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const BatchBody = Type.Object(
  {
    customers: Type.Array(Type.Unknown({ description: 'A customer exactly as POST /customers takes it.' }), {
      minItems: 1,
      maxItems: MAX_BATCH_ITEMS,
      description: `1 to ${MAX_BATCH_ITEMS} customers. Each is validated and created independently: one bad item never fails the others.`,
    }),
  },
  { additionalProperties: false },
);

export const BatchAcceptedResponse = Type.Object({
  jobId: Type.String({ description: 'A UUID.' }),
  totalCustomers: Type.Integer(),
  message: Type.String(),
});

const JobStatus = Type.Union(
  [
    Type.Literal('queued'),
    Type.Literal('validating'),
    Type.Literal('in_progress'),
    Type.Literal('completed'),
    Type.Literal('completed_with_errors'),
    Type.Literal('failed'),
    Type.Literal('cancelled'),
  ],
  {
    description:
      'queued → validating (every item checked, nothing written) → in_progress (written in chunks) → completed | completed_with_errors; failed; cancelled.',
  },
);

export const BatchJobResponse = Type.Object({
  jobId: Type.String(),
  status: JobStatus,
  totalCustomers: Type.Integer(),
  counts: Type.Object({
    validated: Type.Integer({ description: 'Items checked so far.' }),
    invalid: Type.Integer({ description: 'Items that failed validation.' }),
    processed: Type.Integer({ description: 'Items with a result.' }),
    succeeded: Type.Integer(),
    failed: Type.Integer({ description: 'Invalid items, and ids that already existed.' }),
  }),
  error: nullable(Type.String({ description: 'Why a failed job failed.' })),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: nullable(Type.String({ format: 'date-time' })),
  finishedAt: nullable(Type.String({ format: 'date-time' })),
  results: Type.Array(
    Type.Object({
      index: Type.Integer({ description: "The item's position in the request (0-based)." }),
      id: nullable(Type.String()),
      success: Type.Boolean(),
      message: Type.String(),
      customer: Type.Optional(Type.Union([Type.Ref('Customer'), Type.Null()])),
      errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String() }))),
    }),
    { description: 'Items with a result, in order, a page at a time.' },
  ),
  nextCursor: nullable(Type.String({ description: 'Pass as cursor for the next page of results.' })),
});

export const BatchJobParams = Type.Object({ jobId: Type.String() });
export const BatchJobQuery = Type.Object({
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 500, default: 100 })),
});

export const ScheduledCallsParams = Type.Object({ customerId: Type.String() });
export const ScheduledCallsBody = Type.Object(
  { scheduleType: Type.String({ description: "One of the company's task types (collections, verification, …).", examples: ['collections'] }) },
  { additionalProperties: false },
);
