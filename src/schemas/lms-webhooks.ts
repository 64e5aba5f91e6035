/**
 * The LMS sync webhooks' bodies and answers, as finosu-api.md §2.7 documents them, plus three
 * additive fields saying what the call changed. `taskType` in a body is an extension: the task
 * type a customer new to Callwise gets (see docs/lms.md).
 */
import { Type } from 'typebox';

const taskType = Type.Optional(
  Type.String({
    minLength: 1,
    maxLength: 100,
    description:
      'Extension: the task type for a customer Callwise does not have yet. Without it, such a customer is created only when your company has exactly one task type.',
  }),
);

export const CustomerFullBody = Type.Object(
  {
    customerId: Type.String({ minLength: 1, maxLength: 255, description: "The customer's id in your LMS (also their id in Callwise).", examples: ['12345'] }),
    taskType,
  },
  { additionalProperties: false },
);

export const LoanSyncBody = Type.Object(
  {
    loanId: Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Integer({ minimum: 1 })], {
      description: 'The loan id in your LMS; a number or a string.',
      examples: ['99001'],
    }),
    taskType,
  },
  { additionalProperties: false },
);

const outcome = {
  customerCreated: Type.Boolean({ description: 'Extension: the customer was new to Callwise and was created.' }),
  customerUpdated: Type.Boolean({ description: 'Extension: values from the LMS changed the stored customer.' }),
  scheduleRebuilt: Type.Boolean({ description: "Extension: the customer's call schedule was planned anew (a callable fact changed, or the customer is new)." }),
};

const common = {
  success: Type.Boolean({ description: 'Always true on 200: a failed sync answers with a problem (4xx/5xx) and saves nothing.' }),
  lmsType: Type.String({ description: 'The LMS the company is configured with: demo, loanpro, fineract or mambu.' }),
  customerId: Type.String({ description: "The customer's id in the LMS (and in Callwise)." }),
  finosuCustomerId: Type.String({ format: 'uuid', description: 'A name-based UUID (v5) of company and customer id: the same on every call.' }),
  loansSynced: Type.Integer({ minimum: 0 }),
  error: Type.Null({ description: 'Always null on 200.' }),
};

export const CustomerFullResponse = Type.Object({
  ...common,
  loans: Type.Array(
    Type.Object({
      loanId: Type.String({ format: 'uuid', description: "Callwise's UUID of the loan (v5 of company and LMS loan id), as documented for this webhook." }),
      nortridgeAcctrefno: Type.Union([Type.Integer(), Type.Null()], { description: 'The LMS loan id as an integer when it is one, else null.' }),
      loanExternalReference: Type.String({ description: 'The LMS loan id (what GET /customers/{id}/loans calls loanId).' }),
      transactionsRows: Type.Integer({ description: 'Callwise imports balances, not transactions: always 0.' }),
      paymentsDueRows: Type.Integer({ description: 'Always 0 (the amount due is part of the loan figures).' }),
      paymentMethodsCreated: Type.Integer({ description: 'Always 0: payment methods are not imported.' }),
      paymentMethodsUpdated: Type.Integer({ description: 'Always 0.' }),
      documentRows: Type.Integer({ description: 'Always 0: documents are not imported.' }),
      transactionsError: Type.Null(),
      paymentsDueError: Type.Null(),
      paymentMethodsError: Type.Null(),
      documentsError: Type.Null(),
      setupError: Type.Null(),
    }),
  ),
  ...outcome,
});

export const LoanSyncResponse = Type.Object({
  ...common,
  loans: Type.Array(
    Type.Object({
      finosuLoanId: Type.String({ format: 'uuid', description: "Callwise's UUID of the loan (v5 of company and LMS loan id)." }),
      loanId: Type.String({ description: 'The LMS loan id.' }),
    }),
  ),
  ...outcome,
});
