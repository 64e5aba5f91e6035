/** The ids an import has met: the first offer of an id is new, every later one is not, however many ids. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeenIds } from '../../src/bulk/seen-ids.ts';

describe('SeenIds', () => {
  it('tells a first offer from a repeated one, across many growths of its table', () => {
    const seen = new SeenIds();
    for (let i = 0; i < 100_000; i++) assert.equal(seen.firstTime(`CUST-${i}`), true);
    assert.equal(seen.size, 100_000);
    for (let i = 0; i < 100_000; i += 997) assert.equal(seen.firstTime(`CUST-${i}`), false);
    assert.equal(seen.firstTime('CUST-100000'), true);
    assert.equal(seen.size, 100_001);
  });

  it('treats ids as exact text: case and spaces matter, as they do to the API', () => {
    const seen = new SeenIds();
    assert.equal(seen.firstTime('a'), true);
    assert.equal(seen.firstTime('A'), true);
    assert.equal(seen.firstTime('a '), true);
    assert.equal(seen.firstTime(''), true);
    assert.equal(seen.firstTime('a'), false);
  });
});
