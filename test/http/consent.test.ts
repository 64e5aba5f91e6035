/**
 * The consent ledger end to end: a consumer's stop is recorded as a revocation, and no path —
 * a schedule sync, a PATCH, an LMS sync, deleting and creating the customer again, a retried
 * request — undoes it; only a newer consent with its evidence does. Deleted customers' calls
 * and consent are kept and inherited; the company's consent default is a dated attestation.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';
import { customerViolations, pendingOf } from '../helpers/plan-check.ts';
import type { CheckedItem } from '../../src/services/bulk-import.ts';

/** Monday 2026-11-23, 08:00 in San Francisco: calling hours everywhere the tests' customers are. */
const START = Date.parse('2026-11-23T16:00:00.000Z');
const HOUR = 3_600_000;

interface CallingStopped {
  reason: string;
  since: string;
  source: string;
  eventId: string;
}
interface ConsentEvent {
  id: string;
  kind: string;
  phoneNumber: string | null;
  source: string;
  evidence: string | null;
  callId: string | null;
  recordedBy: string | null;
}
interface ConsentView {
  customerId: string;
  customerExists: boolean;
  standing: Array<{ phoneNumber: string; aiVoiceConsent: boolean; consentFrom: string | null; callingStopped: CallingStopped | null }>;
  companyAttestation: { since: string; eventId: string } | null;
  events: ConsentEvent[];
}

