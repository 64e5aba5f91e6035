import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { scanJson } from '../../src/domain/json-scan.ts';
import { isRawJson, parseExactJson, parseKeepingNumbers } from '../../src/domain/exact-json.ts';

describe('scanJson: names given twice', () => {
  it('finds none in objects of distinct names, at any depth', () => {
    assert.deepEqual(scanJson('{"a":1,"b":{"a":1,"b":[{"a":1},{"a":2}]},"c":"a"}').duplicateNames, []);
    assert.deepEqual(scanJson('[{"a":1},{"a":1}]').duplicateNames, [], 'sibling objects may share names');
    assert.deepEqual(scanJson('"text"').duplicateNames, []);
  });

  it('points at each repeated name once, in text order, at the top level and nested', () => {
    assert.deepEqual(scanJson('{"a":1,"a":2,"a":3}').duplicateNames, ['/a']);
    assert.deepEqual(scanJson('{"x":{"b":1,"b":2},"list":[0,{"c":1,"c":[]}],"x":null}').duplicateNames, ['/x/b', '/list/1/c', '/x']);
  });

  it('compares names as decoded, and escapes them in pointers as RFC 6901 says', () => {
    assert.deepEqual(scanJson('{"a\\u0062":1,"ab":2}').duplicateNames, ['/ab']);
    assert.deepEqual(scanJson('{"q\\"":{"q\\"":1},"q\\"":2}').duplicateNames, ['/q"']);
    assert.deepEqual(scanJson('{"a/b":{"~":1,"~":2}}').duplicateNames, ['/a~1b/~0']);
    assert.deepEqual(scanJson('{"\\\\":1,"\\\\":2}').duplicateNames, ['/\\']);
    assert.deepEqual(scanJson('{"":1,"":2}').duplicateNames, ['/']);
  });

  it('is not fooled by names inside strings, or by strings ending in backslashes', () => {
    assert.deepEqual(scanJson('{"a":"\\"a\\":1","b":"\\\\","c":"{\\"a\\":2}"}').duplicateNames, []);
  });

  it('handles objects of many names, and reports at most `limit` of them', () => {
    const many = `{${Array.from({ length: 500 }, (_, i) => `"k${i}":${i}`).join(',')},"k499":0,"k0":0}`;
    assert.deepEqual(scanJson(many).duplicateNames, ['/k499', '/k0']);
    const repeated = `{${Array.from({ length: 30 }, (_, i) => `"k${i}":1,"k${i}":2`).join(',')}}`;
    assert.equal(scanJson(repeated).duplicateNames.length, 20);
    assert.equal(scanJson(repeated, { limit: 3 }).duplicateNames.length, 3);
    assert.deepEqual(scanJson('{"a":1,"a":2}', { names: false }).duplicateNames, []);
  });

  it('agrees with JSON.parse on random JSON: a repeat exactly when the parsed objects hold fewer names than were written', () => {
    // Names as written in JSON: some are the same name escaped differently, some are special.
    const name = fc.constantFrom('a', 'b', 'ab', 'a\\u0062', '__proto__', '\\"', '\\\\', '');
    type Json = { readonly text: string; readonly names: number };
    const json: fc.Memo<Json> = fc.memo((n) =>
      n <= 1
        ? fc.constantFrom('1', '-0', '"s"', 'null', 'true', '1e400', '"\\"}"').map((text) => ({ text, names: 0 }))
        : fc.oneof(
            fc.array(fc.tuple(name, json(n - 1)), { maxLength: 4 }).map((members) => ({
              text: `{${members.map(([k, v]) => `"${k}":${v.text}`).join(',')}}`,
              names: members.reduce((sum, [, v]) => sum + 1 + v.names, 0),
            })),
            fc
              .array(json(n - 1), { maxLength: 3 })
              .map((items) => ({ text: `[${items.map((i) => i.text).join(',')}]`, names: items.reduce((sum, i) => sum + i.names, 0) })),
          ),
    );
    const parsedNames = (value: unknown): number =>
      typeof value !== 'object' || value === null
        ? 0
        : (Array.isArray(value) ? 0 : Object.keys(value).length) + Object.values(value).reduce((sum: number, v) => sum + parsedNames(v), 0);
    fc.assert(
      fc.property(json(4), ({ text, names }) => {
        // JSON.parse keeps one member per name: fewer names parsed than written means a repeat.
        assert.equal(scanJson(text).duplicateNames.length > 0, names > parsedNames(JSON.parse(text)), text);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('scanJson: numbers and depth', () => {
  it('says whether some number would not be written back as sent', () => {
    for (const exact of ['0', '-1', '42', '0.5', '-2.25', '123456789012345', '9007199254740991', '1e+21', '[1,2,{"a":3}]', '"-0"', '"1e400"'])
      assert.equal(scanJson(exact).inexactNumbers, false, exact);
    for (const inexact of ['-0', '12345678901234567890', '1e400', '1.0e2', '1E2', '0.10', '-0.0', '1e21', '9007199254740993', '[1,{"a":[2,-0]}]'])
      assert.equal(scanJson(inexact).inexactNumbers, true, inexact);
  });

  it('counts the objects and arrays open at once', () => {
    assert.equal(scanJson('1').depth, 0);
    assert.equal(scanJson('{}').depth, 1);
    assert.equal(scanJson('{"a":[{"b":[]}],"c":{}}').depth, 4);
    assert.equal(scanJson('"[[[{"').depth, 0);
  });
});

describe('parseKeepingNumbers and parseExactJson', () => {
  const TEXT = '{"big":12345678901234567890,"inf":1e400,"neg":-0,"exp":1.0e2,"plain":7,"list":[0.10,-0,1],"s":"-0"}';

  it('give back the text they were given, numbers as written', () => {
    assert.equal(JSON.stringify(parseKeepingNumbers(TEXT)), TEXT);
    assert.equal(JSON.stringify(parseExactJson(TEXT)), TEXT);
    assert.notEqual(JSON.stringify(JSON.parse(TEXT)), TEXT, 'what plain JSON.parse would lose');
  });

  it('keep numbers that round-trip as plain numbers, and the others as raw JSON', () => {
    const value = parseKeepingNumbers(TEXT) as Record<string, unknown>;
    assert.equal(value.plain, 7);
    assert.equal(value.s, '-0');
    assert.ok(isRawJson(value.big) && value.big.rawJSON === '12345678901234567890');
    assert.ok(isRawJson(value.neg) && value.neg.rawJSON === '-0');
    assert.deepEqual(parseExactJson('{"a":[1,2.5]}'), { a: [1, 2.5] });
  });

  it('make __proto__ an ordinary own member, never the prototype', () => {
    for (const parse of [parseKeepingNumbers, parseExactJson]) {
      const value = parse('{"__proto__":{"polluted":1e400},"a":-0}') as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(value), Object.prototype);
      assert.ok(Object.hasOwn(value, '__proto__'));
      assert.equal((value as { polluted?: unknown }).polluted, undefined);
      assert.equal(JSON.stringify(value), '{"__proto__":{"polluted":1e400},"a":-0}');
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
