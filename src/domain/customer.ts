/**
 * Glossary
 * - company: a lender (tenant). Every record belongs to exactly one; API keys identify it.
 * - customer: a borrower the lender wants called, keyed by the lender's own reference (`id`).
 * - task type: a company's named kind of call schedule (collections, servicing, verification…).
 * - loan: a debt of the customer; a "reference" until its figures are imported from an LMS.
 * - test customer: never called for real (`isTest`); filterable in listings.
 */

// The API shapes of a customer (Customer, CustomerPage) are derived from their schemas: see
// src/schemas/customer.ts.
