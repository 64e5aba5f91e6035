/**
 * What the logger keeps of an error: its kind, code, status, a message without quoted text, and its
 * stack frames. Never the bytes a parser error carries, nor a message that quotes the input.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loggerOptions } from '../../src/http/logging.ts';

function capture(): { log: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const out: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      out.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const log = pino(loggerOptions('trace') as pino.LoggerOptions, sink);
  return { log, lines: () => out.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('logged errors', () => {
  it('drop the raw bytes of an HTTP parser error', () => {
    const { log, lines } = capture();
    const error = Object.assign(new Error('Parse Error: Invalid header token'), {
      code: 'HPE_INVALID_HEADER_TOKEN',
      bytesParsed: 40,
      reason: 'Invalid header token',
      rawPacket: Buffer.from('POST / HTTP/1.1\r\nX-API-Key: cw_secret_key_0123456789\r\n'),
    });
    log.trace({ err: error }, 'client error');
    log.error(error);
    for (const line of lines()) {
      assert.deepEqual(Object.keys(line.err as object).sort(), ['code', 'message', 'stack', 'type']);
      assert.doesNotMatch(JSON.stringify(line), /rawPacket|Buffer|cw_secret|88,45,65/);
    }
  });

  it('drop the message of a SyntaxError, which quotes the text it could not parse', () => {
    const { log, lines } = capture();
    let error: unknown;
    try {
      JSON.parse('{"firstName":"Quintaviusleak","ssn":"518-44-7319",');
    } catch (caught) {
      error = caught;
    }
    log.info({ err: error }, 'bad body');
    assert.doesNotMatch(JSON.stringify(lines()), /Quintaviusleak|518-44-7319/);
    assert.equal((lines()[0]!.err as { type: string }).type, 'SyntaxError');
  });

  it('scrub quoted values from other messages, and keep code and status', () => {
    const { log, lines } = capture();
    const error = Object.assign(new Error('invalid input syntax for type date: "1977-08-19"'), { code: '22007', statusCode: 500, detail: '1977-08-19' });
    log.error({ err: error }, 'unhandled error');
    const err = lines()[0]!.err as Record<string, unknown>;
    assert.equal(err.message, 'invalid input syntax for type date: "…"');
    assert.equal(err.code, '22007');
    assert.equal(err.statusCode, 500);
    assert.doesNotMatch(JSON.stringify(lines()), /1977-08-19/);
  });

  it('keep only the loggable fields of an error given as an object', () => {
    const { log, lines } = capture();
    log.warn({ err: { message: 'metrics unavailable', rawPacket: [1, 2, 3], body: { ssn: '518-44-7319' } } }, 'hand-made');
    assert.deepEqual(lines()[0]!.err, { message: 'metrics unavailable' });
  });
});
