/**
 * The columns of an import and an export, taken from the API's own schemas so a field added to
 * the contract is importable and exported without a change here: an import's columns are the
 * fields of a create body (`CreateCustomerBody`), an export's those of a customer as GET returns
 * it (`CustomerResponse`) and of a task (`TaskResponse`).
 */
import { CreateCustomerBody, CustomerResponse } from '../schemas/customer.ts';
import { TaskResponse } from '../schemas/schedule.ts';

/** How a CSV cell of a field is read: as text, or converted to the type the API takes. */
export type FieldKind = 'text' | 'boolean' | 'integers' | 'object';

function kindOf(schema: unknown): FieldKind {
  switch ((schema as { type?: unknown }).type) {
    case 'boolean':
      return 'boolean';
    case 'array':
      return 'integers';
    case 'object':
      return 'object';
    default:
      return 'text';
  }
}

/** Every field a create body takes, with the kind of its cells. */
export const IMPORT_FIELDS: ReadonlyMap<string, FieldKind> = new Map(
  Object.entries(CreateCustomerBody.properties).map(([name, schema]) => [name, kindOf(schema)]),
);

/**
 * What an export writes that a create does not take — stored by Callwise, not sent by a lender
 * (timestamps, stopReason, provenance) — and the tasks an NDJSON export nests in each customer.
 * An import skips them, so an export can be imported again as it is.
 */
export const EXPORT_ONLY_FIELDS: ReadonlySet<string> = new Set([
  ...Object.keys(CustomerResponse.properties).filter((name) => !IMPORT_FIELDS.has(name)),
  'tasks',
]);

/** The customer columns of a CSV export: id and taskType first (what an import needs), then the API's order. */
export const CUSTOMER_COLUMNS: readonly string[] = [
  'id',
  'taskType',
  ...Object.keys(CustomerResponse.properties).filter((name) => name !== 'id' && name !== 'taskType'),
];

/** The columns of a CSV export's tasks file, in the API's order (customerId is the second). */
export const TASK_COLUMNS: readonly string[] = Object.keys(TaskResponse.properties);
