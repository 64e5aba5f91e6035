/**
 * The first start of the embedded default makes Demo Lender's API key. It is written to
 * DATA_DIR/first-api-key.txt (0600) and printed only to a terminal: a server whose stdout is a pipe
 * (systemd, Docker, a log shipper) says where the file is and never writes the key there.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { keepFirstApiKey } from '../src/first-api-key.ts';
import { makeTempDir, startServer } from './helpers/process.ts';

const KEY_SHAPE = /cw_[0-9A-Za-z]{32}/;

describe('the first API key', () => {
  const temp = makeTempDir('first-key');
  after(() => temp.remove());

  it('with stdout piped: goes to DATA_DIR/first-api-key.txt (0600), not to stdout, and works', async () => {
    const dataDir = path.join(temp.dir, 'data');
    const file = path.join(dataDir, 'first-api-key.txt');
    const first = await startServer({ DATA_DIR: dataDir });
    let key: string;
    try {
      assert.ok(existsSync(file), `the key file exists: ${first.stdout()}`);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      key = readFileSync(file, 'utf8').trim();
      assert.match(key, new RegExp(`^${KEY_SHAPE.source}$`));
      assert.doesNotMatch(first.stdout(), KEY_SHAPE, 'no key on a stdout that is not a terminal');
      assert.doesNotMatch(first.stderr(), KEY_SHAPE);
      assert.ok(first.stdout().includes(file), `stdout says where the key is: ${first.stdout()}`);
      assert.ok(first.stdout().includes(`export CALLWISE_API_KEY=$(cat '${file}')`), first.stdout());
      const res = await fetch(`${first.baseUrl}/task-types`, { headers: { 'x-api-key': key } });
      assert.equal(res.status, 200, await res.text());
    } finally {
      assert.equal(await first.stop(), 0);
    }
    const second = await startServer({ DATA_DIR: dataDir });
    try {
      assert.doesNotMatch(second.stdout(), /first-api-key|Demo Lender/, 'a later start makes no key and says nothing of one');
      assert.equal(readFileSync(file, 'utf8').trim(), key, 'the file is left as it was');
    } finally {
      assert.equal(await second.stop(), 0);
    }
  });

  it('in a terminal: is shown once with the export line, and kept in the file as well', () => {
    const dataDir = temp.dir;
    let printed = '';
    const file = keepFirstApiKey(dataDir, 'cw_terminal_key_0123456789abcdefABCD', { isTTY: true, write: (text: string) => (printed += text) });
    assert.equal(file, path.join(dataDir, 'first-api-key.txt'));
    assert.equal(readFileSync(file, 'utf8'), 'cw_terminal_key_0123456789abcdefABCD\n');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(printed, /^ {4}cw_terminal_key_0123456789abcdefABCD$/m);
    assert.match(printed, /^To use it from a shell: {2}export CALLWISE_API_KEY=cw_terminal_key_0123456789abcdefABCD$/m);
    assert.ok(printed.includes(file));
  });
});
