import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';

/** Friday 2026-12-04 04:00 in Los Angeles: every recorded call below is in the past. */
const NOW = Date.parse('2026-12-04T12:00:00Z');
/** Rules that would distract from the one under test (the defaults block Sundays and holidays and stop at 20:50). */
const PLAIN = { blockSundays: false, blockHolidays: false, endBufferMinutes: 0 };
/** A New York borrower reachable on a wireless number with consent. */
const NY = { phoneNumber: '+12125550100', lineType: 'wireless', tcpaConsent: true, zipCode: '10001', state: 'NY', timezone: 'America/New_York' };
/** The default test customer's location (customerBody): San Francisco, a 415 number. */
const SF = { phoneNumber: '+14155550100', lineType: 'wireless', tcpaConsent: true, zipCode: '94102', state: 'CA' };

interface Reason {
  code: string;
  rule: string;
  zone?: string;
  detail: string;
}

for (const backend of backends) {
  describe(`POST /compliance/check (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend, { clock: () => new Date(NOW) });
    });
    after(() => t.close());

    const check = (body: unknown, key?: string, headers?: Record<string, string>) =>
      t.request('POST', '/compliance/check', { body, ...(key ? { key } : {}), ...(headers ? { headers } : {}) });
    const codes = (res: { json(): { reasons: Reason[] } }) => res.json().reasons.map((r) => r.code);
    const recordCall = async (customerId: string, timestamp: string, extra: Record<string, unknown> = {}) => {
      const res = await t.request('POST', '/calls', {
        body: { customerId, toPhoneNumber: '+14155550100', timestamp, outcome: 'no_answer', ...extra },
      });
      assert.equal(res.statusCode, 201, res.body);
    };
    /** Seven no-answer calls, Monday to Thursday, two a day at 09:00 and 13:00 Los Angeles time. */
    const SEVEN_CALLS = [
      '2026-11-30T17:00:00Z',
      '2026-11-30T21:00:00Z',
      '2026-12-01T17:00:00Z',
      '2026-12-01T21:00:00Z',
      '2026-12-02T17:00:00Z',
      '2026-12-02T21:00:00Z',
      '2026-12-03T17:00:00Z',
    ];

    describe('lawful windows (windowsUntil)', () => {
      const open = { startBufferMinutes: 0, endBufferMinutes: 0, minGapMinutes: 0, dailyCapPerPerson: null };

      it('answers every stretch a call may start in: 08:00–21:00 Los Angeles time each day, cut at the ends asked for', async () => {
        const res = await check({
          at: '2026-12-08T12:00:00-08:00',
          windowsUntil: '2026-12-10T10:00:00-08:00',
          zipCode: '94103',
          tcpaConsent: true,
          policy: open,
        });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json().lawfulWindows, [
          { from: '2026-12-08T20:00:00.000Z', to: '2026-12-09T05:00:00.000Z' },
          { from: '2026-12-09T16:00:00.000Z', to: '2026-12-10T05:00:00.000Z' },
          { from: '2026-12-10T16:00:00.000Z', to: '2026-12-10T18:00:00.000Z' },
        ]);
        assert.equal(
          'lawfulWindows' in (await check({ at: '2026-12-08T12:00:00-08:00', zipCode: '94103', tcpaConsent: true })).json(),
          false,
          'only when asked',
        );
      });

      it("are the company's and the customer's: buffers, Sundays, every candidate zone, and the calls already recorded", async () => {
        // A New York number for a California address: both zones' hours, with the default policy's buffers and blocked Sunday.
        const created = await t.request('POST', '/customers', { body: customerBody({ id: 'windows-1', phoneNumber: '+12125550100', zipCode: '94103' }) });
        assert.equal(created.statusCode, 201, created.body);
        const at = Date.parse('2026-12-04T00:00:00Z');
        const until = at + 5 * 24 * 3_600_000;
        const res = await check({ at: new Date(at).toISOString(), windowsUntil: new Date(until).toISOString(), customerId: 'windows-1' });
        assert.equal(res.statusCode, 200, res.body);
        const windows = res.json<{ lawfulWindows: Array<{ from: string; to: string }> }>().lawfulWindows;
        assert.ok(windows.length >= 3, res.body);
        // Each edge is where the answer changes, by the check itself at that instant and a millisecond before.
        const allowedAt = async (ms: number) => (await check({ at: new Date(ms).toISOString(), customerId: 'windows-1' })).json<{ allowed: boolean }>().allowed;
        for (const w of windows) {
          const from = Date.parse(w.from);
          const to = Date.parse(w.to);
          assert.ok(from < to, JSON.stringify(w));
          assert.equal(await allowedAt(from), true, `allowed at ${w.from}`);
          assert.equal(await allowedAt(to - 1), true, `allowed just before ${w.to}`);
          if (from > at) assert.equal(await allowedAt(from - 1), false, `not allowed just before ${w.from}`);
          if (to < until) assert.equal(await allowedAt(to), false, `not allowed at ${w.to}`);
          // Never on the Sunday (2026-12-06) in either zone.
          assert.notEqual(new Date(from).toLocaleDateString('en-US', { timeZone: 'America/Los_Angeles', weekday: 'long' }), 'Sunday');
        }
        // Seven recorded calls in seven days: no window until enough have left the counts — Reg F's
        // seven, and New York City's three (the number's area code is a city one).
        for (const timestamp of SEVEN_CALLS) await recordCall('windows-1', timestamp);
        const capped = await check({ at: '2026-12-03T18:00:00Z', windowsUntil: '2026-12-10T18:00:00Z', customerId: 'windows-1' });
        const answer = capped.json<{ nextAllowedAt: string; lawfulWindows: Array<{ from: string }> }>();
        assert.equal(answer.lawfulWindows[0]?.from, answer.nextAllowedAt, capped.body);
        assert.ok(Date.parse(answer.nextAllowedAt) >= Date.parse('2026-12-09T08:00:00Z'), capped.body);
      });

      it('refuses a windowsUntil before at or more than 31 days after it, naming the field', async () => {
        for (const windowsUntil of ['2026-12-08T11:00:00-08:00', '2027-01-09T12:00:01-08:00', 'next week']) {
          const res = await check({ at: '2026-12-08T12:00:00-08:00', windowsUntil, zipCode: '94103' });
          assert.equal(res.statusCode, 400, res.body);
          assert.deepEqual(
            res.json<{ errors: Array<{ pointer: string }> }>().errors.map((e) => e.pointer),
            ['/windowsUntil'],
            windowsUntil,
          );
        }
      });
    });

    describe('the decision', () => {
      it("answers the issue's example request: inside the consumer's blocked morning, allowed at noon New York time", async () => {
        const example = {
          at: '2026-12-01T13:00:00Z',
          loanId: 'A',
          phoneNumber: '+12125550100',
          lineType: 'wireless',
          tcpaConsent: true,
          isWorkNumber: false,
          zipCode: '10001',
          state: 'NY',
          timezone: 'America/New_York',
          blockedWindows: [{ start: '08:00', end: '12:00' }],
          history: [
            {
              at: '2026-11-30T15:00:00Z',
              direction: 'outbound',
              channel: 'call',
              loanIds: ['A'],
              phoneNumber: '+12125550100',
              isWorkNumber: false,
              outcome: 'no_answer',
              consented: false,
            },
          ],
          policy: {
            callerType: 'collector',
            waLicensed: false,
            mode: 'strict',
            blockSundays: false,
            blockHolidays: false,
            startBufferMinutes: 0,
            endBufferMinutes: 0,
          },
        };
        const res = await check(example);
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        assert.deepEqual(Object.keys(body).sort(), ['allowed', 'candidateZones', 'jurisdictions', 'nextAllowedAt', 'reasons']);
        assert.equal(body.allowed, false);
        assert.deepEqual(codes(res), ['CONSUMER_BLOCKED_TIME']);
        assert.equal(body.reasons[0].zone, 'America/New_York');
        assert.match(body.reasons[0].rule, /1692c\(a\)\(1\)/);
        assert.match(body.reasons[0].detail, /08:00–12:00/);
        assert.deepEqual(body.candidateZones, ['America/New_York']);
        assert.deepEqual(body.jurisdictions, ['NY', 'NYC']);
        assert.equal(body.nextAllowedAt, '2026-12-01T17:00:00.000Z', '12:00 in New York');

        const atNoon = await check({ ...example, at: body.nextAllowedAt });
        assert.deepEqual(atNoon.json(), {
          allowed: true,
          reasons: [],
          candidateZones: ['America/New_York'],
          jurisdictions: ['NY', 'NYC'],
          nextAllowedAt: '2026-12-01T17:00:00.000Z',
        });
      });

      it('refuses 07:59 local with OUTSIDE_CALLING_HOURS and names exactly 08:00 local as the next instant', async () => {
        const res = await check({ at: '2026-12-01T12:59:00Z', ...NY, policy: PLAIN });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().allowed, false);
        assert.deepEqual(
          res.json().reasons.map((r: Reason) => [r.code, r.zone]),
          [['OUTSIDE_CALLING_HOURS', 'America/New_York']],
        );
        assert.equal(res.json().nextAllowedAt, '2026-12-01T13:00:00.000Z');
        assert.equal((await check({ at: '2026-12-01T13:00:00Z', ...NY, policy: PLAIN })).json().allowed, true, '08:00 is inclusive');
        // Summer time: 08:00 EDT is 12:00 UTC.
        const summer = await check({ at: '2026-07-01T11:59:00Z', ...NY, policy: PLAIN });
        assert.equal(summer.json().nextAllowedAt, '2026-07-01T12:00:00.000Z');
      });

      it('treats 21:00 as exclusive', async () => {
        const before21 = await check({ at: '2026-12-02T01:59:59Z', ...NY, policy: PLAIN });
        assert.equal(before21.json().allowed, true);
        const at21 = await check({ at: '2026-12-02T02:00:00Z', ...NY, policy: PLAIN });
        assert.deepEqual(codes(at21), ['OUTSIDE_CALLING_HOURS']);
        assert.equal(at21.json().nextAllowedAt, '2026-12-02T13:00:00.000Z', '08:00 the next morning');
      });

      it('holds a 212 number with a San Francisco address to 11:00–21:00 Eastern', async () => {
        const body = { ...NY, zipCode: '94102', state: 'CA', timezone: undefined, policy: PLAIN };
        const early = await check({ ...body, at: '2026-12-01T15:59:00Z' }); // 10:59 ET, 07:59 PT
        assert.deepEqual(early.json().candidateZones, ['America/Los_Angeles', 'America/New_York']);
        assert.deepEqual(early.json().jurisdictions, ['CA', 'NY', 'NYC'], '212 serves only New York City');
        assert.deepEqual(
          early.json().reasons.map((r: Reason) => [r.code, r.zone]),
          [['OUTSIDE_CALLING_HOURS', 'America/Los_Angeles']],
        );
        assert.equal(early.json().nextAllowedAt, '2026-12-01T16:00:00.000Z', '11:00 ET = 08:00 PT');
        assert.equal((await check({ ...body, at: '2026-12-01T16:00:00Z' })).json().allowed, true);
        assert.equal((await check({ ...body, at: '2026-12-02T01:59:00Z' })).json().allowed, true, '20:59 ET');
        const late = await check({ ...body, at: '2026-12-02T02:00:00Z' }); // 21:00 ET, 18:00 PT
        assert.deepEqual(
          late.json().reasons.map((r: Reason) => [r.code, r.zone]),
          [['OUTSIDE_CALLING_HOURS', 'America/New_York']],
        );
        assert.equal(late.json().nextAllowedAt, '2026-12-02T16:00:00.000Z');
      });

      it('answers nextAllowedAt null when no time cures the refusal', async () => {
        const res = await check({ at: '2026-12-01T15:00:00Z', ...NY, tcpaConsent: false, policy: PLAIN });
        assert.deepEqual(codes(res), ['TCPA_NO_CONSENT_WIRELESS']);
        assert.equal(res.json().nextAllowedAt, null);
        const nowhere = await check({ at: '2026-12-01T15:00:00Z', tcpaConsent: true, zipCode: '09001' });
        assert.deepEqual(codes(nowhere), ['UNKNOWN_LOCATION']);
        assert.deepEqual(nowhere.json().candidateZones, []);
        assert.equal(nowhere.json().nextAllowedAt, null);
      });
    });

    describe('consent, several debts, military addresses', () => {
      const at = '2026-12-04T20:00:00Z'; // Friday 12:00 in Los Angeles
      const history = SEVEN_CALLS.map((c) => ({ at: c, outcome: 'no_answer' }));

      it('a consented call (a callback the consumer asked for) is excluded from 7-in-7 within seven local days of the consent', async () => {
        assert.deepEqual(codes(await check({ at, ...SF, history, policy: PLAIN })), ['REG_F_7_IN_7_CALLS']);
        const consented = await check({ at, ...SF, history, consented: true, consentGrantedAt: '2026-12-03T17:05:00Z', policy: PLAIN });
        assert.equal(consented.statusCode, 200, consented.body);
        assert.equal(consented.json().allowed, true, consented.body);
        // Given Nov 27 (day 1): Dec 3 is day 7, Dec 4 is day 8 in Los Angeles: lapsed.
        const lapsed = await check({ at, ...SF, history, consented: true, consentGrantedAt: '2026-11-27T20:00:00Z', policy: PLAIN });
        assert.deepEqual(codes(lapsed), ['REG_F_7_IN_7_CALLS']);
        const daySeven = await check({ at, ...SF, history, consented: true, consentGrantedAt: '2026-11-28T20:00:00Z', policy: PLAIN });
        assert.equal(daySeven.json().allowed, true, 'Nov 28 (day 1) … Dec 4 (day 7)');
      });

      it("a recorded call's consent counts only with its grant time", async () => {
        const six = history.slice(0, 6);
        const last = { at: SEVEN_CALLS[6], outcome: 'no_answer', consented: true };
        assert.deepEqual(codes(await check({ at, ...SF, history: [...six, last], policy: PLAIN })), ['REG_F_7_IN_7_CALLS'], 'no grant time: it counts');
        const dated = { ...last, consentGrantedAt: '2026-12-03T16:00:00Z' };
        assert.equal((await check({ at, ...SF, history: [...six, dated], policy: PLAIN })).json().allowed, true);
        const otherDebt = { ...dated, loanIds: ['A', 'B'], consentLoanIds: ['B'] };
        const forA = await check({ at, ...SF, loanId: 'A', history: [...six, otherDebt], policy: PLAIN });
        assert.deepEqual(codes(forA), ['REG_F_7_IN_7_CALLS'], 'the consent covered loan B only');
      });

      it('loanIds: a call about several debts must be allowed for each', async () => {
        const aboutB = SEVEN_CALLS.map((c) => ({ at: c, outcome: 'no_answer', loanIds: ['B'] }));
        assert.equal((await check({ at, ...SF, loanId: 'A', history: aboutB, policy: PLAIN })).json().allowed, true);
        const both = await check({ at, ...SF, loanIds: ['A', 'B'], history: aboutB, policy: PLAIN });
        assert.deepEqual(codes(both), ['REG_F_7_IN_7_CALLS']);
        assert.match(both.json().reasons[0].detail, /about loan B/);
        const withLoanId = await check({ at, ...SF, loanId: 'A', loanIds: ['B'], history: aboutB, policy: PLAIN });
        assert.deepEqual(codes(withLoanId), ['REG_F_7_IN_7_CALLS'], 'loanId and loanIds together');
      });

      it('an AI-voice call to a Minnesota consumer without consent is refused with its citation; a live operator or consent allows it', async () => {
        const mn = { at: '2026-12-01T18:00:00Z', phoneNumber: '+16125550100', lineType: 'landline', tcpaConsent: false, zipCode: '55401', policy: PLAIN };
        const refused = await check(mn);
        assert.equal(refused.statusCode, 200, refused.body);
        assert.deepEqual(codes(refused), ['MN_ARTIFICIAL_VOICE']);
        assert.equal(refused.json().reasons[0].rule, 'Minn. Stat. 325E.27');
        assert.equal(refused.json().nextAllowedAt, null);
        assert.equal((await check({ ...mn, tcpaConsent: true })).json().allowed, true);
        assert.equal((await check({ ...mn, policy: { ...PLAIN, liveOperatorIntro: true } })).json().allowed, true);
        assert.equal((await check({ ...mn, policy: { ...PLAIN, businessRelationship: true } })).json().allowed, true);
        assert.equal((await check({ ...mn, policy: { ...PLAIN, artificialVoice: false } })).json().allowed, true);
        const bad = await check({ ...mn, policy: { liveOperatorIntro: 'yes' } });
        assert.equal(bad.statusCode, 400, bad.body);
        assert.deepEqual(
          bad.json().errors.map((e: { pointer: string }) => e.pointer),
          ['/policy/liveOperatorIntro'],
        );
      });

      it('military postal codes are not listed as jurisdictions', async () => {
        const res = await check({ at, tcpaConsent: true, lineType: 'wireless', state: 'AE', zipCode: '09001', phoneNumber: '+14155550100', policy: PLAIN });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json().jurisdictions, ['CA']);
        assert.deepEqual((await check({ at, tcpaConsent: true, state: 'AP', timezone: 'Pacific/Guam' })).json().jurisdictions, []);
      });
    });

    describe('stored customers', () => {
      it('adds the stored recorded calls: the 8th call in 7 days is refused with REG_F_7_IN_7_CALLS', async () => {
        assert.equal((await t.request('POST', '/customers', { body: customerBody({ id: 'seven-1' }) })).statusCode, 201);
        for (const at of SEVEN_CALLS) await recordCall('seven-1', at);
        const at = '2026-12-04T20:00:00Z'; // Friday 12:00 in Los Angeles, no call yet that day
        const res = await check({ at, customerId: 'seven-1' });
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        assert.equal(body.allowed, false);
        assert.deepEqual(codes(res), ['REG_F_7_IN_7_CALLS']);
        assert.equal(body.reasons[0].rule, '12 CFR 1006.14(b)(2)(i)(A)');
        assert.deepEqual(body.candidateZones, ['America/Los_Angeles']);
        assert.deepEqual(body.jurisdictions, ['CA']);
        // Strict mode: the first call (Mon 17:00 UTC) must be 168 hours old, which is Monday 09:00 in LA.
        assert.equal(body.nextAllowedAt, '2026-12-07T17:00:00.000Z');

        // Without customerId the request's facts replace the stored ones: no history, no refusal.
        const adHoc = await check({ at, ...SF });
        assert.equal(adHoc.json().allowed, true, adHoc.body);
        // ...and an ad-hoc history alone is counted the same way.
        const history = SEVEN_CALLS.map((c) => ({ at: c, outcome: 'no_answer' }));
        assert.deepEqual(codes(await check({ at, ...SF, history })), ['REG_F_7_IN_7_CALLS']);
      });

      it('adds the ad-hoc history and location to the stored ones', async () => {
        assert.equal((await t.request('POST', '/customers', { body: customerBody({ id: 'merge-1' }) })).statusCode, 201);
        const at = '2026-12-04T20:00:00Z';
        assert.equal((await check({ at, customerId: 'merge-1' })).json().allowed, true);
        await recordCall('merge-1', '2026-12-03T17:00:00Z');
        const history = SEVEN_CALLS.slice(0, 6).map((c) => ({ at: c, outcome: 'voicemail' }));
        assert.deepEqual(codes(await check({ at, customerId: 'merge-1', history })), ['REG_F_7_IN_7_CALLS'], '6 ad-hoc + 1 recorded');
        assert.equal((await check({ at, customerId: 'merge-1', history: history.slice(1) })).json().allowed, true, '5 + 1');

        const widened = await check({ at, customerId: 'merge-1', zipCode: '10001' });
        assert.deepEqual(widened.json().candidateZones, ['America/New_York', 'America/Los_Angeles']);
        assert.deepEqual(widened.json().jurisdictions, ['NY', 'NYC', 'CA'], "the request's address first, then the stored one");
      });

      it('counts per debt when loanId is given', async () => {
        const history = SEVEN_CALLS.map((c) => ({ at: c, outcome: 'no_answer', loanIds: ['B'] }));
        const at = '2026-12-04T20:00:00Z';
        assert.equal((await check({ at, ...SF, loanId: 'A', history })).json().allowed, true, 'calls about B do not count for A');
        assert.deepEqual(codes(await check({ at, ...SF, history })), ['REG_F_7_IN_7_CALLS'], 'without loanId every call counts');
      });

      it('honours the stored do-not-call flag and stop reasons', async () => {
        assert.equal((await t.request('POST', '/customers', { body: customerBody({ id: 'dnc-1', doNotCall: true }) })).statusCode, 201);
        const dnc = await check({ at: '2026-12-04T20:00:00Z', customerId: 'dnc-1' });
        assert.deepEqual(codes(dnc), ['DO_NOT_CALL']);
        assert.equal(dnc.json().nextAllowedAt, null);

        assert.equal((await t.request('POST', '/customers', { body: customerBody({ id: 'atty-1' }) })).statusCode, 201);
        await recordCall('atty-1', '2026-12-01T17:00:00Z', { outcome: 'conversation', flags: ['ATTORNEY_REP'] });
        const stopped = await check({ at: '2026-12-09T20:00:00Z', customerId: 'atty-1' });
        assert.equal(stopped.json().allowed, false);
        assert.deepEqual(codes(stopped), ['CALLS_STOPPED']);
        assert.equal(stopped.json().reasons[0].rule, '15 USC 1692c(a)(2)');
        assert.equal(stopped.json().nextAllowedAt, null);
      });

      it("answers 404 for another company's customer, and for an unknown one", async () => {
        assert.equal((await t.request('POST', '/customers', { body: customerBody({ id: 'mine-1' }) })).statusCode, 201);
        for (const [customerId, key] of [
          ['mine-1', t.otherApiKey],
          ['nobody', undefined],
        ] as const) {
          const res = await check({ at: '2026-12-04T20:00:00Z', customerId }, key);
          assert.equal(res.statusCode, 404, customerId);
          assert.equal(res.json().code, 'customer_not_found');
        }
      });
    });

    describe('policy', () => {
      afterEach(async () => {
        await t.services.settings.updateCompliance(t.otherCompanyId, { policy: { startBufferMinutes: undefined }, assumeTcpaConsent: true });
      });

      it('applies the company settings, and the request policy overrides them', async () => {
        await t.services.settings.updateCompliance(t.otherCompanyId, { policy: { startBufferMinutes: 60 }, assumeTcpaConsent: false });
        const at = '2026-12-01T13:30:00Z'; // 08:30 in New York
        const { tcpaConsent: _omit, ...noConsent } = NY;
        const settingsOnly = await check({ at, ...noConsent, policy: PLAIN }, t.otherApiKey);
        assert.deepEqual(codes(settingsOnly).sort(), ['OUTSIDE_CALLING_HOURS', 'TCPA_NO_CONSENT_WIRELESS']);
        assert.match(settingsOnly.json().reasons.find((r: Reason) => r.code === 'OUTSIDE_CALLING_HOURS').detail, /09:00–21:00/);
        assert.equal(settingsOnly.json().nextAllowedAt, null);

        const consent = await check({ at, ...noConsent, tcpaConsent: true, policy: PLAIN }, t.otherApiKey);
        assert.deepEqual(codes(consent), ['OUTSIDE_CALLING_HOURS']);
        assert.equal(consent.json().nextAllowedAt, '2026-12-01T14:00:00.000Z', '09:00 with the company buffer');

        const overridden = await check({ at, ...noConsent, tcpaConsent: true, policy: { ...PLAIN, startBufferMinutes: 0 } }, t.otherApiKey);
        assert.equal(overridden.json().allowed, true);
        assert.equal((await check({ at, ...noConsent, policy: PLAIN })).json().allowed, true, "the other company's settings do not leak");
      });

      it('applies the engine defaults: no Sunday calls, nothing after 20:50', async () => {
        const sunday = await check({ at: '2026-12-06T17:00:00Z', ...NY });
        assert.deepEqual(codes(sunday), ['SUNDAY']);
        assert.equal(sunday.json().nextAllowedAt, '2026-12-07T13:00:00.000Z', 'Monday 08:00 ET');
        assert.deepEqual(codes(await check({ at: '2026-12-02T01:50:00Z', ...NY })), ['OUTSIDE_CALLING_HOURS']);
        assert.equal((await check({ at: '2026-12-02T01:49:00Z', ...NY })).json().allowed, true);
        assert.deepEqual(codes(await check({ at: '2026-12-25T17:00:00Z', ...NY })), ['FEDERAL_HOLIDAY']);
      });

      it('counts in calendar mode when asked', async () => {
        // 7 calls dated Mon–Thu; on the next Monday (Dec 7) the calendar window Dec 1–7 holds 5 of them.
        const history = SEVEN_CALLS.map((c) => ({ at: c, outcome: 'no_answer' }));
        const mondayEarly = '2026-12-07T16:00:00Z'; // 08:00 PT Monday, 167 hours after the first call
        assert.deepEqual(codes(await check({ at: mondayEarly, ...SF, history, policy: PLAIN })), ['REG_F_7_IN_7_CALLS']);
        assert.equal((await check({ at: mondayEarly, ...SF, history, policy: { ...PLAIN, mode: 'calendar' } })).json().allowed, true);
      });
    });

    describe('invalid input', () => {
      const valid = { at: '2026-12-01T15:00:00Z', ...NY };
      const pointersOf = (res: { json(): { errors: Array<{ pointer: string }> } }) => [...new Set(res.json().errors.map((e) => e.pointer))].sort();

      it('reports every failing field at once, each with its pointer', async () => {
        const res = await check({
          at: '2026-12-01 13:00',
          customerId: '',
          phoneNumber: 'call me',
          lineType: 'cell',
          tcpaConsent: 'yes',
          isWorkNumber: 1,
          zipCode: '1234',
          state: 'XX',
          timezone: 'EST',
          blockedWindows: [
            { start: '25:00', end: '9:00' },
            { start: '08:00', end: '09:00', timezone: 'Mars/Olympus' },
          ],
          history: [{ at: '2026-11-30T15:00:00', outcome: 'maybe', direction: 'sideways', channel: 'fax', phoneNumber: '12', loanIds: [''] }, {}],
          policy: {
            mode: 'loose',
            callerType: 'agency',
            startBufferMinutes: -5,
            endBufferMinutes: 1.5,
            dailyCapPerPerson: 'two',
            minGapMinutes: 1e9,
            waLicensed: 'no',
            extra: 1,
          },
          unknown: 1,
        });
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().code, 'validation_failed');
        assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
        assert.deepEqual(
          pointersOf(res),
          [
            '/at',
            '/blockedWindows/0/end',
            '/blockedWindows/0/start',
            '/blockedWindows/1/timezone',
            '/customerId',
            '/history/0/at',
            '/history/0/channel',
            '/history/0/direction',
            '/history/0/loanIds/0',
            '/history/0/outcome',
            '/history/0/phoneNumber',
            '/history/1/at',
            '/isWorkNumber',
            '/lineType',
            '/phoneNumber',
            '/policy/callerType',
            '/policy/dailyCapPerPerson',
            '/policy/endBufferMinutes',
            '/policy/extra',
            '/policy/minGapMinutes',
            '/policy/mode',
            '/policy/startBufferMinutes',
            '/policy/waLicensed',
            '/state',
            '/tcpaConsent',
            '/timezone',
            '/unknown',
            '/zipCode',
          ].sort(),
        );
      });

      const cases: Array<[string, Record<string, unknown>, string]> = [
        ['a missing at', { at: undefined }, '/at'],
        ['an instant without offset', { at: '2026-12-01T15:00:00' }, '/at'],
        ['February 30', { at: '2026-02-30T15:00:00Z' }, '/at'],
        ['hour 24', { at: '2026-12-01T24:00:00Z' }, '/at'],
        ['an offset of 24 hours', { at: '2026-12-01T15:00:00+24:00' }, '/at'],
        ['an instant before 1970', { at: '1969-12-31T23:59:59Z' }, '/at'],
        ['an instant from 2100', { at: '2100-01-01T00:00:00Z' }, '/at'],
        ['epoch milliseconds', { at: 1764601200000 }, '/at'],
        ['a toll-free number', { phoneNumber: '800-555-0100' }, '/phoneNumber'],
        ['a UK number', { phoneNumber: '+44 20 7946 0958' }, '/phoneNumber'],
        ['a fixed-offset zone', { timezone: 'Etc/GMT+5' }, '/timezone'],
        ['a lower-case unknown state', { state: 'zz' }, '/state'],
        ['a 6-digit ZIP', { zipCode: '100011' }, '/zipCode'],
        ['a window start of 24:00', { blockedWindows: [{ start: '24:00', end: '08:00' }] }, '/blockedWindows/0/start'],
        ['a window with seconds', { blockedWindows: [{ start: '08:00:00', end: '09:00' }] }, '/blockedWindows/0/start'],
        ['a window without end', { blockedWindows: [{ start: '08:00' }] }, '/blockedWindows/0/end'],
        ['a negative buffer', { policy: { startBufferMinutes: -1 } }, '/policy/startBufferMinutes'],
        ['a fractional gap', { policy: { minGapMinutes: 0.5 } }, '/policy/minGapMinutes'],
        ['a huge end buffer', { policy: { endBufferMinutes: 781 } }, '/policy/endBufferMinutes'],
        ['a string for a boolean', { policy: { blockSundays: 'off' } }, '/policy/blockSundays'],
        ['an unknown mode', { policy: { mode: 'rolling' } }, '/policy/mode'],
        ['an empty loanId', { loanId: '   ' }, '/loanId'],
        ['a history loan id that is a number', { history: [{ at: '2026-11-30T15:00:00Z', loanIds: [7] }] }, '/history/0/loanIds/0'],
        ['a null history entry', { history: [null] }, '/history/0'],
        ['a null optional field', { lineType: null }, '/lineType'],
        ['consented without its grant time', { consented: true }, '/consentGrantedAt'],
        ['a grant time without consented', { consentGrantedAt: '2026-12-01T14:00:00Z' }, '/consentGrantedAt'],
        ['a consent given after the call', { consented: true, consentGrantedAt: '2026-12-01T15:00:00.001Z' }, '/consentGrantedAt'],
        ['a consent scope without consented', { consentLoanIds: ['A'] }, '/consentLoanIds'],
        ['an empty loan id in loanIds', { loanIds: ['A', ' '] }, '/loanIds/1'],
        ['a non-string loan id in loanIds', { loanIds: [7] }, '/loanIds/0'],
        [
          'a history consent given after the contact',
          { history: [{ at: '2026-11-30T15:00:00Z', consented: true, consentGrantedAt: '2026-11-30T15:01:00Z' }] },
          '/history/0/consentGrantedAt',
        ],
        [
          'a history grant time without consented',
          { history: [{ at: '2026-11-30T15:00:00Z', consentGrantedAt: '2026-11-30T14:00:00Z' }] },
          '/history/0/consentGrantedAt',
        ],
        [
          'a malformed history grant time',
          { history: [{ at: '2026-11-30T15:00:00Z', consented: true, consentGrantedAt: 'yesterday' }] },
          '/history/0/consentGrantedAt',
        ],
      ];
      for (const [what, change, pointer] of cases) {
        it(`refuses ${what} with 400 at ${pointer}`, async () => {
          const res = await check({ ...valid, ...change });
          assert.equal(res.statusCode, 400, res.body);
          assert.deepEqual(pointersOf(res), [pointer]);
        });
      }

      it('accepts the edge values just inside the limits', async () => {
        const res = await check({
          ...valid,
          at: '2026-12-01T10:00:00.123456789-05:00',
          state: 'ny',
          zipCode: '10001-0001',
          timezone: 'US/Eastern',
          phoneNumber: '(212) 555-0100',
          blockedWindows: [{ start: '23:59', end: '24:00' }],
          policy: { startBufferMinutes: 0, endBufferMinutes: 780, dailyCapPerPerson: null, minGapMinutes: 43_200 },
        });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json().candidateZones, ['America/New_York']);
      });

      const junk: Array<[string, unknown]> = [
        ['an array', [1, 2]],
        ['null', null],
        ['a string', 'check please'],
        ['a number', 42],
        ['an empty object', {}],
        ['null at', { at: null }],
        ['an array at', { at: ['2026-12-01T15:00:00Z'] }],
        ['a huge at', { at: '2'.repeat(100_000) }],
        ['a huge phone number', { ...valid, phoneNumber: '9'.repeat(200_000) }],
        ['null history', { ...valid, history: null }],
        ['history of scalars', { ...valid, history: [1, 'x', [], true] }],
        ['loanIds of junk', { ...valid, history: [{ at: '2026-11-30T15:00:00Z', loanIds: [null, {}, []] }] }],
        ['too much history', { ...valid, history: Array.from({ length: 1001 }, () => ({ at: '2026-11-30T15:00:00Z' })) }],
        ['blockedWindows of nulls', { ...valid, blockedWindows: [null, { start: null, end: 5 }] }],
        ['a policy array', { ...valid, policy: [] }],
        ['a null policy', { ...valid, policy: null }],
        // eslint-disable-next-line no-loss-of-precision -- meant to overflow: JSON's 1e400 parses as Infinity
        ['a NaN-ish buffer', { ...valid, policy: { startBufferMinutes: 1e400 } }],
        ['a nested object for a string', { ...valid, zipCode: { zip: '10001' } }],
      ];
      for (const [what, body] of junk) {
        it(`answers ${what} with 400, never 500`, async () => {
          const res = await check(JSON.stringify(body));
          assert.equal(res.statusCode, 400, res.body);
          assert.equal(res.json().code, 'validation_failed');
          assert.ok(Array.isArray(res.json().errors) && res.json().errors.length > 0);
        });
      }

      it('answers an unparsable body and a non-JSON content type as the other POSTs do', async () => {
        assert.equal((await check('{"at": ')).statusCode, 400);
        assert.equal((await check('{"at":"2026-12-01T15:00:00Z","__proto__":{"tcpaConsent":true}}')).statusCode, 400);
        const text = await t.request('POST', '/compliance/check', { body: 'at=now', headers: { 'content-type': 'text/plain' } });
        assert.equal(text.statusCode, 415);
      });

      it('requires an API key', async () => {
        const res = await t.request('POST', '/compliance/check', { body: valid, key: null });
        assert.equal(res.statusCode, 401);
      });
    });

    describe('Idempotency-Key', () => {
      it('replays the same answer for the same key and body, and refuses another body with 422', async () => {
        const body = { at: '2026-12-01T12:59:00Z', ...NY, policy: PLAIN };
        const first = await check(body, undefined, { 'idempotency-key': 'check-1' });
        assert.equal(first.statusCode, 200);
        const again = await check(body, undefined, { 'idempotency-key': 'check-1' });
        assert.equal(again.statusCode, 200);
        assert.equal(again.headers['idempotent-replayed'], 'true');
        assert.deepEqual(again.json(), first.json());
        const other = await check({ ...body, at: '2026-12-01T13:00:00Z' }, undefined, { 'idempotency-key': 'check-1' });
        assert.equal(other.statusCode, 422);
        assert.equal(other.json().code, 'idempotency_key_reused');
      });

      it('does not claim the key for an invalid request', async () => {
        const bad = await check({ at: 'soon' }, undefined, { 'idempotency-key': 'check-2' });
        assert.equal(bad.statusCode, 400);
        const good = await check({ at: '2026-12-01T13:00:00Z', ...NY }, undefined, { 'idempotency-key': 'check-2' });
        assert.equal(good.statusCode, 200, good.body);
      });
    });

    it('is documented in the OpenAPI document with an example', async () => {
      const spec = (await t.request('GET', '/openapi.json')).json();
      const op = spec.paths['/compliance/check']?.post;
      assert.ok(op);
      assert.deepEqual(op.tags, ['Compliance']);
      assert.ok(JSON.stringify(op.requestBody).includes('2026-12-01T13:00:00Z'));
      assert.ok(op.responses['200'] && op.responses['400'] && op.responses['404']);
    });
  });
}
