/**
 * The LMS sync webhooks (finosu-api.md §2.7). Both go through handlePost: the LMS is read in
 * `prepare`, outside any transaction, and the writes happen in `commit`; an Idempotency-Key
 * makes a retried call answer from storage.
 */
import type { App } from '../typed-app.ts';
import type { IdempotencyService } from '../../services/idempotency.ts';
import { customerUuid, loanUuid } from '../../domain/stable-uuid.ts';
import type { LmsWebhookService, ResyncOutcome } from '../../services/lms-webhooks.ts';
import { handlePost } from '../post.ts';
import { problemResponses } from '../../schemas/common.ts';
import { CustomerFullBody, CustomerFullResponse, LoanSyncBody, LoanSyncResponse } from '../../schemas/lms-webhooks.ts';

const tags = ['LMS webhooks'];
const security = [{ apiKey: [] }];
const failures = problemResponses(400, 401, 404, 413, 415, 422, 502, 503, 504);

export function lmsWebhookRoutes(app: App, webhooks: LmsWebhookService, idempotency: IdempotencyService): void {
  app.post(
    '/webhooks/lms/sync/customer-full',
    {
      schema: {
        tags,
        security,
        summary: 'Re-sync one customer and all their loans from your LMS',
        description:
          "Reads the customer and every loan from your company's LMS and stores them: loans are upserted, values the LMS supplied are refreshed (values you sent yourself are kept), and the call schedule is rebuilt only if a fact that decides when the customer may be called changed. Safe to call repeatedly. A customer Callwise does not have yet is created when the LMS record is a valid customer and a task type is known (taskType, or your only task type). LMS failures answer like POST /customers with sync: true (404 lms_customer_not_found, 502, 503 with Retry-After, 504) and save nothing.",
        body: CustomerFullBody,
        response: { 200: CustomerFullResponse, ...failures },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const companyId = request.principal.companyId;
      return handlePost(request, reply, idempotency, {
        prepare: () => webhooks.prepareCustomerFull(companyId, body.customerId, body.taskType),
        commit: async (prepared) => ({ status: 200, body: customerFullResponse(companyId, await webhooks.commit(prepared)) }),
      });
    },
  );

  app.post(
    '/webhooks/lms/sync/loan',
    {
      schema: {
        tags,
        security,
        summary: 'Sync one loan and the customer it belongs to',
        description:
          'Finds the loan in your LMS, then its primary borrower, and stores both (the same rules as customer-full, for this one loan). For LMSs where a customer lookup does not reveal the loans. 400 lms_unsupported when your LMS cannot find a customer by loan; 404 lms_loan_not_found for an unknown loan.',
        body: LoanSyncBody,
        response: { 200: LoanSyncResponse, ...failures },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const companyId = request.principal.companyId;
      return handlePost(request, reply, idempotency, {
        prepare: () => webhooks.prepareLoan(companyId, String(body.loanId), body.taskType),
        commit: async (prepared) => ({ status: 200, body: loanSyncResponse(companyId, await webhooks.commit(prepared)) }),
      });
    },
  );
}

/** NLS's `acctrefno` is an integer loan key; other products' numeric loan ids fill it, else null. */
function acctrefno(loanId: string): number | null {
  return /^\d{1,15}$/.test(loanId) ? Number(loanId) : null;
}

/** The documented `customer-full` answer (finosu-api.md §2.7); parts Callwise does not import report 0 rows, no error. */
function customerFullResponse(companyId: string, outcome: ResyncOutcome) {
  return {
    success: true,
    lmsType: outcome.kind,
    customerId: outcome.customerId,
    finosuCustomerId: customerUuid(companyId, outcome.customerId),
    loansSynced: outcome.loans.length,
    loans: outcome.loans.map((loan) => ({
      loanId: loanUuid(companyId, loan.loanId),
      nortridgeAcctrefno: acctrefno(loan.loanId),
      loanExternalReference: loan.loanId,
      transactionsRows: 0,
      paymentsDueRows: 0,
      paymentMethodsCreated: 0,
      paymentMethodsUpdated: 0,
      documentRows: 0,
      transactionsError: null,
      paymentsDueError: null,
      paymentMethodsError: null,
      documentsError: null,
      setupError: null,
    })),
    error: null,
    customerCreated: outcome.customerCreated,
    customerUpdated: outcome.customerUpdated,
    scheduleRebuilt: outcome.scheduleRebuilt,
  };
}

/** The documented `loan` answer: `loans[].loanId` is the LMS's id here, beside `finosuLoanId`. */
function loanSyncResponse(companyId: string, outcome: ResyncOutcome) {
  return {
    success: true,
    lmsType: outcome.kind,
    customerId: outcome.customerId,
    finosuCustomerId: customerUuid(companyId, outcome.customerId),
    loansSynced: outcome.loans.length,
    loans: outcome.loans.map((loan) => ({ finosuLoanId: loanUuid(companyId, loan.loanId), loanId: loan.loanId })),
    error: null,
    customerCreated: outcome.customerCreated,
    customerUpdated: outcome.customerUpdated,
    scheduleRebuilt: outcome.scheduleRebuilt,
  };
}
