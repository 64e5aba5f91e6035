/**
 * The one factory of call-task rows. A task's values — its status, kind, number, test flag, consent
 * and timestamps — are decided here and nowhere else; the statements that write tasks store them
 * as given (store/repositories/customer-writes.ts, call-tasks.ts).
 */
import { newId } from '../domain/ids.ts';
import type { Placement } from '../scheduling/explanation.ts';
import type { NewCallTaskRow } from '../store/repositories/call-tasks.ts';

/** Whose task it is: the customer's identity and the number it will dial. */
export interface TaskOwner {
  readonly companyId: string;
  readonly customerId: string;
  readonly phoneNumber: string;
  readonly isTest: boolean;
}

export interface TaskPlacement {
  readonly kind: NewCallTaskRow['kind'];
  readonly loanId: string | null;
  /** When it is planned for, and the latest a re-check may move it to (epoch milliseconds). */
  readonly scheduledFor: number;
  readonly notAfter: number;
  /** A callback placed with the consumer's direct prior consent (Reg F 1006.14(b)(3)). */
  readonly consented: boolean;
  /** When that consent was given (epoch milliseconds); null for a task without consent. */
  readonly consentGrantedAt?: number | null;
  /** Why it sits where it does: rendered into the explanation when the task is read. */
  readonly placement: Placement;
}

export function newTaskRow(owner: TaskOwner, task: TaskPlacement, now: Date): NewCallTaskRow {
  return {
    company_id: owner.companyId,
    id: newId('task'),
    customer_id: owner.customerId,
    loan_id: task.loanId,
    phone_number: owner.phoneNumber,
    scheduled_for: new Date(task.scheduledFor),
    not_after: new Date(task.notAfter),
    status: 'scheduled',
    is_test: owner.isTest,
    consented: task.consented,
    consent_granted_at: task.consentGrantedAt === undefined || task.consentGrantedAt === null ? null : new Date(task.consentGrantedAt),
    kind: task.kind,
    explanation: JSON.stringify(task.placement),
    created_at: now,
    updated_at: now,
  };
}
