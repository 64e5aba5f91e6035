/**
 * Recorded calls through the HTTP API: validation, the call list, and what each call changes in
 * the customer's plan. The clock is fixed per test; every plan left behind is replayed through the
 * compliance engine against the recorded ledger.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';
import { customerViolations, localDayNumber, pendingOf, tasksOf, wallClock, type ApiTask } from '../helpers/plan-check.ts';
import { readExplanation } from '../../src/scheduling/explanation.ts';

const MONDAY = new Date('2026-11-30T15:00:00Z'); // 07:00 Los Angeles, 10:00 New York
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

for (const backend of backends) {
  describe(`calls (${backend})`, () => {
    let t: TestApp;
    let now = MONDAY;
    before(async () => {
      t = await startTestApp(backend, { clock: () => now });
    });
    after(() => t.close());

    /** Runs `body` with the clock at `at`, then puts it back. */
    async function at<T>(iso: string, body: () => Promise<T>): Promise<T> {
      const saved = now;
      now = new Date(iso);
      try {
        return await body();
      } finally {
        now = saved;
      }
    }

    async function create(id: string, overrides: Record<string, unknown> = {}) {
      const res = await t.request('POST', '/customers', { body: customerBody({ id, ...overrides }) });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<Record<string, unknown>>();
    }

    async function record(body: Record<string, unknown>, key?: string) {
      const res = await t.request('POST', '/calls', { body, ...(key ? { key } : {}) });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<Record<string, unknown>>();
    }

    async function calls(id: string, query = '') {
      const res = await t.request('GET', `/calls/customer/${id}${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<Array<Record<string, unknown>>>();
    }

    async function customer(id: string) {
      const res = await t.request('GET', `/customers/${id}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<Record<string, unknown>>();
    }

    async function assertLawful(id: string) {
      const violations = await customerViolations(t, id);
      assert.deepEqual(
        violations.map((v) => ({ at: new Date(v.task.at).toISOString(), reasons: v.reasons })),
        [],
        `plan of ${id}`,
      );
    }

    describe('POST /calls validation', () => {
      const good = { customerId: 'val-1', toPhoneNumber: '+14155550100', timestamp: '2026-11-30T14:00:00Z' };
      before(async () => {
        await create('val-1');
      });

      const cases: Array<[string, Record<string, unknown>, string[]]> = [
        ['an empty body', {}, ['/customerId', '/timestamp', '/toPhoneNumber']],
        ['an empty customerId', { ...good, customerId: '' }, ['/customerId']],
        ['a blank customerId', { ...good, customerId: '   ' }, ['/customerId']],
        ['a numeric customerId', { ...good, customerId: 5 }, ['/customerId']],
        ['an empty toPhoneNumber', { ...good, toPhoneNumber: '' }, ['/toPhoneNumber']],
        ['a toPhoneNumber with words', { ...good, toPhoneNumber: 'call 415-555-0100' }, ['/toPhoneNumber']],
        ['a toll-free toPhoneNumber', { ...good, toPhoneNumber: '800-555-0100' }, ['/toPhoneNumber']],
        ['a foreign toPhoneNumber', { ...good, toPhoneNumber: '+44 20 7946 0958' }, ['/toPhoneNumber']],
        ['a timestamp in words', { ...good, timestamp: 'yesterday' }, ['/timestamp']],
        ['a timestamp without an offset', { ...good, timestamp: '2026-11-30T14:00:00' }, ['/timestamp']],
        ['a date-only timestamp', { ...good, timestamp: '2026-11-30' }, ['/timestamp']],
        ['an epoch-ms timestamp', { ...good, timestamp: 1796050800000 }, ['/timestamp']],
        ['a null timestamp', { ...good, timestamp: null }, ['/timestamp']],
        ['a timestamp on 2026-02-30', { ...good, timestamp: '2026-02-30T10:00:00Z' }, ['/timestamp']],
        ['a timestamp on 2026-04-31', { ...good, timestamp: '2026-04-31T10:00:00Z' }, ['/timestamp']],
        ['a timestamp at 24:00', { ...good, timestamp: '2026-11-29T24:00:00Z' }, ['/timestamp']],
        ['a timestamp with an impossible offset', { ...good, timestamp: '2026-11-30T10:00:00-05:60' }, ['/timestamp']],
        ['a timestamp more than 5 minutes in the future', { ...good, timestamp: '2026-11-30T15:06:00Z' }, ['/timestamp']],
        ['a timestamp before 2000', { ...good, timestamp: '1999-12-31T23:59:59Z' }, ['/timestamp']],
        ['a timestamp at the Unix epoch', { ...good, timestamp: '1970-01-01T00:00:00Z' }, ['/timestamp']],
        ['a timestamp on 2000-01-01 but before it in UTC', { ...good, timestamp: '2000-01-01T00:30:00+01:00' }, ['/timestamp']],
        ['a callbackAt before 2000', { ...good, flags: ['CALLBACK_REQUEST'], callbackAt: '1999-06-01T12:00:00Z' }, ['/callbackAt']],
        ['CALLBACK_REQUEST without callbackAt', { ...good, flags: ['RPC', 'CALLBACK_REQUEST'] }, ['/callbackAt']],
        ['CALLBACK_REQUEST with a null callbackAt', { ...good, flags: ['CALLBACK_REQUEST'], callbackAt: null }, ['/callbackAt']],
        ['a callbackAt in words', { ...good, flags: ['CALLBACK_REQUEST'], callbackAt: 'tomorrow at 3' }, ['/callbackAt']],
        ['a callbackAt on 2026-02-30', { ...good, flags: ['CALLBACK_REQUEST'], callbackAt: '2026-02-30T20:00:00Z' }, ['/callbackAt']],
        ['an unknown flag', { ...good, flags: ['RPC', 'SNOOZE'] }, ['/flags/1']],
        ['a flag in lower case', { ...good, flags: ['dnc'] }, ['/flags/0']],
        ['flags that are not a list', { ...good, flags: 'DNC' }, ['/flags']],
        ['a non-string flag', { ...good, flags: [7] }, ['/flags/0']],
        ['an ftp recordingUrl', { ...good, recordingUrl: 'ftp://example.com/a.mp3' }, ['/recordingUrl']],
        ['a recordingUrl that is not a URL', { ...good, recordingUrl: 'recording 12' }, ['/recordingUrl']],
        ['a loan id of 0', { ...good, loanIds: [0] }, ['/loanIds/0']],
        ['a blank loan id', { ...good, loanIds: ['LN-1', '  '] }, ['/loanIds/1']],
        ['a fractional loan id', { ...good, loanIds: [1.5] }, ['/loanIds/0']],
        ['a boolean loan id', { ...good, loanIds: [true] }, ['/loanIds/0']],
        ['loanIds that are not a list', { ...good, loanIds: 12 }, ['/loanIds']],
        ['an unknown direction', { ...good, direction: 'sideways' }, ['/direction']],
        ['an unknown outcome', { ...good, outcome: 'hung_up' }, ['/outcome']],
        ['a negative duration', { ...good, durationSeconds: -1 }, ['/durationSeconds']],
        ['an unknown field', { ...good, callId: 'x' }, ['/callId']],
        ['a consent grant time without consented', { ...good, consentGrantedAt: '2026-11-30T13:00:00Z' }, ['/consentGrantedAt']],
        ['a consent given after the call', { ...good, consented: true, consentGrantedAt: '2026-11-30T14:00:01Z' }, ['/consentGrantedAt']],
        ['a consent grant time in words', { ...good, consented: true, consentGrantedAt: 'last week' }, ['/consentGrantedAt']],
        ['a consent grant time before 2000', { ...good, consented: true, consentGrantedAt: '1999-12-31T23:59:59Z' }, ['/consentGrantedAt']],
        ['a consent scope without consented', { ...good, consentLoanIds: ['LN-1'] }, ['/consentLoanIds']],
        ['a blank loan id in the consent scope', { ...good, consented: true, consentLoanIds: [' '] }, ['/consentLoanIds/0']],
        [
          'several problems at once',
          { customerId: 'val-1', toPhoneNumber: 'x', timestamp: '2026-02-30T10:00:00Z', flags: ['NOPE'], recordingUrl: 'nope', loanIds: [' '] },
          ['/flags/0', '/loanIds/0', '/recordingUrl', '/timestamp', '/toPhoneNumber'],
        ],
        [
          'an old timestamp, a callback request without its time and an unknown flag at once',
          { customerId: 'val-1', toPhoneNumber: '800-555-0100', timestamp: '1999-12-31T12:00:00Z', flags: ['RPC', 'CALLBACK_REQUEST', 'NOPE'] },
          ['/callbackAt', '/flags/2', '/timestamp', '/toPhoneNumber'],
        ],
      ];
      for (const [label, body, pointers] of cases) {
        it(`refuses ${label} with the field's pointer, storing nothing`, async () => {
          const before = await tasksOf(t, 'val-1');
          const recorded = await calls('val-1');
          const res = await t.request('POST', '/calls', { body });
          assert.equal(res.statusCode, 400, res.body);
          const problem = res.json();
          assert.equal(problem.code, 'validation_failed');
          assert.deepEqual([...new Set(problem.errors.map((e: { pointer: string }) => e.pointer))].sort(), pointers);
          for (const error of problem.errors) assert.ok(typeof error.detail === 'string' && error.detail.length > 0, 'a readable detail');
          assert.deepEqual(await calls('val-1'), recorded, 'no call stored');
          assert.deepEqual(await tasksOf(t, 'val-1'), before, 'the plan is untouched');
          assert.equal((await customer('val-1')).doNotCall, false);
        });
      }

      it('accepts a timestamp and a callbackAt of 2000-01-01T00:00:00Z exactly', async () => {
        const call = await record({ ...good, timestamp: '2000-01-01T00:00:00Z', outcome: 'not_connected' });
        assert.equal(call.timestamp, '2000-01-01T00:00:00.000Z');
        const callback = await record({ ...good, outcome: 'not_connected', flags: ['CALLBACK_REQUEST'], callbackAt: '2000-01-01T00:00:00Z' });
        assert.equal(callback.callbackAt, '2000-01-01T00:00:00.000Z');
        await assertLawful('val-1');
      });

      it('accepts a timestamp up to 5 minutes ahead of the clock, and any offset', async () => {
        const already = (await calls('val-1')).length;
        const ahead = await t.request('POST', '/calls', { body: { ...good, timestamp: '2026-11-30T15:04:59Z', outcome: 'not_connected' } });
        assert.equal(ahead.statusCode, 201, ahead.body);
        const offset = await record({ ...good, timestamp: '2026-11-30T06:00:00-08:00', outcome: 'not_connected', toPhoneNumber: '(415) 555-0100' });
        assert.equal(offset.timestamp, '2026-11-30T14:00:00.000Z');
        assert.equal(offset.toPhoneNumber, '+14155550100');
        assert.equal((await calls('val-1')).length, already + 2);
        await assertLawful('val-1');
      });

      it("an unknown customer, or another company's, is 404 and nothing is stored", async () => {
        const res = await t.request('POST', '/calls', { body: { ...good, customerId: 'nobody' } });
        assert.equal(res.statusCode, 404);
        assert.equal(res.json().code, 'customer_not_found');
        const before = (await calls('val-1')).length;
        const other = await t.request('POST', '/calls', { body: { ...good, flags: ['DNC'] }, key: t.otherApiKey });
        assert.equal(other.statusCode, 404);
        assert.equal((await calls('val-1')).length, before);
        assert.equal((await customer('val-1')).doNotCall, false, 'another company cannot mark my customer');
        assert.equal((await t.request('POST', '/calls', { body: good, key: null })).statusCode, 401);
      });
    });

    describe('GET /calls/customer/{id}', () => {
      before(async () => {
        await create('list-1');
        await record({
          customerId: 'list-1',
          toPhoneNumber: '415-555-0100',
          timestamp: '2026-11-27T18:00:00Z',
          outcome: 'voicemail',
          flags: ['VOICEMAIL', 'MESSAGE_LEFT'],
          recordingUrl: 'https://recordings.example.com/a.mp3?sig=1',
          durationSeconds: 31,
          loanIds: [123, 'LN-9', 123],
        });
        await record({
          customerId: 'list-1',
          toPhoneNumber: '+14155550100',
          timestamp: '2026-11-28T19:30:00Z',
          direction: 'inbound',
          flags: ['RPC'],
          transcript: 'Agent: Hello.\nCustomer: Hi.',
          summarization: 'The customer called back about the loan.',
          durationSeconds: 120,
        });
        await record({ customerId: 'list-1', toPhoneNumber: '+14155550100', timestamp: '2026-11-26T17:00:00Z', flags: ['NO_ANSWER'] });
      });

      it("lists the calls newest first, in the reference's call shape", async () => {
        const list = await calls('list-1');
        assert.deepEqual(
          list.map((c) => c.timestamp),
          ['2026-11-28T19:30:00.000Z', '2026-11-27T18:00:00.000Z', '2026-11-26T17:00:00.000Z'],
        );
        const [rpc, voicemail, noAnswer] = list;
        assert.equal(typeof rpc!.id, 'string');
        assert.deepEqual(
          { ...rpc, id: undefined },
          {
            id: undefined,
            customerId: 'list-1',
            toPhoneNumber: '+14155550100',
            timestamp: '2026-11-28T19:30:00.000Z',
            direction: 'inbound',
            outcome: 'conversation',
            loanIds: [],
            flags: ['RPC'],
            durationSeconds: 120,
            transcript: 'Agent: Hello.\nCustomer: Hi.',
            summarization: 'The customer called back about the loan.',
          },
        );
        assert.equal(voicemail!.toPhoneNumber, '+14155550100');
        assert.equal(voicemail!.outcome, 'voicemail');
        assert.equal(voicemail!.direction, 'outbound');
        assert.deepEqual(voicemail!.loanIds, ['123', 'LN-9']);
        assert.deepEqual(voicemail!.flags, ['VOICEMAIL', 'MESSAGE_LEFT']);
        assert.equal(voicemail!.recordingUrl, 'https://recordings.example.com/a.mp3?sig=1');
        assert.equal(noAnswer!.outcome, 'no_answer', 'the outcome is read from the flags when not stated');
        for (const call of list) assert.match(call.timestamp as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      });

      it('pages with limit and offset', async () => {
        assert.deepEqual(
          (await calls('list-1', '?limit=2')).map((c) => c.timestamp),
          ['2026-11-28T19:30:00.000Z', '2026-11-27T18:00:00.000Z'],
        );
        assert.deepEqual(
          (await calls('list-1', '?limit=2&offset=2')).map((c) => c.timestamp),
          ['2026-11-26T17:00:00.000Z'],
        );
        assert.deepEqual(await calls('list-1', '?offset=3'), []);
        for (const query of ['?limit=0', '?limit=1001', '?offset=-1', '?limit=x', '?page=2']) {
          const res = await t.request('GET', `/calls/customer/list-1${query}`);
          assert.equal(res.statusCode, 400, query);
        }
      });

      it("is 404 for an unknown customer and for another company's", async () => {
        assert.equal((await t.request('GET', '/calls/customer/nobody')).statusCode, 404);
        assert.equal((await t.request('GET', '/calls/customer/list-1', { key: t.otherApiKey })).statusCode, 404);
      });
    });

    describe('what a recorded call changes', () => {
      it('DNC: the customer becomes doNotCall and every pending task is cancelled', async () => {
        await create('dnc-1');
        const planned = await pendingOf(t, 'dnc-1');
        assert.ok(planned.length > 0, 'a plan to cancel');
        const call = await record({ customerId: 'dnc-1', toPhoneNumber: '+14155550100', timestamp: '2026-11-30T14:30:00Z', flags: ['RPC', 'DNC'] });
        assert.equal((await customer('dnc-1')).doNotCall, true);
        assert.deepEqual(await pendingOf(t, 'dnc-1'), []);
        const cancelled = await tasksOf(t, 'dnc-1', 'cancelled');
        assert.deepEqual(cancelled.map((task) => task.id).sort(), planned.map((task) => task.id).sort(), 'kept as cancelled, for the record');
        for (const task of cancelled) assert.match(task.cancelReason ?? '', new RegExp(`DNC.*${String(call.id)}`));
        // A later sync that does not mention doNotCall does not bring the plan back.
        const sync = await t.request('POST', '/customers/schedule/sync', {
          body: customerBody({ id: 'dnc-1', email: 'a@example.com', birthday: '1985-06-15', ssnLastFour: '1234' }),
        });
        assert.equal(sync.statusCode, 200, sync.body);
        assert.equal(sync.json().doNotCall, true);
        assert.equal(sync.json().scheduleCreated, false);
        assert.deepEqual(await pendingOf(t, 'dnc-1'), []);
      });

      for (const flag of ['ATTORNEY_REP', 'BANKRUPTCY', 'DECEASED', 'DEBT_DISPUTE', 'FRAUD_CLAIM']) {
        it(`${flag}: the schedule stops, with the reason visible on the customer`, async () => {
          const id = `stop-${flag.toLowerCase()}`;
          await create(id);
          assert.ok((await pendingOf(t, id)).length > 0, 'a plan to stop');
          const call = await record({ customerId: id, toPhoneNumber: '+14155550100', timestamp: '2026-11-30T14:30:00Z', flags: ['RPC', flag] });
          const recorded = await t.services.customers.get(t.companyId, id);
          assert.match(String(recorded.stopReason), new RegExp(`${flag}.*${String(call.id)}`));
          assert.equal((await customer(id)).doNotCall, false, 'a stop is not a do-not-call request');
          assert.deepEqual(await pendingOf(t, id), []);
          for (const task of await tasksOf(t, id)) {
            assert.equal(task.status, 'cancelled');
            assert.match(task.cancelReason ?? '', new RegExp(flag));
          }
          // Nothing the lender changes afterwards restarts it.
          assert.equal((await t.request('PATCH', `/customers/${id}`, { body: { phoneNumber: '+12125550100', taskType: 'servicing' } })).statusCode, 200);
          assert.deepEqual(await pendingOf(t, id), []);
          const sync = await t.request('POST', '/customers/schedule/sync', {
            body: customerBody({ id, email: 'a@example.com', birthday: '1985-06-15', ssnLastFour: '1234' }),
          });
          assert.equal(sync.json().scheduleCreated, false);
          assert.deepEqual(await pendingOf(t, id), []);
        });
      }

      it('the stop reason is visible on GET /customers/{id} and in the sync response', async () => {
        await create('stop-visible');
        const call = await record({
          customerId: 'stop-visible',
          toPhoneNumber: '+14155550100',
          timestamp: '2026-11-30T14:30:00Z',
          flags: ['RPC', 'BANKRUPTCY'],
        });
        assert.match(String((await customer('stop-visible')).stopReason), new RegExp(`BANKRUPTCY.*${String(call.id)}`));
        const sync = await t.request('POST', '/customers/schedule/sync', {
          body: customerBody({ id: 'stop-visible', email: 'a@example.com', birthday: '1985-06-15', ssnLastFour: '1234' }),
        });
        assert.match(String(sync.json().stopReason), /BANKRUPTCY/);
      });

      it("WRONG_NUMBER on the customer's number cancels its tasks and retires the number", async () => {
        await create('wrong-1');
        await record({
          customerId: 'wrong-1',
          toPhoneNumber: '+14155550100',
          timestamp: '2026-11-30T14:30:00Z',
          outcome: 'wrong_party',
          flags: ['WRONG_NUMBER'],
        });
        assert.deepEqual(await pendingOf(t, 'wrong-1'), []);
        for (const task of await tasksOf(t, 'wrong-1')) {
          assert.equal(task.status, 'cancelled');
          assert.match(task.cancelReason ?? '', /wrong number/);
        }
        // A new number gets a plan; the retired one never does again.
        assert.equal((await t.request('PATCH', '/customers/wrong-1', { body: { phoneNumber: '+14155550199' } })).statusCode, 200);
        const fresh = await pendingOf(t, 'wrong-1');
        assert.ok(fresh.length > 0 && fresh.every((task) => task.phoneNumber === '+14155550199'), 'a plan on the new number');
        await assertLawful('wrong-1');
        assert.equal((await t.request('PATCH', '/customers/wrong-1', { body: { phoneNumber: '(415) 555-0100' } })).statusCode, 200);
        assert.deepEqual(await pendingOf(t, 'wrong-1'), []);
      });

      it('WRONG_NUMBER on some other number leaves the plan (re-checked) in place', async () => {
        await create('wrong-2');
        await record({
          customerId: 'wrong-2',
          toPhoneNumber: '+14155550177',
          timestamp: '2026-11-30T14:30:00Z',
          outcome: 'wrong_party',
          flags: ['WRONG_NUMBER'],
        });
        const pending = await pendingOf(t, 'wrong-2');
        assert.ok(pending.length > 0 && pending.every((task) => task.phoneNumber === '+14155550100'), "still planned on the customer's number");
        await assertLawful('wrong-2');
      });

      it('RPC: no pending task within 7 days after the conversation (168 hours, and the local calendar days in every zone)', async () => {
        // A Los Angeles customer with a New York number; the conversation is an inbound call at
        // 20:40 in Los Angeles (23:40 in New York) on Monday — already Tuesday in UTC.
        await create('rpc-1', { phoneNumber: '+12125550100' });
        const conversation = Date.parse('2026-12-01T04:40:00Z');
        await at('2026-12-01T04:45:00Z', async () => {
          await record({ customerId: 'rpc-1', toPhoneNumber: '+12125550100', timestamp: '2026-12-01T04:40:00Z', direction: 'inbound', flags: ['RPC'] });
        });
        const pending = await pendingOf(t, 'rpc-1');
        assert.ok(pending.length > 0, 'the plan continues after the quiet period');
        for (const task of pending) {
          const when = Date.parse(task.scheduledFor);
          assert.ok(when - conversation >= 7 * DAY, `${task.scheduledFor} is 168 h or more after the conversation`);
          for (const zone of ['America/Los_Angeles', 'America/New_York']) {
            assert.ok(
              localDayNumber(zone, when) >= localDayNumber(zone, conversation) + 7,
              `${wallClock(zone, when)} is on the 8th local day or later in ${zone}`,
            );
          }
        }
        const moved = pending.filter((task) => task.explanation.blockedBy.some((r) => r.code === 'REG_F_7_IN_7_CONVERSATION'));
        assert.ok(moved.length > 0, 'the explanation cites the conversation prong');
        assert.equal(moved[0]!.explanation.blockedBy.find((r) => r.code === 'REG_F_7_IN_7_CONVERSATION')!.rule, '12 CFR 1006.14(b)(2)(i)(B)');
        await at('2026-12-01T04:45:00Z', () => assertLawful('rpc-1'));
      });

      it('CALLBACK_REQUEST with callbackAt: a consented callback task at the requested time when that is lawful', async () => {
        await create('cb-1');
        await at('2026-11-30T18:30:00Z', async () => {
          // Monday 10:00 Los Angeles: the conversation; the consumer asks for Tuesday 12:00.
          await record({
            customerId: 'cb-1',
            toPhoneNumber: '+14155550100',
            timestamp: '2026-11-30T18:00:00Z',
            flags: ['RPC', 'CALLBACK_REQUEST'],
            callbackAt: '2026-12-01T12:00:00-08:00',
          });
          const pending = await pendingOf(t, 'cb-1');
          const callbacks = pending.filter((task) => task.kind === 'callback');
          assert.equal(callbacks.length, 1);
          const [callback] = callbacks;
          assert.equal(callback!.scheduledFor, '2026-12-01T20:00:00.000Z');
          assert.equal(callback!.localTimes['America/Los_Angeles'], '2026-12-01 12:00');
          assert.equal(callback!.explanation.moved, false);
          assert.match(callback!.explanation.summary, /1006\.14\(b\)\(3\)/);
          // Inside the quiet period only the callback remains.
          for (const task of pending.filter((x) => x.kind === 'cadence')) {
            assert.ok(Date.parse(task.scheduledFor) - Date.parse('2026-11-30T18:00:00Z') >= 7 * DAY, `${task.scheduledFor} after the quiet period`);
          }
          await assertLawful('cb-1');
        });
      });

      it('CALLBACK_REQUEST at a time that is not lawful: the callback goes to the next lawful time', async () => {
        await create('cb-2');
        await create('cb-3');
        await at('2026-12-02T18:30:00Z', async () => {
          // Wednesday's conversation asks for Sunday 12:00 in Los Angeles: Sundays are blocked, so
          // Monday 08:00 (still inside the consent's 7 days, and inside the quiet period).
          await record({
            customerId: 'cb-2',
            toPhoneNumber: '+14155550100',
            timestamp: '2026-12-02T18:00:00Z',
            flags: ['RPC', 'CALLBACK_REQUEST'],
            callbackAt: '2026-12-06T20:00:00Z',
          });
          const sunday = (await pendingOf(t, 'cb-2')).filter((task) => task.kind === 'callback');
          assert.equal(sunday.length, 1);
          assert.equal(sunday[0]!.localTimes['America/Los_Angeles'], '2026-12-07 08:00');
          assert.equal(sunday[0]!.explanation.moved, true);
          assert.ok(
            sunday[0]!.explanation.blockedBy.some((r) => r.code === 'SUNDAY'),
            'SUNDAY cited',
          );
          await assertLawful('cb-2');
        });
        await at('2026-11-30T18:30:00Z', async () => {
          // Tuesday 22:00 in Los Angeles: after hours, so Wednesday 08:00.
          await record({
            customerId: 'cb-3',
            toPhoneNumber: '+14155550100',
            timestamp: '2026-11-30T18:00:00Z',
            flags: ['RPC', 'CALLBACK_REQUEST'],
            callbackAt: '2026-12-02T06:00:00Z',
          });
          const late = (await pendingOf(t, 'cb-3')).filter((task) => task.kind === 'callback');
          assert.equal(late.length, 1);
          assert.equal(late[0]!.localTimes['America/Los_Angeles'], '2026-12-02 08:00');
          assert.ok(
            late[0]!.explanation.blockedBy.some((r) => r.code === 'OUTSIDE_CALLING_HOURS'),
            'calling hours cited',
          );
          await assertLawful('cb-3');
        });
      });

      it('a callback requested for after the consent expires (7 days, Reg F 1006.14(b)(3)) is not placed as a consented call', async () => {
        await create('cb-late', { zipCode: '19103', state: 'PA', city: 'Philadelphia', timezone: 'America/New_York', phoneNumber: '+12155550100' });
        await at('2026-11-30T15:30:00Z', async () => {
          const callbackRows = () =>
            t.services.db
              .selectFrom('call_tasks')
              .select(['id', 'scheduled_for', 'consented', 'consent_granted_at', 'explanation'])
              .where('company_id', '=', t.companyId)
              .where('customer_id', '=', 'cb-late')
              .where('kind', '=', 'callback')
              .execute();
          /** Records the call and returns the callback task it added. */
          const requestCallback = async (timestamp: string, callbackAt: string) => {
            const seen = new Set((await callbackRows()).map((row) => row.id));
            await record({
              customerId: 'cb-late',
              toPhoneNumber: '+12155550100',
              timestamp,
              direction: 'inbound',
              flags: ['RPC', 'CALLBACK_REQUEST'],
              callbackAt,
            });
            const added = (await callbackRows()).filter((row) => !seen.has(row.id));
            assert.equal(added.length, 1, 'one callback task per request');
            return added[0]!;
          };
          // Monday 10:00 New York: the conversation. Within the consent: Friday; after it: the Wednesday after next.
          const early = await requestCallback('2026-11-30T15:00:00Z', '2026-12-04T17:00:00Z');
          assert.equal(new Date(early.scheduled_for).toISOString(), '2026-12-04T17:00:00.000Z');
          assert.equal(early.consented, true, 'inside the 7 days: placed with the consent');
          assert.equal(new Date(early.consent_granted_at!).toISOString(), '2026-11-30T15:00:00.000Z', 'the consent was given on the call that asked');
          const late = await requestCallback('2026-11-30T15:05:00Z', '2026-12-09T17:00:00Z');
          assert.equal(late.consented, false, 'the consent given on 11-30 has lapsed by 12-09');
          assert.equal(late.consent_granted_at, null);
          assert.ok(new Date(late.scheduled_for).getTime() >= Date.parse('2026-12-09T17:00:00Z'), 'not before the requested time');
          assert.doesNotMatch(readExplanation(JSON.parse(late.explanation)).summary, /excluded from the 7-in-7 counts/);
          // Sunday 12-06 is the consent's last day, but Sundays are blocked: placed after it, without the consent.
          const sunday = await requestCallback('2026-11-30T15:10:00Z', '2026-12-06T17:00:00Z');
          assert.equal(sunday.consented, false, 'no lawful time left inside the consent: placed as an ordinary call');
          assert.ok(new Date(sunday.scheduled_for).getTime() >= Date.parse('2026-12-07T05:00:00Z'), 'after the consent ended');
          await assertLawful('cb-late');
        });
      });

      it('a recorded consented call is excluded from 7-in-7 only with the time its consent was given, and only for the debts it covers', async () => {
        // Six unanswered calls Tue 11-24 … Sun 11-29 and a seventh, consented, on Mon 11-30 at 09:00 Los Angeles.
        const six = ['24', '25', '26', '27', '28', '29'].map((d) => `2026-11-${d}T17:00:00Z`);
        const seventh = '2026-11-30T17:00:00Z';
        const checkAt = (id: string) =>
          t.request('POST', '/compliance/check', {
            body: { at: '2026-11-30T20:00:00Z', customerId: id, loanId: 'LN-1', policy: { dailyCapPerPerson: null, minGapMinutes: 0 } },
          });
        const variants: Array<[string, Record<string, unknown>, boolean]> = [
          ['cons-none', { consented: true }, false],
          ['cons-dated', { consented: true, consentGrantedAt: '2026-11-30T16:00:00Z' }, true],
          ['cons-lapsed', { consented: true, consentGrantedAt: '2026-11-23T16:00:00Z' }, false],
          ['cons-other-loan', { consented: true, consentGrantedAt: '2026-11-30T16:00:00Z', loanIds: ['LN-1', 'LN-2'], consentLoanIds: ['LN-2'] }, false],
        ];
        await at('2026-11-30T18:00:00Z', async () => {
          for (const [id, consent, allowed] of variants) {
            await create(id);
            for (const timestamp of six) await record({ customerId: id, toPhoneNumber: '+14155550100', timestamp, outcome: 'no_answer' });
            await record({ customerId: id, toPhoneNumber: '+14155550100', timestamp: seventh, outcome: 'no_answer', ...consent });
            const res = await checkAt(id);
            assert.equal(res.statusCode, 200, res.body);
            assert.equal(res.json().allowed, allowed, `${id}: ${res.body}`);
            if (!allowed)
              assert.deepEqual(
                res.json().reasons.map((r: { code: string }) => r.code),
                ['REG_F_7_IN_7_CALLS'],
                id,
              );
            const stored = await t.services.db
              .selectFrom('calls')
              .select(['consent_granted_at', 'consent_loan_ids'])
              .where('company_id', '=', t.companyId)
              .where('customer_id', '=', id)
              .where('occurred_at', '=', new Date(seventh))
              .executeTakeFirstOrThrow();
            assert.equal(stored.consent_granted_at?.toISOString() ?? null, (consent.consentGrantedAt as string | undefined)?.replace('Z', '.000Z') ?? null, id);
            assert.deepEqual(stored.consent_loan_ids, (consent.consentLoanIds as string[] | undefined) ?? null, id);
            // GET /calls shows why the call may not count: the consent, its time and its debts.
            const listed = (await t.request('GET', `/calls/customer/${id}`)).json<Array<Record<string, unknown>>>();
            const shown = listed.find((c) => c.timestamp === seventh.replace('Z', '.000Z'))!;
            const { consented, consentGrantedAt, consentLoanIds } = shown;
            assert.deepEqual(
              { consented, consentGrantedAt, consentLoanIds },
              {
                consented: true,
                consentGrantedAt: (consent.consentGrantedAt as string | undefined)?.replace('Z', '.000Z'),
                consentLoanIds: consent.consentLoanIds,
              },
              id,
            );
            assert.equal('consented' in listed.find((c) => c.timestamp === six[0]!.replace('Z', '.000Z'))!, false, 'an ordinary call says nothing of consent');
          }
        });
      });

      const syncBody = (id: string, overrides: Record<string, unknown> = {}) => ({
        body: customerBody({ id, email: 'a@example.com', birthday: '1985-06-15', ssnLastFour: '1234', ...overrides }),
      });

      it("a schedule rebuild keeps the consumer's callback, and plans the new cadence around it", async () => {
        await create('cb-keep');
        await at('2026-11-30T18:30:00Z', async () => {
          await record({
            customerId: 'cb-keep',
            toPhoneNumber: '+14155550100',
            timestamp: '2026-11-30T18:00:00Z',
            flags: ['RPC', 'CALLBACK_REQUEST'],
            callbackAt: '2026-12-01T12:00:00-08:00',
          });
          const [callback] = (await pendingOf(t, 'cb-keep')).filter((task) => task.kind === 'callback');
          const sync = await t.request('POST', '/customers/schedule/sync', syncBody('cb-keep', { taskType: 'servicing' }));
          assert.equal(sync.statusCode, 200, sync.body);
          assert.equal(sync.json().scheduleCreated, true);
          const pending = await pendingOf(t, 'cb-keep');
          assert.deepEqual(
            pending.filter((task) => task.kind === 'callback').map((task) => [task.id, task.scheduledFor]),
            [[callback!.id, '2026-12-01T20:00:00.000Z']],
            'the same callback, at the requested time',
          );
          const cadence = pending.filter((task) => task.kind === 'cadence');
          assert.ok(cadence.length > 0, 'a new cadence plan');
          for (const task of cadence) {
            assert.ok(
              Date.parse(task.scheduledFor) - Date.parse('2026-11-30T18:00:00Z') >= 7 * DAY,
              `${task.scheduledFor} after the conversation's quiet period`,
            );
          }
          assert.deepEqual(
            (await tasksOf(t, 'cb-keep', 'cancelled')).filter((task) => task.kind === 'callback'),
            [],
            'the callback was not cancelled',
          );
          await assertLawful('cb-keep');
        });
      });

      it('a rebuild cancels a callback for a number the customer no longer has, and every callback once calls stop', async () => {
        await create('cb-gone');
        await create('cb-dnc');
        await at('2026-11-30T18:30:00Z', async () => {
          for (const id of ['cb-gone', 'cb-dnc']) {
            await record({
              customerId: id,
              toPhoneNumber: '+14155550100',
              timestamp: '2026-11-30T18:00:00Z',
              flags: ['RPC', 'CALLBACK_REQUEST'],
              callbackAt: '2026-12-01T12:00:00-08:00',
            });
          }
          const moved = await t.request('POST', '/customers/schedule/sync', syncBody('cb-gone', { phoneNumber: '+14155550177' }));
          assert.equal(moved.statusCode, 200, moved.body);
          const pending = await pendingOf(t, 'cb-gone');
          assert.ok(
            pending.length > 0 && pending.every((task) => task.kind === 'cadence' && task.phoneNumber === '+14155550177'),
            'only the new cadence, on the new number',
          );
          const cancelled = (await tasksOf(t, 'cb-gone', 'cancelled')).filter((task) => task.kind === 'callback');
          assert.equal(cancelled.length, 1);
          assert.match(cancelled[0]!.cancelReason ?? '', /phone number changed/);

          const stopped = await t.request('POST', '/customers/schedule/sync', syncBody('cb-dnc', { doNotCall: true }));
          assert.equal(stopped.statusCode, 200, stopped.body);
          assert.equal(stopped.json().scheduleCreated, false);
          assert.ok(stopped.json().existingTasksRemoved > 1, 'the cadence tasks and the callback');
          assert.deepEqual(await pendingOf(t, 'cb-dnc'), []);
          const [callback] = (await tasksOf(t, 'cb-dnc', 'cancelled')).filter((task) => task.kind === 'callback');
          assert.match(callback!.cancelReason ?? '', /doNotCall/);
        });
      });

      it('no callback task without both CALLBACK_REQUEST and callbackAt', async () => {
        await create('cb-4');
        await at('2026-11-30T18:30:00Z', async () => {
          const before = await tasksOf(t, 'cb-4');
          const refused = await t.request('POST', '/calls', {
            body: { customerId: 'cb-4', toPhoneNumber: '+14155550100', timestamp: '2026-11-30T18:00:00Z', flags: ['RPC', 'CALLBACK_REQUEST'] },
          });
          assert.equal(refused.statusCode, 400, 'a callback request without its time is refused');
          assert.deepEqual(
            refused.json().errors.map((e: { pointer: string }) => e.pointer),
            ['/callbackAt'],
          );
          assert.deepEqual(await calls('cb-4'), [], 'nothing recorded');
          assert.deepEqual(await tasksOf(t, 'cb-4'), before, 'the plan is untouched');
          await record({
            customerId: 'cb-4',
            toPhoneNumber: '+14155550100',
            timestamp: '2026-11-30T18:10:00Z',
            direction: 'inbound',
            flags: ['RPC'],
            callbackAt: '2026-12-01T20:00:00Z',
          });
          assert.deepEqual(
            (await pendingOf(t, 'cb-4')).filter((task) => task.kind === 'callback'),
            [],
          );
          await assertLawful('cb-4');
        });
      });

      it('a voicemail or an unanswered call leaves a lawful, re-checked schedule', async () => {
        await create('vm-1', { zipCode: '98101', state: 'WA', city: 'Seattle', phoneNumber: '+12065550100' });
        const before = await pendingOf(t, 'vm-1');
        assert.ok(before.length > 0, 'a plan');
        const first = before[0]!;
        // An unanswered call 10 minutes before the first attempt: the attempt cannot stay 10 min after it.
        const callAt = new Date(Date.parse(first.scheduledFor) - 10 * 60_000).toISOString();
        await at(callAt, async () => {
          await record({ customerId: 'vm-1', toPhoneNumber: '+12065550100', timestamp: callAt, flags: ['NO_ANSWER'] });
          const after = await pendingOf(t, 'vm-1');
          assert.ok(
            after.every((task) => Math.abs(Date.parse(task.scheduledFor) - Date.parse(callAt)) >= 2 * HOUR),
            'no attempt within 2 hours of the call',
          );
          assert.ok(
            after.every((task) => Date.parse(task.scheduledFor) >= Date.parse(callAt)),
            'nothing before now',
          );
          // A moved attempt keeps its name in the cadence, and says why it moved.
          const nameOf = (task: ApiTask) => /^(Attempt \d+ of \d+)/.exec(task.explanation.summary)?.[1];
          const names = new Map(before.map((task) => [task.id, nameOf(task)]));
          const moved = after.filter((task) => task.scheduledFor !== before.find((b) => b.id === task.id)?.scheduledFor);
          assert.ok(moved.length > 0, 'the call moved attempts');
          for (const task of moved) {
            assert.ok(names.get(task.id), task.explanation.summary);
            assert.ok(task.explanation.summary.startsWith(`${names.get(task.id)} (re-checked after a recorded contact): `), task.explanation.summary);
          }
          await assertLawful('vm-1');
        });
        const voicemailAt = '2026-12-01T19:00:00Z';
        await at(voicemailAt, async () => {
          await record({ customerId: 'vm-1', toPhoneNumber: '+12065550100', timestamp: voicemailAt, flags: ['VOICEMAIL'] });
          assert.equal((await calls('vm-1'))[0]!.outcome, 'voicemail');
          await assertLawful('vm-1');
        });
      });

      it("calls are counted per person: calls to another of the customer's numbers shape the plan too", async () => {
        await create('count-1', { zipCode: '02134', state: 'MA', city: 'Boston', timezone: 'America/New_York', phoneNumber: '+16175550100' });
        // Massachusetts allows 2 calls in 7 days about a debt: two recorded calls leave no room this week.
        await record({ customerId: 'count-1', toPhoneNumber: '+16175550155', timestamp: '2026-11-27T15:00:00Z', flags: ['NO_ANSWER'] });
        await record({ customerId: 'count-1', toPhoneNumber: '+16175550100', timestamp: '2026-11-28T15:00:00Z', flags: ['VOICEMAIL'] });
        const pending = await pendingOf(t, 'count-1');
        for (const task of pending) {
          assert.ok(Date.parse(task.scheduledFor) >= Date.parse('2026-12-04T05:00:00Z'), `${task.scheduledFor}: not in the 7 days of the two calls`);
        }
        await assertLawful('count-1');
      });
    });
  });
}
