/**
 * No secret reaches the log at any level, whatever arrives on the wire. The real server runs as a
 * child process at LOG_LEVEL=trace; requests that are broken HTTP, bad JSON, over the body limit,
 * over the header limit, stalled (refused at the limit the environment sets), and ordinary ones
 * all carry a known API key and known personal data. Everything the process writes is then
 * searched, as text and as bytes, for the key, the bodies and each value — as written, and as a
 * logger might encode bytes it was handed: a JSON-serialised Buffer's decimal list, hex, base64,
 * percent-encoding.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { customerBody } from './helpers/app.ts';
import { makeTempDir, startServer, type ServerProcess } from './helpers/process.ts';
import { rawExchange, type RawExchange } from './helpers/raw-http.ts';
import { textValues } from './helpers/log-text.ts';

const API_KEY = 'cw_wirelog_0f3a9c1e7b5d2468ace13579';
const REQUEST_TIMEOUT_MS = 2_000;
/** Values long and odd enough that finding one anywhere can only mean a leak. */
const PII = {
  firstName: 'Quintaviuswire',
  lastName: 'Fairweather-Zylstrawire',
  birthday: '1977-08-19',
  phoneNumber: '(503) 555-0147',
  ssn: '518-44-7319',
};
const SSN_LAST_FOUR = '7319';
const PHONE_FORMS = ['5035550147', '+15035550147', '503-555-0147'];

const createBody = JSON.stringify(
  customerBody({
    id: 'wire-1',
    firstName: PII.firstName,
    lastName: PII.lastName,
    birthday: PII.birthday,
    phoneNumber: PII.phoneNumber,
    ssnLastFour: SSN_LAST_FOUR,
  }),
);
/** What a client with a bug might send: PII in a body that is not JSON. */
const badJson = `{"firstName":"${PII.firstName}","lastName":"${PII.lastName}","ssn":"${PII.ssn}","birthday":"${PII.birthday}","phoneNumber":"${PII.phoneNumber}",`;

