/**
 * The built-in simulator and the shared pieces every connector uses: deterministic, realistic
 * outcomes; the extraction schema mapped 1:1 to call flags; dialer configurations validated with
 * every failing field at once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CALLBACK_AT_KEY, EXTRACTION_FLAGS, flagsFromExtraction, conversationOutcome } from '../../src/dispatch/extraction.ts';
import { parseDialerConfig } from '../../src/dispatch/providers/registry.ts';
import { SimulatorConnector, simulatedScriptIndex } from '../../src/dispatch/providers/simulator.ts';
import type { AgentContext } from '../../src/dispatch/agent-context.ts';
import type { ProviderConnector } from '../../src/dispatch/providers/provider.ts';

const context: AgentContext = {
  customer: { id: 'c1', firstName: 'Ada', lastName: 'Byron', phoneNumber: '+12015550100', timezone: 'America/New_York', state: 'NJ', externalMetadata: null },
  loans: [],
  disclosures: [],
  callMustEndBy: null,
  callMaxSeconds: 900,
  callbackRules: { offer: true, localHours: '08:00–21:00', note: '' },
  task: null,
};

describe('simulator', () => {
  it('places a call that is pending until its simulated length has passed, then ended with an outcome', async () => {
    let now = 1_000_000;
    const simulator: ProviderConnector = new SimulatorConnector({ kind: 'simulator', callMs: 2_000 }, { now: () => now });
    const placed = await simulator.placeCall(
      { companyId: 'co', taskId: 't1', customerId: 'c1', toPhoneNumber: '+12015550100', context, webhookUrl: null },
      AbortSignal.timeout(1000),
    );
    assert.equal(placed.kind, 'placed');
    if (placed.kind !== 'placed') return;
    assert.equal((await simulator.fetchCall(placed.providerCallId, AbortSignal.timeout(1000)))!.status, 'pending');
    now += 2_000;
    const ended = (await simulator.fetchCall(placed.providerCallId, AbortSignal.timeout(1000)))!;
    assert.equal(ended.status, 'ended');
    assert.ok(ended.outcome);
    assert.equal(ended.taskId, 't1');
    assert.deepEqual(await simulator.findCallForTask({ taskId: 't1', toPhoneNumber: '+12015550100', since: new Date(0) }, AbortSignal.timeout(1000)), ended);
    assert.equal(await simulator.fetchCall('sim_unknown', AbortSignal.timeout(1000)), null);
  });

  it('is deterministic per number and attempt, and covers every scripted outcome across numbers', () => {
    assert.equal(simulatedScriptIndex('+12015550100', 'task_a'), simulatedScriptIndex('+12015550100', 'task_a'));
    const seen = new Set<number>();
    for (let digit = 0; digit < 10; digit++) seen.add(simulatedScriptIndex(`+1201555010${digit}`, 'task_a'));
    assert.equal(seen.size, 10);
  });

  it('never verifies a webhook: it sends none', () => {
    const simulator: ProviderConnector = new SimulatorConnector({ kind: 'simulator' });
    assert.equal(simulator.verifyWebhook({ rawBody: '{}', headers: {}, url: '/' }, Date.now()), false);
    assert.equal(simulator.real, false);
  });
});

describe('post-call extraction', () => {
  it('maps each key to its flag, reads yes/true strings, and keeps a callback only with a time', () => {
    assert.deepEqual(flagsFromExtraction({ do_not_call_requested: true, right_party_contact: 'yes', hardship: 'no' }), {
      flags: ['RPC', 'DNC'],
      callbackAt: null,
    });
    assert.deepEqual(flagsFromExtraction({ callback_requested: true }), { flags: [], callbackAt: null });
    const withTime = flagsFromExtraction({ callback_requested: 'true', callback_at: '2026-12-08T10:00:00-05:00' });
    assert.deepEqual(withTime.flags, ['CALLBACK_REQUEST']);
    assert.equal(withTime.callbackAt?.toISOString(), '2026-12-08T15:00:00.000Z');
    assert.deepEqual(flagsFromExtraction({ callback_at: 'tomorrow morning' }), { flags: [], callbackAt: null });
    assert.deepEqual(flagsFromExtraction('not an object'), { flags: [], callbackAt: null });
  });

  it('records a wrong number or third party as wrong_party, unless the right party was reached', () => {
    assert.equal(conversationOutcome(['WRONG_NUMBER']), 'wrong_party');
    assert.equal(conversationOutcome(['THIRD_PARTY_CONTACT']), 'wrong_party');
    assert.equal(conversationOutcome(['RPC', 'THIRD_PARTY_CONTACT']), 'conversation');
    assert.equal(conversationOutcome([]), 'conversation');
  });
});

describe('dialer configuration', () => {
  it('names every failing field at once and never repeats a secret', () => {
    const parsed = parseDialerConfig({ kind: 'retell', apiKey: 'key with spaces\n', fromNumber: 'nope', concurrency: 0 });
    assert.ok('errors' in parsed);
    if (!('errors' in parsed)) return;
    const pointers = parsed.errors.map((e) => e.pointer).sort();
    assert.ok(pointers.includes('/fromNumber') && pointers.includes('/concurrency'), pointers.join(','));
    assert.ok(!JSON.stringify(parsed.errors).includes('key with spaces'));
  });

  it('refuses an unknown kind and unknown simulator settings', () => {
    assert.deepEqual(parseDialerConfig({ kind: 'bland' }), { errors: [{ pointer: '/kind', detail: 'must be one of simulator, retell, vapi, twilio, pull' }] });
    assert.deepEqual(parseDialerConfig({ kind: 'simulator', speed: 2 }), { errors: [{ pointer: '/speed', detail: 'is not a simulator setting' }] });
    assert.deepEqual(parseDialerConfig({ kind: 'pull' }), { config: { kind: 'pull' } });
  });
});

describe('docs/dispatch.md', () => {
  it('lists every extraction key with its flag, and the callback time key', () => {
    const doc = readFileSync(new URL('../../docs/dispatch.md', import.meta.url), 'utf8');
    for (const [key, flag] of Object.entries(EXTRACTION_FLAGS)) {
      assert.match(doc, new RegExp(`\\| \`${key}\`[^|\\n]*\\| \`${flag}\` \\|`), `${key} → ${flag}`);
    }
    assert.ok(doc.includes(`\`${CALLBACK_AT_KEY}\``));
  });
});
