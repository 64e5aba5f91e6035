/**
 * The built-in simulator: a provider that places no real call, so that a new user sees the whole
 * loop (plan → dial → outcome → re-plan) on `npm start` without an account anywhere. Outcomes are
 * deterministic — they follow from the dialled number's last digit and the attempt — and realistic:
 * no answer, voicemail, a conversation with the borrower, a callback request, a wrong number, a
 * request to stop calling (docs/dispatch.md has the table). A call "lasts" `callMs` of real time
 * (2 s by default) and reports a plausible duration; its outcome is read by the dispatcher's
 * reconciliation (fetchCall), as for a provider whose webhook never came.
 *
 * Calls live in this process's memory: after a restart the simulator has none, and a task
 * dispatched before it is released as never dialled. Use a real provider (or its fake) to run
 * several dispatcher processes.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { CallFlag, CallOutcome } from '../../domain/call-fields.ts';
import type { DialRequest, DialResult, ProviderCall, ProviderConnector, ProviderEvent } from './provider.ts';
import { ProviderError } from './provider.ts';

export interface SimulatorConfig {
  readonly kind: 'simulator';
  /** Calls in flight at once (default 20, like a Retell workspace). */
  readonly concurrency?: number;
  /** Real time a simulated call takes before its outcome is known (default 2000 ms). */
  readonly callMs?: number;
}

interface Script {
  readonly outcome: CallOutcome;
  readonly flags: readonly CallFlag[];
  readonly durationSeconds: number;
  readonly native: string;
  readonly summary: string | null;
  readonly callbackInHours?: number;
}

/** Ten scripts; the dialled number's last digit plus the attempt picks one. */
const SCRIPTS: readonly Script[] = [
  { outcome: 'no_answer', flags: ['NO_ANSWER'], durationSeconds: 32, native: 'dial_no_answer', summary: null },
  {
    outcome: 'voicemail',
    flags: ['VOICEMAIL', 'MESSAGE_LEFT'],
    durationSeconds: 41,
    native: 'voicemail_reached',
    summary: 'Left a voicemail asking the borrower to call back.',
  },
  { outcome: 'no_answer', flags: ['NO_ANSWER'], durationSeconds: 30, native: 'dial_no_answer', summary: null },
  {
    outcome: 'conversation',
    flags: ['CONNECT', 'LIVE_CONNECT', 'RPC'],
    durationSeconds: 184,
    native: 'user_hangup',
    summary: 'Spoke with the borrower, who promised a payment on their next pay day.',
  },
  { outcome: 'voicemail', flags: ['VOICEMAIL'], durationSeconds: 28, native: 'voicemail_reached', summary: 'Reached voicemail; no message left.' },
  {
    outcome: 'conversation',
    flags: ['CONNECT', 'LIVE_CONNECT', 'RPC', 'CALLBACK_REQUEST'],
    durationSeconds: 47,
    native: 'user_hangup',
    summary: 'The borrower was busy and asked to be called back tomorrow.',
    callbackInHours: 24,
  },
  { outcome: 'no_answer', flags: ['NO_ANSWER'], durationSeconds: 31, native: 'dial_busy', summary: null },
  {
    outcome: 'wrong_party',
    flags: ['CONNECT', 'LIVE_CONNECT', 'WRONG_NUMBER'],
    durationSeconds: 22,
    native: 'user_hangup',
    summary: 'The person who answered does not know the borrower.',
  },
  {
    outcome: 'conversation',
    flags: ['CONNECT', 'LIVE_CONNECT', 'RPC', 'HARDSHIP_REQUEST'],
    durationSeconds: 263,
    native: 'agent_hangup',
    summary: 'The borrower described a hardship and asked about a payment plan.',
  },
  {
    outcome: 'conversation',
    flags: ['CONNECT', 'LIVE_CONNECT', 'RPC', 'DNC'],
    durationSeconds: 19,
    native: 'user_hangup',
    summary: 'The borrower asked not to be called again.',
  },
];

interface SimulatedCall {
  readonly id: string;
  readonly companyId: string;
  readonly taskId: string;
  readonly toPhoneNumber: string;
  readonly startedAt: Date;
  readonly endsAt: number;
  readonly script: Script;
}

/** Which script a call follows: the number's last digit, shifted by a digest of the task id. */
export function simulatedScriptIndex(toPhoneNumber: string, taskId: string): number {
  const digit = Number(toPhoneNumber.at(-1) ?? '0') || 0;
  const shift = createHash('sha256').update(taskId).digest()[0]! % SCRIPTS.length;
  return (digit + shift) % SCRIPTS.length;
}

export class SimulatorConnector implements ProviderConnector {
  readonly kind = 'simulator' as const;
  readonly real = false;
  readonly concurrency: number;
  readonly outcomeExpectedWithinMs: number;
  readonly #calls = new Map<string, SimulatedCall>();
  readonly #now: () => number;

  constructor(config: SimulatorConfig, deps: { now?: () => number } = {}) {
    this.concurrency = config.concurrency ?? 20;
    this.outcomeExpectedWithinMs = config.callMs ?? 2_000;
    this.#now = deps.now ?? Date.now;
  }

  async placeCall(request: DialRequest): Promise<DialResult> {
    // Bounded memory: ended calls older than an hour are forgotten (their outcome was read).
    if (this.#calls.size > 10_000) this.#forgetOld();
    const id = `sim_${randomUUID()}`;
    const now = this.#now();
    this.#calls.set(id, {
      id,
      companyId: request.companyId,
      taskId: request.taskId,
      toPhoneNumber: request.toPhoneNumber,
      startedAt: new Date(now),
      endsAt: now + this.outcomeExpectedWithinMs,
      script: SCRIPTS[simulatedScriptIndex(request.toPhoneNumber, request.taskId)]!,
    });
    return { kind: 'placed', providerCallId: id };
  }

  verifyWebhook(): boolean {
    return false;
  }

  parseEvents(): ProviderEvent[] {
    throw new ProviderError('simulator', 'bad_request', 'the simulator sends no webhooks');
  }

  async fetchCall(providerCallId: string): Promise<ProviderCall | null> {
    const call = this.#calls.get(providerCallId);
    return call ? this.#report(call) : null;
  }

  async findCallForTask(request: { readonly taskId: string }): Promise<ProviderCall | null> {
    for (const call of this.#calls.values()) if (call.taskId === request.taskId) return this.#report(call);
    return null;
  }

  #report(call: SimulatedCall): ProviderCall {
    const ended = this.#now() >= call.endsAt;
    const { script } = call;
    return {
      providerCallId: call.id,
      companyId: call.companyId,
      taskId: call.taskId,
      status: ended ? 'ended' : 'pending',
      startedAt: call.startedAt,
      durationSeconds: ended ? script.durationSeconds : null,
      outcome: ended ? script.outcome : null,
      flags: ended ? script.flags : [],
      transcript: ended && script.summary ? `Agent: Hello, this is a simulated call.\nBorrower: ${script.summary}` : null,
      recordingUrl: null,
      summary: ended ? script.summary : null,
      callbackAt: ended && script.callbackInHours ? new Date(call.startedAt.getTime() + script.callbackInHours * 3_600_000) : null,
      nativeReason: ended ? script.native : null,
    };
  }

  #forgetOld(): void {
    const cutoff = this.#now() - 3_600_000;
    for (const [id, call] of this.#calls) if (call.endsAt < cutoff) this.#calls.delete(id);
  }
}
