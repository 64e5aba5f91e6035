/**
 * An operator's hand on one customer's schedule: stop it, resume it, rebuild it. Each runs in one
 * unit of work with its audit entry (which key, what, when), so the change and its entry commit
 * together or not at all.
 *
 * A stop is the operator's own (`schedule_stopped_at`), kept apart from the stops a recorded call
 * sets (`stop_reason`: attorney, bankruptcy…): resuming lifts only the operator's. A customer who
 * is do-not-call, stopped by a call's flag or whose consent was revoked stays unplanned after a
 * resume, and the answer says why.
 */
import type { Customer } from '../schemas/customer.ts';
import type { Trx } from '../store/database.ts';
import type { Transactions } from '../store/transactions.ts';
import * as customers from '../store/repositories/customers.ts';
import type { CustomerRow } from '../store/repositories/customers.ts';
import { recordChange, type Actor } from './audit.ts';
import type { Clock } from './clock.ts';
import type { CustomerMapper } from './customer-mapper.ts';
import { customerNotFound } from './customers.ts';
import { type ScheduleResult, ScheduleService } from './schedules.ts';

export type ScheduleAction = 'stop' | 'resume' | 'rebuild';

/** The customer after the action, what became of the plan and, when nothing is planned, why. */
export type ScheduleActionResult = Customer & Omit<ScheduleResult, 'reason'> & { notPlannedBecause?: string };

const STOPPED = 'an operator stopped the schedule';

const AUDIT_ACTIONS: Record<ScheduleAction, string> = { stop: 'schedule.stopped', resume: 'schedule.resumed', rebuild: 'schedule.rebuilt' };

export class ScheduleControlService {
  private readonly tx: Transactions;
  private readonly schedules: ScheduleService;
  private readonly mapper: CustomerMapper;
  private readonly clock: Clock;

  constructor(tx: Transactions, schedules: ScheduleService, mapper: CustomerMapper, clock: Clock) {
    this.tx = tx;
    this.schedules = schedules;
    this.mapper = mapper;
    this.clock = clock;
  }

  /**
   * Applies `action` to the customer's schedule; 404 when the company has no such customer. Joins
   * the Idempotency-Key's transaction when the request sent one.
   */
  async apply(companyId: string, customerId: string, action: ScheduleAction, actor: Actor): Promise<ScheduleActionResult> {
    const { row, result } = await this.tx.join(async (trx) => {
      const current = await customers.lockCustomer(trx, companyId, customerId);
      if (!current) throw customerNotFound();
      const now = this.clock();
      const stoppedAt = action === 'stop' ? (current.schedule_stopped_at ?? now) : action === 'resume' ? null : current.schedule_stopped_at;
      const changed = (stoppedAt?.getTime() ?? null) !== (current.schedule_stopped_at?.getTime() ?? null);
      const updated = changed ? await this.setStoppedAt(trx, companyId, customerId, stoppedAt, now) : current;
      await recordChange(trx, {
        companyId,
        actor,
        action: AUDIT_ACTIONS[action],
        customerId,
        fields: changed ? ['scheduleStoppedAt'] : [],
        at: now,
      });
      if (action === 'stop') {
        // Every pending attempt, callbacks too, is cancelled with the reason, not deleted: the
        // customer's page shows what the stop took away.
        const reason = ScheduleService.notCallable(updated) ?? STOPPED;
        const cancelled = await this.schedules.cancelAll(trx, companyId, customerId, reason);
        return { row: updated, result: { scheduleCreated: false, tasksCreated: 0, existingTasksRemoved: cancelled, reason } };
      }
      // A resume or a rebuild plans anew from now, around the callbacks that stay.
      return { row: updated, result: await this.schedules.rebuild(trx, companyId, updated) };
    });
    const { reason, ...plan } = result;
    return { ...this.mapper.toCustomer(row), ...plan, ...(reason === undefined ? {} : { notPlannedBecause: reason }) };
  }

  private async setStoppedAt(trx: Trx, companyId: string, customerId: string, stoppedAt: Date | null, now: Date): Promise<CustomerRow> {
    const updated = await customers.updateCustomer(trx, companyId, customerId, { schedule_stopped_at: stoppedAt, updated_at: now });
    if (!updated) throw customerNotFound();
    return updated;
  }
}
