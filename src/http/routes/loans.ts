/** A customer's loans. */
import type { App } from '../typed-app.ts';
import { Type } from 'typebox';
import type { LoanService } from '../../services/loans.ts';
import { problemResponses } from '../../schemas/common.ts';
import { CustomerIdParams } from '../../schemas/customer.ts';

const security = [{ apiKey: [] }];

export function loanRoutes(app: App, loans: LoanService): void {
  app.get(
    '/customers/:id/loans',
    {
      schema: {
        tags: ['Loans'],
        security,
        summary: "A customer's loans",
        description:
          'Loans imported from your LMS (sync: true, or the LMS webhooks) with balance, amount due, days past due, next due date and status, and loan ids you sent without an import (source reference, no figures). Amounts are integer cents.',
        params: CustomerIdParams,
        response: { 200: Type.Array(Type.Ref('Loan')), ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      return loans.listForCustomer(request.principal.companyId, id);
    },
  );
}
