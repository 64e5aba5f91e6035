/**
 * The audit trail: a change through the API — a PATCH, a sync, a delete, a recorded call, consent,
 * a dispatch pause, a change to a webhook endpoint — records which key made it, when, and the names
 * of the fields — never their values — in the change's own transaction (a refused change records
 * nothing); the trail is the company's alone and outlives the customer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';

interface AuditEvent {
  id: string;
  at: string;
  apiKeyId: string;
  apiKeyPrefix: string | null;
  apiKeyName: string | null;
  action: string;
  customerId: string | null;
  webhookEndpointId: string | null;
  fields: string[];
}

for (const backend of backends) {
  describe(`the audit trail (${backend})`, () => {
    let t: TestApp;
    const events = async (query: string, key?: string): Promise<AuditEvent[]> => {
      const res = await t.request('GET', `/audit-events${query}`, key === undefined ? {} : { key });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<AuditEvent[]>();
    };

    before(async () => {
      t = await startTestApp(backend);
      for (const id of ['AUD-1', 'AUD-2']) assert.equal((await t.request('POST', '/customers', { body: customerBody({ id }) })).statusCode, 201);
    });
    after(async () => t?.close());

    it('records which key changed which fields of whom, and when — not the values', async () => {
      const before = Date.now();
      const res = await t.request('PATCH', '/customers/AUD-1', { body: { doNotCall: true, firstName: 'Zelda', email: null } });
      assert.equal(res.statusCode, 200, res.body);
      const trail = await events('?customerId=AUD-1');
      assert.equal(trail.length, 1);
      const [event] = trail as [AuditEvent];
      const principal = await t.services.auth.authenticate(t.apiKey);
      assert.equal(event.apiKeyId, principal?.keyId);
      assert.equal(event.apiKeyPrefix, t.apiKey.slice(0, 9));
      assert.equal(event.action, 'customer.updated');
      assert.equal(event.customerId, 'AUD-1');
      assert.deepEqual([...event.fields].sort(), ['doNotCall', 'email', 'firstName']);
      assert.ok(Date.parse(event.at) >= before - 1000 && Date.parse(event.at) <= Date.now() + 1000, event.at);
      assert.ok(!JSON.stringify(trail).includes('Zelda'), 'values are not on the trail');
    });

    it('records nothing for a refused change', async () => {
      assert.equal((await t.request('PATCH', '/customers/AUD-2', { body: { phoneNumber: 'not a number', state: 'ZZ' } })).statusCode, 400);
      assert.equal((await t.request('PATCH', '/customers/NOBODY', { body: { doNotCall: true } })).statusCode, 404);
      assert.deepEqual(await events('?customerId=AUD-2'), []);
      assert.deepEqual(await events('?customerId=NOBODY'), []);
    });

    it('lists newest first, company-wide or per customer, and outlives the customer', async () => {
      assert.equal((await t.request('POST', '/scheduled-calls/AUD-2', { body: { scheduleType: 'servicing' } })).statusCode < 300, true);
      const all = await events('');
      assert.deepEqual(
        all.map((e) => e.customerId),
        ['AUD-2', 'AUD-1'],
      );
      assert.deepEqual(all[0]?.fields, ['taskType']);
      assert.equal((await events('?limit=1')).length, 1);
      assert.equal((await t.request('DELETE', '/customers/AUD-1')).statusCode, 204);
      assert.deepEqual(
        (await events('?customerId=AUD-1')).map((e) => e.action),
        ['customer.deleted', 'customer.updated'],
        'the delete is on the trail, and the trail outlives the customer',
      );
    });

    it('records recorded calls, consent, syncs and dispatch pauses by field name, never value', async () => {
      assert.equal((await t.request('POST', '/customers', { body: customerBody({ id: 'AUD-3' }) })).statusCode, 201);
      const call = await t.request('POST', '/calls', {
        body: { customerId: 'AUD-3', toPhoneNumber: '+14155550100', timestamp: new Date().toISOString(), outcome: 'no_answer', summarization: 'Secret words' },
      });
      assert.equal(call.statusCode, 201, call.body);
      const consent = await t.request('POST', '/customers/AUD-3/consent', {
        body: { kind: 'revoked', channel: 'sms', source: 'inbound_opt_out', evidence: 'Replied STOP' },
      });
      assert.equal(consent.statusCode, 201, consent.body);
      const sync = await t.request('POST', '/customers/schedule/sync', {
        body: customerBody({ id: 'AUD-3', email: 'hidden@example.com', birthday: '1980-01-02', ssnLastFour: '4321' }),
      });
      assert.equal(sync.statusCode, 200, sync.body);
      const trail = await events('?customerId=AUD-3');
      assert.deepEqual(
        trail.map((e) => e.action),
        ['customer.synced', 'consent.revoked', 'call.recorded'],
      );
      assert.deepEqual([...(trail[2]?.fields ?? [])].sort(), ['customerId', 'outcome', 'summarization', 'timestamp', 'toPhoneNumber']);
      assert.deepEqual([...(trail[1]?.fields ?? [])].sort(), ['channel', 'evidence', 'kind', 'source']);
      assert.ok(trail[0]?.fields.includes('ssnLastFour') && !trail[0].fields.includes('id'));
      for (const secret of ['Secret words', 'Replied STOP', 'hidden@example.com', '4321', '1980-01-02', '+14155550100']) {
        assert.ok(!JSON.stringify(trail).includes(secret), `no value on the trail: ${secret}`);
      }

      assert.equal((await t.request('POST', '/dispatch/pause')).statusCode, 200);
      assert.equal((await t.request('POST', '/dispatch/resume')).statusCode, 200);
      const company = await events('?limit=2');
      assert.deepEqual(
        company.map((e) => [e.action, e.customerId, e.fields]),
        [
          ['dispatch.resumed', null, ['paused']],
          ['dispatch.paused', null, ['paused']],
        ],
      );
      assert.equal(company[0]?.apiKeyPrefix, t.apiKey.slice(0, 9));
      assert.deepEqual(await events('', t.otherApiKey), [], "another company's trail holds none of it");
    });

    it('records every change to a webhook endpoint — which key, which endpoint, which fields — never the URL or the secret', async () => {
      const url = 'http://127.0.0.1:9/hooks/secret-path-token';
      const created = await t.request('POST', '/webhook-endpoints', { body: { url, eventTypes: ['call.completed'], description: 'Collections system' } });
      assert.equal(created.statusCode, 201, created.body);
      const { endpoint, secret } = created.json<{ endpoint: { id: string }; secret: string }>();
      const patched = await t.request('PATCH', `/webhook-endpoints/${endpoint.id}`, { body: { url: 'http://127.0.0.1:9/elsewhere', enabled: false } });
      assert.equal(patched.statusCode, 200, patched.body);
      const rotated = await t.request('POST', `/webhook-endpoints/${endpoint.id}/rotate-secret`);
      assert.equal(rotated.statusCode, 200, rotated.body);
      const until = new Date().toISOString();
      const since = new Date(Date.now() - 86_400_000).toISOString();
      assert.equal((await t.request('POST', `/webhook-endpoints/${endpoint.id}/redeliver`, { body: { since, until } })).statusCode, 202);
      assert.equal((await t.request('DELETE', `/webhook-endpoints/${endpoint.id}`)).statusCode, 204);

      const trail = await events(`?webhookEndpointId=${endpoint.id}`);
      assert.deepEqual(
        trail.map((e) => [e.action, [...e.fields].sort()]),
        [
          ['webhook_endpoint.deleted', []],
          ['webhook_endpoint.redelivery_requested', ['since', 'until']],
          ['webhook_endpoint.secret_rotated', ['secret']],
          ['webhook_endpoint.updated', ['enabled', 'url']],
          ['webhook_endpoint.created', ['description', 'eventTypes', 'url']],
        ],
      );
      const principal = await t.services.auth.authenticate(t.apiKey);
      for (const event of trail) {
        assert.equal(event.webhookEndpointId, endpoint.id);
        assert.equal(event.customerId, null);
        assert.equal(event.apiKeyId, principal?.keyId);
      }
      const rotatedSecret = rotated.json<{ secret: string }>().secret;
      for (const value of [url, 'secret-path-token', 'elsewhere', 'Collections system', secret, rotatedSecret, since, until]) {
        assert.ok(!JSON.stringify(trail).includes(value), `no value on the trail: ${value}`);
      }
      assert.equal((await events('?limit=1'))[0]?.webhookEndpointId, endpoint.id, 'on the company-wide trail too');
      assert.deepEqual(await events(`?webhookEndpointId=${endpoint.id}`, t.otherApiKey), [], "not on another company's trail");
    });

    it('records nothing for a refused change to a webhook endpoint', async () => {
      const created = await t.request('POST', '/webhook-endpoints', { body: { url: 'http://127.0.0.1:9/kept', eventTypes: ['call.completed'] } });
      assert.equal(created.statusCode, 201, created.body);
      const { id } = created.json<{ endpoint: { id: string } }>().endpoint;
      const before = (await events('')).length;
      const refused = [
        await t.request('POST', '/webhook-endpoints', { body: { url: 'ftp://127.0.0.1/x', eventTypes: ['call.completed'] } }),
        await t.request('PATCH', `/webhook-endpoints/${id}`, { body: { eventTypes: ['no.such.event'] } }),
        await t.request('PATCH', '/webhook-endpoints/whe_nobody', { body: { enabled: false } }),
        await t.request('PATCH', `/webhook-endpoints/${id}`, { body: { enabled: false }, key: t.otherApiKey }),
        await t.request('POST', `/webhook-endpoints/${id}/rotate-secret`, { key: t.otherApiKey }),
        await t.request('POST', `/webhook-endpoints/${id}/redeliver`, { body: { since: 'yesterday' } }),
        await t.request('POST', `/webhook-endpoints/${id}/redeliver`, { body: { eventId: 'whev_nobody' } }),
        await t.request('DELETE', '/webhook-endpoints/whe_nobody'),
        await t.request('DELETE', `/webhook-endpoints/${id}`, { key: t.otherApiKey }),
      ];
      assert.deepEqual(
        refused.map((res) => res.statusCode),
        [400, 400, 404, 404, 404, 400, 404, 404, 404],
      );
      assert.equal((await events('')).length, before, 'nothing recorded');
      assert.deepEqual(
        (await events(`?webhookEndpointId=${id}`)).map((e) => e.action),
        ['webhook_endpoint.created'],
      );
    });

    it("is the company's alone", async () => {
      assert.deepEqual(await events('', t.otherApiKey), []);
      assert.deepEqual(await events('?customerId=AUD-2', t.otherApiKey), []);
    });

    it('refuses a bad limit, an empty filter and an unknown parameter, naming each', async () => {
      const res = await t.request('GET', '/audit-events?limit=0&who=me&webhookEndpointId=');
      assert.equal(res.statusCode, 400);
      assert.deepEqual(
        res
          .json<{ errors: Array<{ pointer: string }> }>()
          .errors.map((e) => e.pointer)
          .sort(),
        ['/limit', '/webhookEndpointId', '/who'],
      );
      assert.equal((await t.request('GET', '/audit-events', { key: null })).statusCode, 401);
    });
  });
}
