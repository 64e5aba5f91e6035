/** A customer's loan as GET /customers/{id}/loans returns it. */
import { Type } from 'typebox';

const nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(schema: T, description: string) =>
  Type.Union([schema, Type.Null()], { description });

export const LoanResponse = Type.Object(
  {
    loanId: Type.String({ description: 'The loan id in your LMS (the ids you send as loanIds / loanId).', examples: ['70001'] }),
    displayId: nullable(Type.String(), "The LMS's human-facing loan number, when it has one (LoanPro displayId, Fineract accountNo)."),
    source: Type.Union([Type.Literal('lms'), Type.Literal('reference')], {
      description: 'lms: imported from your LMS with its figures; reference: an id you sent without an LMS import (no figures).',
    }),
    role: nullable(Type.String(), "The customer's role on the loan: primary, co-borrower or other (null for a reference)."),
    status: nullable(Type.String(), 'pending, active, paid_off, charged_off, closed or other. Delinquency is daysPastDue > 0, not a status.'),
    rawStatus: nullable(Type.String(), "The LMS's own status text."),
    currency: nullable(Type.String(), 'ISO 4217 currency of the amounts.'),
    balanceCents: nullable(Type.Integer(), 'Principal outstanding, in cents.'),
    amountDueCents: nullable(Type.Integer(), 'Past-due amount plus the installment due on nextDueDate, in cents.'),
    daysPastDue: nullable(Type.Integer({ minimum: 0 }), 'Days past due (0 = current).'),
    nextDueDate: nullable(Type.String(), 'YYYY-MM-DD of the next installment; null when nothing more is scheduled.'),
    asOf: nullable(Type.String(), 'YYYY-MM-DD the figures refer to, when the LMS says.'),
    updatedAt: Type.String({ description: 'When Callwise last changed this loan (RFC 3339, UTC); a re-sync with the same figures keeps it.' }),
  },
  { $id: 'Loan', description: "One of the customer's loans." },
);
