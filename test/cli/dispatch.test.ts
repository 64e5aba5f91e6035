/**
 * `callwise dialer …` and `callwise dispatch …` as operators run them, on a temporary embedded
 * database: a configuration read from a file (credentials never on the command line), printed
 * back without secrets, refused field by field; pause and resume.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { childEnv, makeTempDir, runCli } from '../helpers/process.ts';

const API_KEY = 'key_retell_secret_0123456789';

describe('callwise dialer and dispatch', () => {
  const temp = makeTempDir('cli-dispatch');
  const env = childEnv({ DATA_DIR: temp.dir });
  const cli = (...args: string[]) => runCli(args, env);
  let companyId: string;

  before(async () => {
    const created = await cli('company', 'create', 'Dialling Lender');
    assert.equal(created.code, 0, created.stderr);
    companyId = created.stdout.trim();
  });
  after(() => temp.remove());

  it('configures a Retell dialer from a file and never prints its key', async () => {
    const file = path.join(temp.dir, 'retell.json');
    writeFileSync(file, JSON.stringify({ kind: 'retell', apiKey: API_KEY, fromNumber: '+12125550000', agentId: 'agent_1' }));
    const configured = await cli('dialer', 'configure', companyId, file);
    assert.equal(configured.code, 0, configured.stderr);
    const shown = await cli('dialer', 'show', companyId);
    assert.equal(shown.code, 0, shown.stderr);
    for (const output of [configured.stdout, shown.stdout]) {
      assert.match(output, /"kind":"retell"/);
      assert.ok(!output.includes(API_KEY), 'the API key is never printed');
    }
  });

  it('refuses a configuration naming every failing field, and never echoes a secret', async () => {
    const file = path.join(temp.dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ kind: 'retell', apiKey: 'has spaces in it', fromNumber: '12', concurrency: 0 }));
    const refused = await cli('dialer', 'configure', companyId, file);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /\/fromNumber/);
    assert.match(refused.stderr, /\/concurrency/);
    assert.ok(!refused.stderr.includes('has spaces in it'));
  });

  it('pauses and resumes dialling, saying who paused', async () => {
    const paused = await cli('dispatch', 'pause', companyId);
    assert.equal(paused.code, 0, paused.stderr);
    assert.deepEqual({ paused: JSON.parse(paused.stdout).paused, by: JSON.parse(paused.stdout).pausedBy }, { paused: true, by: 'cli' });
    const resumed = await cli('dispatch', 'resume', companyId);
    assert.equal(JSON.parse(resumed.stdout).paused, false);
    const status = JSON.parse((await cli('dispatch', 'status', companyId)).stdout);
    assert.equal(status.dialer.kind, 'retell');
  });
});
