import { Type } from 'typebox';
import { CreateCallBody } from './call.ts';

const nullableString = (description?: string) => Type.Union([Type.String(), Type.Null()], description ? { description } : {});

const AgentLoanSchema = Type.Object(
  {
    loanId: Type.String(),
    displayId: nullableString(),
    status: nullableString(),
    balance: nullableString('Decimal string in the loan currency, e.g. "1234.50".'),
    amountDue: nullableString(),
    currency: nullableString(),
    daysPastDue: Type.Union([Type.Integer(), Type.Null()]),
    nextDueDate: nullableString('YYYY-MM-DD.'),
  },
  { additionalProperties: false },
);

export const AgentContextSchema = Type.Object(
  {
    customer: Type.Object(
      {
        id: Type.String(),
        firstName: nullableString(),
        lastName: nullableString(),
        phoneNumber: nullableString('The number this attempt dials (E.164).'),
        timezone: nullableString('The zone the plan was made in.'),
        state: nullableString(),
        externalMetadata: Type.Unknown({ description: 'Your own fields as you sent them (employer, pay day, alternate phones…).' }),
        identity: Type.Optional(
          Type.Object(
            { birthday: nullableString(), ssnLastFour: nullableString() },
            { additionalProperties: false, description: 'Only when the company turned identity verification on.' },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    loans: Type.Array(AgentLoanSchema),
    disclosures: Type.Array(Type.String(), { description: 'Sentences the call must say.' }),
    callMustEndBy: Type.Union([Type.Object({ at: Type.String(), local: Type.String(), zone: Type.String() }, { additionalProperties: false }), Type.Null()], {
      description: 'When the lawful time ends (the window closes in the earliest candidate zone): the call must be over by then. Null when not callable now.',
    }),
    callMaxSeconds: Type.Integer({ description: "The longest the call may last: the company's maxCallMinutes, less if lawful time ends sooner." }),
    callbackRules: Type.Object({ offer: Type.Boolean(), localHours: Type.String(), note: Type.String() }, { additionalProperties: false }),
    task: Type.Union([Type.Object({ id: Type.String(), kind: Type.String(), scheduledFor: Type.String() }, { additionalProperties: false }), Type.Null()]),
  },
  { $id: 'AgentContext', additionalProperties: false, description: 'What an AI agent needs for one call to the borrower.' },
);

export const ClaimBody = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Most tasks to claim (default 10).' })),
    leaseSeconds: Type.Optional(
      Type.Integer({
        minimum: 30,
        maximum: 1800,
        description: 'How long the tasks are yours; report each before then or it returns to the queue (default 300).',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ClaimResponse = Type.Object({
  tasks: Type.Array(
    Type.Object({
      task: Type.Ref('Task'),
      context: Type.Ref('AgentContext'),
      leaseUntil: Type.String(),
    }),
  ),
});

/** A call result for a claimed task: POST /calls's body without what the task already says. */
const { customerId: _customerId, taskId: _taskId, toPhoneNumber: _toPhoneNumber, ...resultFields } = CreateCallBody.properties;
export const TaskResultBody = Type.Object(
  {
    ...resultFields,
    toPhoneNumber: Type.Optional(Type.String({ maxLength: 32, description: "Default: the task's number." })),
  },
  { additionalProperties: false },
);

export const TaskIdParam = Type.Object({ taskId: Type.String({ minLength: 1, maxLength: 255 }) });

export const DispatchStatusResponse = Type.Object(
  {
    companyName: Type.String({ description: 'The company whose dialling this is (the one your key belongs to).' }),
    paused: Type.Boolean(),
    pausedAt: nullableString(),
    pausedBy: nullableString('The API key id (or "cli") that paused dialling.'),
    dialer: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], {
      description: "The company's dialer without credentials; null = none (tasks are not dispatched).",
    }),
    due: Type.Integer({ description: 'Scheduled tasks whose time has come.' }),
    inFlight: Type.Integer({ description: 'Dispatched tasks awaiting their outcome.' }),
    scheduled: Type.Integer(),
  },
  { additionalProperties: false },
);
