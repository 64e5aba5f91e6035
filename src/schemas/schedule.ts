import { Type } from 'typebox';

const ExplanationSchema = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      'Why the attempt is where it is: the preferred local time, whether and why it was moved (each reason with its rule citation), the candidate zones and the jurisdictions in force.',
  },
);

export const TaskResponse = Type.Object(
  {
    id: Type.String(),
    customerId: Type.String(),
    loanId: Type.Union([Type.String(), Type.Null()], { description: 'The debt the call is about; null = the customer as one debt.' }),
    phoneNumber: Type.String({ description: 'The number to dial (E.164).' }),
    scheduledFor: Type.String({ description: 'When to place the call (RFC 3339, UTC).' }),
    localTimes: Type.Object({}, { additionalProperties: Type.String(), description: 'The local time of scheduledFor in every candidate zone.' }),
    status: Type.Union([Type.Literal('scheduled'), Type.Literal('dispatched'), Type.Literal('completed'), Type.Literal('cancelled'), Type.Literal('skipped')], {
      description:
        'scheduled → dispatched (claimed, re-checked and handed to the dialer) → completed (its call recorded); or cancelled (the plan changed) or skipped (the dial-time re-check found no lawful time left), each with cancelReason.',
    }),
    kind: Type.Union([Type.Literal('cadence'), Type.Literal('callback')], { description: 'Planned from the cadence, or a callback the consumer asked for.' }),
    isTest: Type.Boolean(),
    explanation: ExplanationSchema,
    cancelReason: Type.Optional(Type.String()),
    attempts: Type.Integer({ description: 'How many times the task was handed to a dialer.' }),
    provider: Type.Optional(Type.String({ description: 'Who placed (or is placing) the call: simulator, retell, vapi, twilio or pull.' })),
    providerCallId: Type.Optional(Type.String()),
    leaseUntil: Type.Optional(Type.String({ description: 'While dispatched: when the task is reconciled with its dialer if no outcome has come.' })),
    callId: Type.Optional(Type.String({ description: 'The recorded call that completed the task.' })),
    life: Type.Array(Type.Object({ at: Type.String(), event: Type.String(), detail: Type.Optional(Type.String()) }, { additionalProperties: false }), {
      description: "The task's events: claimed, re-checked, moved, dialled, refused by the provider, reconciled, completed.",
    }),
  },
  { $id: 'Task' },
);

export const TaskListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal('scheduled'), Type.Literal('dispatched'), Type.Literal('completed'), Type.Literal('cancelled'), Type.Literal('skipped')]),
    ),
  },
  { additionalProperties: false },
);

export const ScheduleSyncFields = {
  scheduleCreated: Type.Boolean({ description: 'Whether a schedule was built: the customer has a phone number and a time zone and may be called.' }),
  tasksCreated: Type.Integer({ description: 'Attempts in the new schedule.' }),
  existingTasksRemoved: Type.Integer({ description: 'Pending attempts of the previous schedule that were removed.' }),
};

const TimeRangeSchema = Type.Object(
  {
    start: Type.String({ description: "Local 'HH:MM', inclusive." }),
    end: Type.String({ description: "Local 'HH:MM', exclusive." }),
  },
  { additionalProperties: false },
);

export const CadenceSchema = Type.Object(
  {
    // Immutable: the engine's cadences are read-only, and a reply may hand them out as they are.
    days: Type.Immutable(
      Type.Array(Type.Integer({ minimum: 0 }), { description: 'Day offsets from the day the schedule is built (0 = that day), ascending.' }),
    ),
    timeRanges: Type.Immutable(Type.Array(TimeRangeSchema, { description: 'Preferred local time ranges; attempt n prefers range n mod count.' })),
    attemptsPerDay: Type.Integer({ minimum: 1 }),
    totalAttempts: Type.Integer({ minimum: 1 }),
    horizonDays: Type.Integer({ minimum: 1, description: 'No attempt is planned this many days or more after the start day.' }),
  },
  { additionalProperties: false, description: 'How a task type turns into call attempts.' },
);

const CallPurposeSchema = Type.Union([Type.Literal('collection'), Type.Literal('servicing'), Type.Literal('verification'), Type.Literal('marketing')], {
  description:
    'What the calls are for. collection, servicing and verification calls get the collection rules; marketing calls (telephone solicitations) also get the telemarketing rules — federal and Florida hours, the National Do-Not-Call Registry, Florida’s 3 calls in 24 hours, the Sunday and holiday bans of AL, LA, MS, RI and UT — and need the company setting marketingCalls.',
  examples: ['collection'],
});

export const TaskTypeResponse = Type.Object({
  name: Type.String(),
  cadence: CadenceSchema,
  defaultCadence: Type.Boolean({ description: 'True while the task type uses the built-in cadence for its name.' }),
  purpose: CallPurposeSchema,
});

export const TaskTypePurposeBody = Type.Object({ purpose: CallPurposeSchema }, { additionalProperties: false });