for (const backend of backends) {
  describe(`consent ledger (${backend})`, () => {
    let t: TestApp;
    let now = START;
    before(async () => {
      t = await startTestApp(backend, { clock: () => new Date(now) });
    });
    after(() => t.close());

    const syncBody = (id: string, extra: Record<string, unknown> = {}) =>
      customerBody({ id, email: 'ana@example.com', birthday: '1985-06-15', ssnLastFour: '1234', ...extra });

    async function create(body: Record<string, unknown>, key?: string): Promise<Record<string, unknown>> {
      const res = await t.request('POST', '/customers', { body, ...(key ? { key } : {}) });
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    }

    /** The consumer says "stop calling me" on a call a minute ago. */
    async function stopRequest(customerId: string, phoneNumber = '+14155550100'): Promise<string> {
      const res = await t.request('POST', '/calls', {
        body: { customerId, toPhoneNumber: phoneNumber, timestamp: new Date(now - 60_000).toISOString(), outcome: 'conversation', flags: ['RPC', 'DNC'] },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string }>().id;
    }

    async function consentOf(id: string, key?: string): Promise<ConsentView> {
      const res = await t.request('GET', `/customers/${encodeURIComponent(id)}/consent`, key ? { key } : {});
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    }

    const customer = async (id: string) => (await t.request('GET', `/customers/${encodeURIComponent(id)}`)).json<Record<string, unknown>>();

    it("a DNC on a recorded call is the consumer's revocation in the ledger, and the customer says calling is stopped", async () => {
      await create(customerBody({ id: 'dnc-1' }));
      assert.ok((await pendingOf(t, 'dnc-1')).length > 0);
      const callId = await stopRequest('dnc-1');
      const stored = await customer('dnc-1');
      const stopped = stored.callingStopped as CallingStopped;
      assert.equal(stopped.reason, 'consent_revoked');
      assert.equal(stopped.source, 'call');
      assert.equal(stopped.since, new Date(now - 60_000).toISOString());
      assert.deepEqual(await pendingOf(t, 'dnc-1'), []);

      const ledger = await consentOf('dnc-1');
      assert.equal(ledger.customerExists, true);
      assert.equal(ledger.events.length, 1);
      const [event] = ledger.events;
      assert.equal(event!.kind, 'revoked');
      assert.equal(event!.source, 'call');
      assert.equal(event!.callId, callId);
      assert.equal(event!.phoneNumber, null, 'a stop on a call covers every number of the customer');
      assert.equal(event!.id, stopped.eventId);
      assert.deepEqual(ledger.standing, [{ phoneNumber: '+14155550100', aiVoiceConsent: false, consentFrom: null, callingStopped: stopped }]);
      assert.ok(ledger.companyAttestation, "the demo company's default consent is its dated attestation");
    });

    it('a schedule sync sending doNotCall: false succeeds for its other fields, and says calling stays off', async () => {
      await create(customerBody({ id: 'sync-stop' }));
      await stopRequest('sync-stop');
      const res = await t.request('POST', '/customers/schedule/sync', { body: syncBody('sync-stop', { firstName: 'Anita', doNotCall: false }) });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.firstName, 'Anita');
      assert.equal(body.doNotCall, false, "the lender's own flag is the lender's to clear");
      assert.equal(body.callingStopped.reason, 'consent_revoked');
      assert.equal(body.callingStopped.source, 'call');
      assert.equal(body.scheduleCreated, false);
      assert.equal(body.tasksCreated, 0);
      assert.deepEqual(await pendingOf(t, 'sync-stop'), []);
      assert.equal((await customer('sync-stop')).firstName, 'Anita');
    });

    it('a PATCH sending doNotCall: false (or a new number) leaves calling off, and says so', async () => {
      await create(customerBody({ id: 'patch-stop' }));
      await stopRequest('patch-stop');
      const res = await t.request('PATCH', '/customers/patch-stop', { body: { doNotCall: false, email: 'new@example.com' } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().doNotCall, false);
      assert.equal(res.json().email, 'new@example.com');
      assert.equal(res.json().callingStopped.source, 'call');
      assert.deepEqual(await pendingOf(t, 'patch-stop'), []);
      const moved = await t.request('PATCH', '/customers/patch-stop', {
        body: { phoneNumber: '+12125550100', zipCode: '10001', state: 'NY', city: 'New York' },
      });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.ok(moved.json().callingStopped, 'the stop covers every number of the customer');
      assert.deepEqual(await pendingOf(t, 'patch-stop'), []);
    });

    it('an LMS sync (sync: true, doNotCall: false) and an LMS webhook re-sync leave calling off', async () => {
      const created = await create({ id: 'demo-1001', taskType: 'collections', sync: true });
      assert.ok((await pendingOf(t, 'demo-1001')).length > 0);
      await stopRequest('demo-1001', created.phoneNumber as string);
      const synced = await t.request('POST', '/customers/schedule/sync', { body: { id: 'demo-1001', taskType: 'collections', sync: true, doNotCall: false } });
      assert.equal(synced.statusCode, 200, synced.body);
      assert.equal(synced.json().doNotCall, false);
      assert.ok(synced.json().callingStopped, synced.body);
      assert.equal(synced.json().tasksCreated, 0);
      const webhook = await t.request('POST', '/webhooks/lms/sync/customer-full', { body: { customerId: 'demo-1001' } });
      assert.equal(webhook.statusCode, 200, webhook.body);
      assert.deepEqual(await pendingOf(t, 'demo-1001'), []);
      assert.ok((await customer('demo-1001')).callingStopped);
    });

    it("a keyed create with sync: true of a deleted customer's id inherits its stop (the write runs under the key)", async () => {
      const created = await create({ id: 'demo-1002', taskType: 'collections', sync: true });
      await stopRequest('demo-1002', created.phoneNumber as string);
      assert.equal((await t.request('DELETE', '/customers/demo-1002')).statusCode, 204);
      const again = await t.request('POST', '/customers', {
        body: { id: 'demo-1002', taskType: 'collections', sync: true },
        headers: { 'idempotency-key': 'demo-1002-again' },
      });
      assert.equal(again.statusCode, 201, again.body);
      assert.ok(again.json().callingStopped, again.body);
      assert.deepEqual(await pendingOf(t, 'demo-1002'), []);
    });

    it('deleting and creating the customer again keeps the stop: the new customer inherits the revocation', async () => {
      await create(customerBody({ id: 'again-1' }));
      await stopRequest('again-1');
      assert.equal((await t.request('DELETE', '/customers/again-1')).statusCode, 204);
      const kept = await consentOf('again-1');
      assert.equal(kept.customerExists, false);
      assert.equal(kept.events.length, 1, 'the consent history outlives the customer');
      assert.ok(kept.standing[0]!.callingStopped);
      assert.equal((await t.request('GET', '/customers/again-1')).statusCode, 404);

      const recreated = await create(customerBody({ id: 'again-1', doNotCall: false }));
      assert.equal((recreated.callingStopped as CallingStopped).eventId, kept.events[0]!.id);
      assert.deepEqual(await pendingOf(t, 'again-1'), []);
      // By a schedule sync too, and in the answer.
      assert.equal((await t.request('DELETE', '/customers/again-1')).statusCode, 204);
      const synced = await t.request('POST', '/customers/schedule/sync', { body: syncBody('again-1', { doNotCall: false }) });
      assert.equal(synced.statusCode, 200, synced.body);
      assert.ok(synced.json().callingStopped);
      assert.equal(synced.json().tasksCreated, 0);
      assert.equal((await t.request('GET', '/calls/customer/again-1')).json<unknown[]>().length, 1, 'the recorded call was kept');
    });

    it("a revocation recorded between a re-create's read of the kept records and its write still stops calls", async () => {
      await create(customerBody({ id: 'race-1' }));
      // An ordinary call, so that the id keeps records once deleted, but no stop yet.
      const called = await t.request('POST', '/calls', {
        body: { customerId: 'race-1', toPhoneNumber: '+14155550100', timestamp: new Date(now - 60_000).toISOString(), outcome: 'no_answer' },
      });
      assert.equal(called.statusCode, 201, called.body);
      assert.equal((await t.request('DELETE', '/customers/race-1')).statusCode, 204);
      // The create plans (no stop)…
      const prepared = await t.services.customers.prepareCreate(t.companyId, { body: customerBody({ id: 'race-1' }), schemaErrors: [] });
      assert.equal(prepared.write.tasks.length > 0, true);
      // …the consumer's opt-out arrives for the deleted customer's id…
      const revoked = await t.request('POST', '/customers/race-1/consent', { body: { kind: 'revoked', channel: 'email', source: 'inbound_opt_out' } });
      assert.equal(revoked.statusCode, 201, revoked.body);
      // …and then the create writes: from the records as they are now, and it answers with them.
      const result = await t.services.customers.commitCreate(prepared);
      assert.equal(result.outcome, 'created');
      assert.ok(result.outcome === 'created' && result.customer.callingStopped, 'the answer shows the stop');
      assert.ok((await customer('race-1')).callingStopped, 'the opt-out is honoured');
      assert.deepEqual(await pendingOf(t, 'race-1'), []);

      // The same in a bulk import, between a chunk's checks and its write.
      assert.equal((await t.request('DELETE', '/customers/race-1')).statusCode, 204);
      const lifted = await t.request('POST', '/customers/race-1/consent', { body: { kind: 'granted', channel: 'web', evidence: 'Portal consent form 9' } });
      assert.equal(lifted.statusCode, 201, lifted.body);
      const checked = await t.services.bulkImport.checkChunk(t.companyId, [customerBody({ id: 'race-1' })], 0);
      const again = await t.request('POST', '/customers/race-1/consent', { body: { kind: 'revoked', channel: 'mail', source: 'inbound_opt_out' } });
      assert.equal(again.statusCode, 201, again.body);
      const written = await t.services.db.transaction().execute((trx) => t.services.bulkImport.writeChunk(trx, checked as CheckedItem[]));
      assert.equal(written[0]!.outcome, 'created');
      assert.ok((await customer('race-1')).callingStopped, 'the opt-out is honoured by the import too');
      assert.deepEqual(await pendingOf(t, 'race-1'), []);
    });

    it('a create planned while its id was free of records still inherits what a customer deleted meanwhile left', async () => {
      await create(customerBody({ id: 'race-2' }));
      // A second create of the id is planned while the first customer has no calls and no stops…
      const prepared = await t.services.customers.prepareCreate(t.companyId, { body: customerBody({ id: 'race-2' }), schemaErrors: [] });
      // …then the first customer asks not to be called and is deleted…
      await stopRequest('race-2');
      assert.equal((await t.request('DELETE', '/customers/race-2')).statusCode, 204);
      // …and the second create writes: the stop the deleted customer left is not lost.
      const result = await t.services.customers.commitCreate(prepared);
      assert.equal(result.outcome, 'created');
      assert.ok((await customer('race-2')).callingStopped, 'the stop outlived the delete');
      assert.deepEqual(await pendingOf(t, 'race-2'), []);
    });

    it('a keyed create of an id with kept records answers from them, and its retry replays that answer', async () => {
      await create(customerBody({ id: 'keyed-again-1' }));
      await stopRequest('keyed-again-1');
      assert.equal((await t.request('DELETE', '/customers/keyed-again-1')).statusCode, 204);
      const send = () =>
        t.request('POST', '/customers', { body: customerBody({ id: 'keyed-again-1' }), headers: { 'idempotency-key': 'keyed-again-1-create' } });
      const first = await send();
      assert.equal(first.statusCode, 201, first.body);
      assert.ok(first.json().callingStopped, 'the answer shows the inherited stop');
      const retry = await send();
      assert.equal(retry.statusCode, 201, retry.body);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.equal(retry.body, first.body);
      assert.deepEqual(await pendingOf(t, 'keyed-again-1'), []);
    });

    it('a bulk import creating the customer again keeps the stop, asking about the whole chunk at once', async () => {
      await create(customerBody({ id: 'bulk-again-1' }));
      await stopRequest('bulk-again-1');
      assert.equal((await t.request('DELETE', '/customers/bulk-again-1')).statusCode, 204);
      const results = await t.services.bulkImport.importChunk(
        t.companyId,
        [customerBody({ id: 'bulk-fresh-1' }), customerBody({ id: ' bulk-again-1 ', doNotCall: false }), customerBody({ id: 'bulk-fresh-2' })],
        0,
      );
      assert.deepEqual(
        results.map((r) => r.outcome),
        ['created', 'created', 'created'],
      );
      assert.ok((await customer('bulk-again-1')).callingStopped, 'the revocation outlived the delete');
      assert.deepEqual(await pendingOf(t, 'bulk-again-1'), []);
      assert.ok((await pendingOf(t, 'bulk-fresh-1')).length > 0, 'a new id is planned as usual');
    });

    it('a customer created again counts the calls already made (7-in-7) and keeps stops from recorded calls', async () => {
      await create(customerBody({ id: 'seven-1' }));
      for (let k = 0; k < 7; k++) {
        const res = await t.request('POST', '/calls', {
          body: {
            customerId: 'seven-1',
            toPhoneNumber: '+14155550100',
            timestamp: new Date(now - (6 - k) * 20 * HOUR - HOUR).toISOString(),
            outcome: 'no_answer',
          },
        });
        assert.equal(res.statusCode, 201, res.body);
      }
      assert.equal((await t.request('DELETE', '/customers/seven-1')).statusCode, 204);
      await create(customerBody({ id: 'seven-1' }));
      const pending = await pendingOf(t, 'seven-1');
      assert.ok(pending.length > 0, 'calling may resume once the 7-day window allows');
      // The earliest kept call is 121 hours old: an 8th call waits until it is 168 hours old.
      const first = Math.min(...pending.map((task) => Date.parse(task.scheduledFor)));
      assert.ok(first >= now + 47 * HOUR, `first attempt ${new Date(first).toISOString()}`);
      assert.deepEqual(await customerViolations(t, 'seven-1'), []);

      await create(customerBody({ id: 'attorney-1' }));
      const res = await t.request('POST', '/calls', {
        body: {
          customerId: 'attorney-1',
          toPhoneNumber: '+14155550100',
          timestamp: new Date(now - HOUR).toISOString(),
          outcome: 'conversation',
          flags: ['ATTORNEY_REP'],
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal((await t.request('DELETE', '/customers/attorney-1')).statusCode, 204);
      const again = await create(customerBody({ id: 'attorney-1' }));
      assert.match(again.stopReason as string, /^ATTORNEY_REP reported on call /);
      assert.deepEqual(await pendingOf(t, 'attorney-1'), []);
    });

    it("another company's customer with the same id inherits nothing, and cannot read or write the ledger", async () => {
      await create(customerBody({ id: 'shared-1' }));
      await stopRequest('shared-1');
      assert.equal((await t.request('DELETE', '/customers/shared-1')).statusCode, 204);
      const theirs = await create(customerBody({ id: 'shared-1' }), t.otherApiKey);
      assert.equal(theirs.callingStopped, undefined);
      assert.deepEqual((await consentOf('shared-1', t.otherApiKey)).events, []);
      assert.equal((await t.request('GET', '/customers/dnc-1/consent', { key: t.otherApiKey })).statusCode, 404);
      const write = await t.request('POST', '/customers/dnc-1/consent', { key: t.otherApiKey, body: { kind: 'granted', channel: 'web', evidence: 'form 7' } });
      assert.equal(write.statusCode, 404, write.body);
      assert.ok((await customer('dnc-1')).callingStopped, 'unchanged');
    });

    it('a retried request (Idempotency-Key) replays its answer and undoes no stop', async () => {
      await create(customerBody({ id: 'retry-1' }));
      const headers = { 'idempotency-key': 'retry-sync-1' };
      const body = syncBody('retry-1', { doNotCall: false });
      const first = await t.request('POST', '/customers/schedule/sync', { body, headers });
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().scheduleCreated, true);
      await stopRequest('retry-1');
      const retried = await t.request('POST', '/customers/schedule/sync', { body, headers });
      assert.equal(retried.headers['idempotent-replayed'], 'true');
      assert.deepEqual(await pendingOf(t, 'retry-1'), []);
      assert.ok((await customer('retry-1')).callingStopped);

      // A revocation sent twice is recorded once; the same key for another customer is refused,
      // never answered with the first customer's replay (which would lose this revocation).
      await create(customerBody({ id: 'retry-2' }));
      await create(customerBody({ id: 'retry-3' }));
      const revoke = { kind: 'revoked', channel: 'sms', source: 'inbound_opt_out', evidence: 'Replied STOP' };
      const keyed = { 'idempotency-key': 'revoke-1' };
      const once = await t.request('POST', '/customers/retry-2/consent', { body: revoke, headers: keyed });
      assert.equal(once.statusCode, 201, once.body);
      const twice = await t.request('POST', '/customers/retry-2/consent', { body: revoke, headers: keyed });
      assert.equal(twice.statusCode, 201);
      assert.equal(twice.headers['idempotent-replayed'], 'true');
      assert.equal((await consentOf('retry-2')).events.length, 1);
      const elsewhere = await t.request('POST', '/customers/retry-3/consent', { body: revoke, headers: keyed });
      assert.equal(elsewhere.statusCode, 422, elsewhere.body);
      assert.equal(elsewhere.json().code, 'idempotency_key_reused');
    });

    it("only a newer consent with evidence clears a revocation — never the lender's attestation or an older consent", async () => {
      await create(customerBody({ id: 'clear-1' }));
      await stopRequest('clear-1');
      const post = (body: Record<string, unknown>) => t.request('POST', '/customers/clear-1/consent', { body });
      const lender = await post({ kind: 'granted', channel: 'other', source: 'lender', evidence: 'Lender attests consent' });
      assert.equal(lender.statusCode, 201, lender.body);
      assert.ok(lender.json<ConsentView>().standing[0]!.callingStopped, 'an attestation never clears a revocation');
      const older = await post({ kind: 'granted', channel: 'web', evidence: 'Portal consent form 41', effectiveAt: new Date(now - HOUR).toISOString() });
      assert.equal(older.statusCode, 201, older.body);
      assert.ok(older.json<ConsentView>().standing[0]!.callingStopped, 'a consent dated before the revocation was superseded by it');
      const missing = await post({ kind: 'granted', channel: 'web' });
      assert.equal(missing.statusCode, 400, missing.body);
      assert.deepEqual(
        missing.json().errors.map((e: { pointer: string }) => e.pointer),
        ['/evidence'],
      );
      // doNotCall, which the DNC also set, stays the lender's to clear.
      assert.equal((await t.request('PATCH', '/customers/clear-1', { body: { doNotCall: false } })).statusCode, 200);
      assert.deepEqual(await pendingOf(t, 'clear-1'), []);

      const consent = await post({
        kind: 'granted',
        channel: 'call',
        evidence: 'Consumer asked to be called again, recorded call 2026-11-23 07:58 PT',
        phoneNumber: '(415) 555-0100',
      });
      assert.equal(consent.statusCode, 201, consent.body);
      const view = consent.json<ConsentView>();
      assert.deepEqual(view.standing, [{ phoneNumber: '+14155550100', aiVoiceConsent: true, consentFrom: 'customer', callingStopped: null }]);
      assert.equal(view.events.length, 4);
      assert.equal(view.events.at(-1)!.recordedBy?.startsWith('key_'), true, 'the API key that recorded it');
      assert.equal((await customer('clear-1')).callingStopped, undefined);
      assert.ok((await pendingOf(t, 'clear-1')).length > 0, 'the plan is rebuilt');
      assert.deepEqual(await customerViolations(t, 'clear-1'), []);

      // A revocation through the API stops calling at once, like one on a call.
      const revoked = await post({ kind: 'revoked', channel: 'mail', source: 'inbound_opt_out' });
      assert.equal(revoked.statusCode, 201, revoked.body);
      assert.equal(revoked.json<ConsentView>().standing[0]!.callingStopped?.source, 'inbound_opt_out');
      assert.deepEqual(await pendingOf(t, 'clear-1'), []);
    });

    it('refuses an invalid event naming every failing field, and writes nothing', async () => {
      await create(customerBody({ id: 'bad-1' }));
      const res = await t.request('POST', '/customers/bad-1/consent', {
        body: {
          kind: 'maybe',
          channel: 'fax',
          phoneNumber: '800-555-0100',
          effectiveAt: '2026-02-30T10:00:00Z',
          scope: { channel: 'pigeon' },
          source: 'rumour',
          evidence: 'x',
          extra: true,
        },
      });
      assert.equal(res.statusCode, 400, res.body);
      const problem = res.json();
      assert.equal(problem.code, 'validation_failed');
      const pointers = new Set(problem.errors.map((e: { pointer: string }) => e.pointer));
      for (const pointer of ['/kind', '/channel', '/phoneNumber', '/effectiveAt', '/scope/channel', '/source'])
        assert.ok(pointers.has(pointer), `${pointer} in ${res.body}`);
      assert.ok(!res.body.includes('800-555-0100'), 'no value echoed');
      const future = await t.request('POST', '/customers/bad-1/consent', {
        body: { kind: 'revoked', channel: 'call', effectiveAt: new Date(now + 24 * HOUR).toISOString() },
      });
      assert.equal(future.statusCode, 400, future.body);
      assert.deepEqual((await consentOf('bad-1')).events, []);
      assert.ok((await pendingOf(t, 'bad-1')).length > 0);
      const unknown = await t.request('POST', '/customers/nobody/consent', { body: { kind: 'revoked', channel: 'call' } });
      assert.equal(unknown.statusCode, 404, unknown.body);
      assert.equal(unknown.json().code, 'customer_not_found');
      assert.equal((await t.request('GET', '/customers/nobody/consent')).statusCode, 404);
    });

    it("the company's consent default is a dated attestation: withdrawn, calls need the customer's own consent", async () => {
      await t.services.settings.updateCompliance(t.otherCompanyId, { assumeTcpaConsent: false });
      try {
        await create(customerBody({ id: 'attest-1' }), t.otherApiKey);
        assert.deepEqual(await pendingOf(t, 'attest-1', t.otherApiKey), [], 'an unknown line without consent is not called');
        const before = await consentOf('attest-1', t.otherApiKey);
        assert.equal(before.companyAttestation, null);
        assert.equal(before.standing[0]!.aiVoiceConsent, false);
        const res = await t.request('POST', '/customers/attest-1/consent', {
          key: t.otherApiKey,
          body: {
            kind: 'granted',
            channel: 'web',
            evidence: 'Consent to AI-voice calls, portal checkbox, 2026-11-20',
            scope: { artificialVoice: true, channel: 'voice' },
          },
        });
        assert.equal(res.statusCode, 201, res.body);
        assert.equal(res.json<ConsentView>().standing[0]!.consentFrom, 'customer');
        assert.ok((await pendingOf(t, 'attest-1', t.otherApiKey)).length > 0);
      } finally {
        await t.services.settings.updateCompliance(t.otherCompanyId, { assumeTcpaConsent: true });
      }
      const settings = await t.services.settings.compliance(t.otherCompanyId);
      assert.ok(settings.attestation && settings.attestation.since instanceof Date);
    });

    it('purges kept records once the retention period after their last activity has passed, never a live customer’s', async () => {
      const kept = async (id: string) =>
        Number(
          (
            await t.services.db
              .selectFrom('calls')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('company_id', '=', t.companyId)
              .where('customer_id', '=', id)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const saved = now;
      try {
        now = START + 2 * 365 * 24 * HOUR;
        const early = await t.services.consent.purgeExpired(3);
        assert.deepEqual([early.calls, early.consentEvents], [0, 0], 'within three years nothing goes');
        now = START + 4 * 366 * 24 * HOUR;
        const late = await t.services.consent.purgeExpired(3, t.companyId);
        assert.ok(late.calls > 0 && late.consentEvents > 0, JSON.stringify(late));
        assert.equal(await kept('seven-1'), 7, 'a customer that exists keeps its calls');
        assert.equal(await kept('shared-1'), 0, "the deleted customer's calls are gone");
        assert.equal((await t.request('GET', '/customers/shared-1/consent')).statusCode, 404);
        assert.equal((await consentOf('shared-1', t.otherApiKey)).customerExists, true, 'another company is untouched');
      } finally {
        now = saved;
      }
    });
  });
}
