import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readJsonBody } from '../../src/http/json-body.ts';
import { isRawJson } from '../../src/domain/exact-json.ts';
import { CreateCustomerBody, UpdateCustomerBody } from '../../src/schemas/customer.ts';
import { ComplianceCheckBody } from '../../src/schemas/compliance.ts';

const valueOf = (text: string, schema?: unknown): unknown => {
  const read = readJsonBody(text, schema);
  assert.equal(read.kind, 'value', JSON.stringify(read));
  return (read as { value: unknown }).value;
};

describe('readJsonBody', () => {
  it('reads JSON as JSON.parse does, a leading byte-order mark dropped', () => {
    assert.deepEqual(valueOf('{"a":[1,"x",null,true]}'), { a: [1, 'x', null, true] });
    assert.deepEqual(valueOf('\ufeff{"a":1}'), { a: 1 });
    for (const text of ['{', '{"a":1,}', "{'a':1}", 'NaN', '{"a":1}{"b":2}']) assert.equal(readJsonBody(text).kind, 'malformed', text);
  });

  it('keeps number texts in the fields a schema leaves free-form, and reads numbers everywhere else', () => {
    for (const schema of [CreateCustomerBody, UpdateCustomerBody]) {
      const value = valueOf('{"loanIds":[7.0,1e400],"externalMetadata":{"a":7.0,"b":[-0]}}', schema) as Record<string, unknown>;
      assert.deepEqual(value.loanIds, [7, Infinity]);
      assert.equal(JSON.stringify(value.externalMetadata), '{"a":7.0,"b":[-0]}');
    }
    const check = valueOf('{"policy":{"minGapMinutes":1.2e2}}', ComplianceCheckBody) as { policy: { minGapMinutes: unknown } };
    assert.equal(check.policy.minGapMinutes, 120);
    const bare = valueOf('{"externalMetadata":{"a":-0}}') as { externalMetadata: { a: unknown } };
    assert.ok(Object.is(bare.externalMetadata.a, -0), 'without a schema, nothing is free-form');
    assert.equal(valueOf('1.0e2'), 100);
    const nested = valueOf('[{"a":[1e400]}]') as Array<{ a: unknown[] }>;
    assert.ok(!isRawJson(nested[0]!.a[0]));
  });

  it('refuses names given twice and unsafe text together, each with its pointer', () => {
    const read = readJsonBody('{"a":1,"a":2,"m":{"k":"\\u0000","k":"\\u0000","z":"\\ud800"}}');
    assert.equal(read.kind, 'refused');
    assert.deepEqual((read as { problems: unknown }).problems, [
      { pointer: '/a', detail: 'is given more than once in its object: send each name once' },
      { pointer: '/m/k', detail: 'is given more than once in its object: send each name once' },
      { pointer: '/m/k', detail: 'must not contain the NUL character (U+0000)' },
      { pointer: '/m/z', detail: 'must be valid Unicode text (it contains an unpaired surrogate)' },
    ]);
  });

  it('refuses nesting too deep, and does not count a number kept as text as a level', () => {
    const deep = (levels: number, leaf: string) => '{"a":'.repeat(levels) + leaf + '}'.repeat(levels);
    assert.equal(readJsonBody(deep(64, '1')).kind, 'value');
    assert.equal(readJsonBody(deep(65, '1')).kind, 'refused');
    const metadata = `{"externalMetadata":${deep(63, '1e400')}}`;
    assert.equal(readJsonBody(metadata, CreateCustomerBody).kind, 'value');
  });
});