function request(method: string, path: string, headers: Record<string, string | number>, body = ''): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines.join('\r\n')}${lines.length > 0 ? '\r\n' : ''}\r\n${body}`;
}

const json = (body: string) => ({ 'X-API-Key': API_KEY, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Connection: 'close' });

/** Every form in which a value's bytes could show up in a log line. */
function encodings(value: string): Array<[string, string]> {
  const bytes = [...Buffer.from(value, 'utf8')];
  const forms: Array<[string, string]> = [
    ['text', value],
    ['JSON-escaped', JSON.stringify(value).slice(1, -1)],
    ['percent-encoded', encodeURIComponent(value)],
    ['decimal byte list', bytes.join(',')],
    ['decimal byte list with spaces', bytes.join(', ')],
    ['hex', Buffer.from(value).toString('hex')],
    ['HEX', Buffer.from(value).toString('hex').toUpperCase()],
    ['spaced hex', bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')],
  ];
  // Base64 of the value depends on where it starts in the encoded bytes: take, for each of the
  // three alignments, the characters that only the value's own bytes decide.
  for (const pad of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(pad, 0x20), Buffer.from(value)]);
    const end = Math.floor(padded.length / 3) * 4;
    const start = pad === 0 ? 0 : 4;
    if (end - start >= 8) {
      forms.push([`base64 (offset ${pad})`, padded.toString('base64').slice(start, end)]);
      forms.push([`base64url (offset ${pad})`, padded.toString('base64url').slice(start, end)]);
    }
  }
  return forms;
}

/** A log line short enough for a failure message. */
const excerpt = (line: string) => (line.length > 400 ? `${line.slice(0, 400)}… (${line.length} characters)` : line);

describe('no secret in the log at LOG_LEVEL=trace, whatever the wire carries', () => {
  const temp = makeTempDir('wire-logs');
  let server: ServerProcess;
  let output: Buffer;
  const exchanges = new Map<string, RawExchange>();

  before(async () => {
    server = await startServer({
      DATA_DIR: temp.dir,
      LOG_LEVEL: 'trace',
      CALLWISE_BOOTSTRAP_API_KEY: API_KEY,
      // Short limits, so that a stalled body is refused within the test (and the variables are seen).
      REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HEADERS_TIMEOUT_MS: '1000',
    });
    const send = async (name: string, parts: Array<string | Buffer>) => exchanges.set(name, await rawExchange(server.port, parts));

    await send('create', [request('POST', '/customers', json(createBody), createBody)]);
    await send('read', [request('GET', '/customers/wire-1', { 'X-API-Key': API_KEY, Connection: 'close' })]);
    await send('bad JSON', [request('POST', '/customers', json(badJson), badJson)]);
    const big = JSON.stringify({ ...JSON.parse(createBody), id: 'wire-2', streetAddress2: 'x'.repeat(1024 * 1024) });
    await send('over the body limit', [request('POST', '/customers', json(big), big)]);
    // Chunked, so the server reads it up to the limit instead of refusing on Content-Length.
    const half = createBody.slice(0, -1) + `,"note":"${'y'.repeat(600 * 1024)}"`;
    const chunked = { 'X-API-Key': API_KEY, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', Connection: 'close' };
    const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
    await send('over the body limit, chunked', [request('POST', '/customers', chunked, chunk(half) + chunk(half) + '0\r\n\r\n')]);
    // Broken HTTP: a header name with a space, a Content-Length that is not a number, a chunk
    // size that is not hex (after valid headers, so the request had begun), a broken request line.
    await send('bad header name', [request('POST', '/customers', { ...json(badJson), 'Bad Header': 'x' }, badJson)]);
    await send('bad Content-Length', [request('POST', '/customers', { ...json(badJson), 'Content-Length': '12x' }, badJson)]);
    await send('bad chunk size', [request('POST', '/customers', chunked, `zz\r\n${badJson}\r\n0\r\n\r\n`)]);
    await send('bad request line', [`POST /customers HTTP/1.1 extra\r\nX-API-Key: ${API_KEY}\r\nContent-Length: ${badJson.length}\r\n\r\n${badJson}`]);
    // Over the 16 KiB header limit, with the key and personal data among the headers.
    await send('oversized header block', [
      request('POST', '/customers', {
        ...json(badJson),
        'X-Customer': `${PII.firstName} ${PII.lastName} ${PII.ssn} ${PII.birthday} ${PII.phoneNumber}`,
        'X-Filler': 'f'.repeat(20_000),
      }) + badJson,
    ]);
    // A body that stops arriving halfway, cut off at the request limit.
    await send('stalled body', [request('POST', '/customers', json(createBody), createBody.slice(0, createBody.length - 20))]);
    // Let the last lines reach the pipe, then stop and read to the end of the output.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.stop();
    if (!server.child.stdout.readableEnded) await once(server.child.stdout, 'end');
    if (!server.child.stderr.readableEnded) await once(server.child.stderr, 'end');
    output = server.outputBytes();
  });
  after(async () => {
    await server?.stop();
    temp.remove();
  });

  it('sent every kind of request and got the expected answers', () => {
    const status = (name: string) => exchanges.get(name)?.response?.status;
    assert.equal(status('create'), 201, exchanges.get('create')?.bytes.toString());
    assert.equal(status('read'), 200);
    assert.equal(status('bad JSON'), 400);
    assert.equal(status('over the body limit'), 413);
    assert.equal(status('over the body limit, chunked'), 413);
    for (const name of ['bad header name', 'bad Content-Length', 'bad chunk size', 'bad request line']) assert.equal(status(name), 400, name);
    assert.equal(status('oversized header block'), 431);
    assert.equal(status('stalled body'), 408);
    assert.ok(exchanges.get('stalled body')!.ms < REQUEST_TIMEOUT_MS + 3_000, 'REQUEST_TIMEOUT_MS is the limit');
  });

  it('logged every one of them under the request id it answered with', () => {
    const text = output.toString('utf8');
    for (const [name, exchange] of exchanges) {
      const id = exchange.response?.headers['x-request-id'];
      assert.match(String(id), /^req_/, name);
      assert.ok(text.includes(`"reqId":"${id}"`), `${name}: its request id is in the log`);
    }
  });

  it('holds no API key, body or personal value, in any encoding, as text or as bytes', () => {
    const text = output.toString('utf8');
    const needles: Array<[string, string]> = [
      ['the API key', API_KEY],
      ['part of the API key', API_KEY.slice(3, 20)],
      ['the create body', createBody],
      ['the bad JSON body', badJson],
      ...Object.entries(PII),
      ...PHONE_FORMS.map((phone): [string, string] => ['a phone form', phone]),
      ['the SSN last four in its field', `"ssnLastFour":"${SSN_LAST_FOUR}"`],
    ];
    const leaks: string[] = [];
    for (const [what, value] of needles) {
      for (const [form, needle] of encodings(value)) {
        if (text.includes(needle) || output.includes(Buffer.from(needle, 'utf8'))) leaks.push(`${what} (${form})`);
      }
      // Other byte encodings a careless writer could use.
      if (output.includes(Buffer.from(value, 'utf16le'))) leaks.push(`${what} (UTF-16)`);
    }
    assert.deepEqual(leaks, [], `the log holds:\n${leaks.join('\n')}`);
  });

  it('holds the SSN last four in no logged text', () => {
    for (const line of output.toString('utf8').split('\n')) {
      let entry: unknown;
      try {
        entry = JSON.parse(line);
      } catch {
        assert.ok(!line.includes(SSN_LAST_FOUR), `an output line holds the SSN last four: ${excerpt(line)}`);
        continue;
      }
      assert.ok(!textValues(entry).some((value) => value.includes(SSN_LAST_FOUR)), `a log line holds the SSN last four: ${excerpt(line)}`);
    }
  });

  it('logs no raw packets, buffers, headers or bodies', () => {
    for (const line of output.toString('utf8').split('\n').filter(Boolean)) {
      assert.doesNotMatch(line, /rawPacket|"type":"Buffer"|"headers"|"body"|x-api-key/i, excerpt(line));
    }
  });
});
