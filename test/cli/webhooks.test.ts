/**
 * `callwise webhooks …` as operators run them, on a temporary embedded database with
 * NODE_ENV=development (so a loopback receiver is accepted): add prints the secret once, list
 * never does; a bad endpoint is refused naming each field; rotate, disable, the empty delivery log
 * and a redelivery of a range. Without development mode the loopback URL is refused.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { childEnv, makeTempDir, runCli } from '../helpers/process.ts';

describe('callwise webhooks', () => {
  const temp = makeTempDir('cli-webhooks');
  const env = childEnv({ DATA_DIR: temp.dir, NODE_ENV: 'development' });
  const cli = (...args: string[]) => runCli(args, env);
  let companyId: string;
  let endpointId: string;
  let secret: string;

  before(async () => {
    const created = await cli('company', 'create', 'Hooked Lender');
    assert.equal(created.code, 0, created.stderr);
    companyId = created.stdout.trim();
  });
  after(() => temp.remove());

  it('adds an endpoint and prints its secret once; list never shows it', async () => {
    const added = await cli('webhooks', 'add', companyId, 'http://127.0.0.1:9/hooks', '--events', 'call.completed,customer.do_not_call');
    assert.equal(added.code, 0, added.stderr);
    const printed = JSON.parse(added.stdout) as { endpoint: { id: string; eventTypes: string[] }; secret: string };
    assert.deepEqual(printed.endpoint.eventTypes, ['call.completed', 'customer.do_not_call']);
    endpointId = printed.endpoint.id;
    secret = printed.secret;
    assert.match(secret, /^whsec_/);
    const listed = await cli('webhooks', 'list', companyId);
    assert.equal(listed.code, 0, listed.stderr);
    assert.ok(listed.stdout.includes(endpointId));
    assert.ok(!listed.stdout.includes(secret.slice(6)), 'the secret is never listed');
  });

  it('refuses a bad endpoint naming every field', async () => {
    const refused = await cli('webhooks', 'add', companyId, 'ftp://x.example/', '--events', 'call.completed,call.started');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /\/url/);
    assert.match(refused.stderr, /\/eventTypes\/1/);
  });

  it('rotates the secret, disables the endpoint, shows an empty log and queues a redelivery of a range', async () => {
    const rotated = JSON.parse((await cli('webhooks', 'rotate-secret', companyId, endpointId)).stdout) as {
      secret: string;
      endpoint: { previousSecretValidUntil: string };
    };
    assert.notEqual(rotated.secret, secret);
    assert.ok(rotated.endpoint.previousSecretValidUntil);
    const disabled = await cli('webhooks', 'update', companyId, endpointId, '--disable');
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.equal((JSON.parse(disabled.stdout) as { enabled: boolean }).enabled, false);
    const log = await cli('webhooks', 'deliveries', companyId, endpointId);
    assert.equal(log.code, 0, log.stderr);
    assert.equal(log.stdout.trim(), '');
    const now = Date.now();
    const again = await cli(
      'webhooks',
      'redeliver',
      companyId,
      endpointId,
      '--since',
      new Date(now - 3_600_000).toISOString(),
      '--until',
      new Date(now).toISOString(),
    );
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(JSON.parse(again.stdout), { queued: 0 });
    const removed = await cli('webhooks', 'remove', companyId, endpointId);
    assert.equal(removed.code, 0, removed.stderr);
  });

  it('refuses a loopback endpoint outside development', async () => {
    const strict = await runCli(['webhooks', 'add', companyId, 'http://127.0.0.1:9/hooks', '--events', 'call.completed'], childEnv({ DATA_DIR: temp.dir }));
    assert.notEqual(strict.code, 0);
    assert.match(strict.stderr, /\/url must use https/);
  });
});
