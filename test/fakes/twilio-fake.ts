import { createHmac, randomBytes } from 'node:crypto';
import { json, startFakeServer, type FakeAnswer, type FakeRequest, type FakeServer } from './http-fake.ts';

/**
 * A Twilio Programmable Voice fake speaking the REST API 2010-04-01 shapes (dispatch-and-voice.md
 * §1.5; twilio-node `CallListInstance`): create a call (`POST /2010-04-01/Accounts/{Sid}/Calls.json`,
 * HTTP Basic, form body, 201 + call resource), fetch one (`GET …/Calls/{CallSid}.json`), list
 * (`GET …/Calls.json` with `To`, `From`, `Status`, `StartTime>`/`StartTime<`/`StartTime`, paged by
 * `next_page_uri`), and errors as `{code, message, more_info, status}`.
 *
 * A test moves a call along (`progress`, `end`) and the fake keeps the status callbacks Twilio
 * would send for the subscribed `StatusCallbackEvent`s (`SequenceNumber` from 0; `AnsweredBy`
 * only with `MachineDetection`); `deliver` posts one, signed as Twilio signs (`X-Twilio-Signature`,
 * HMAC-SHA1 of URL + sorted params), and returns the HTTP status it got. Raw Twilio has no
 * post-call analysis and no transcript, so there is no extraction to set.
 *
 * Error codes 20003, 20404, 20429 and 21211 are Twilio's documented ones; the codes for missing
 * parameters (21201, 21213, 21205) are as remembered and the connector must not depend on them.
 */

export interface TwilioFakeOptions {
  accountSid?: string;
  authToken?: string;
  /** The fake's clock (call times, callback `Timestamp`). */
  now?: () => Date;
}

type Progress = 'initiated' | 'ringing' | 'in-progress';
type Final = 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

export interface TwilioCallEnd {
  status: Final;
  /** human, machine_start, machine_end_beep, machine_end_silence, machine_end_other, fax, unknown — reported only with MachineDetection. */
  answeredBy?: string;
  durationSeconds?: number;
  sipResponseCode?: number;
  /** false: the call never left Twilio's queue (only sensible with `canceled`). Default true. */
  dialled?: boolean;
}

export interface TwilioFakeCall {
  readonly sid: string;
  /** The create request's form, as received. */
  readonly form: URLSearchParams;
  /** The resource GET answers. */
  readonly resource: Record<string, unknown>;
  /** The status callbacks Twilio would have sent so far, in order. */
  readonly callbacks: URLSearchParams[];
}

export interface TwilioFake extends FakeServer {
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly calls: readonly TwilioFakeCall[];
  call(sid: string): TwilioFakeCall;
  /** Answer the next `times` (default all) create requests with 429 / 20429, with Retry-After when given. */
  refuseCreates(options?: { times?: number; retryAfter?: string }): void;
  /** A call made earlier or elsewhere (history for list tests); answers its sid. */
  addCall(seed: { to: string; from: string; status: Progress | Final | 'queued'; dateCreated: Date; startTime: Date | null }): string;
  progress(sid: string, status: Progress): void;
  /** Ends a call; unless `dialled: false`, it first goes through initiated and ringing (and answered when completed). */
  end(sid: string, end: TwilioCallEnd): void;
  /**
   * POSTs one status callback (default: the latest) to `url` (default: the call's StatusCallback),
   * signed with `authToken` (default: the account's); answers the receiver's HTTP status.
   */
  deliver(sid: string, options?: { url?: string; index?: number; authToken?: string }): Promise<number>;
}

const rfc2822 = (d: Date) => d.toUTCString().replace(/GMT$/, '+0000');
const EVENTS = new Set(['initiated', 'ringing', 'answered', 'completed']);
const EVENT_OF: Record<Progress | Final, string> = {
  initiated: 'initiated',
  ringing: 'ringing',
  'in-progress': 'answered',
  completed: 'completed',
  busy: 'completed',
  'no-answer': 'completed',
  failed: 'completed',
  canceled: 'completed',
};
const DEFAULT_SIP: Record<Final, number> = { completed: 200, busy: 486, 'no-answer': 487, failed: 404, canceled: 487 };

/** Twilio's signature, written from the documentation text (twilio.com/docs/usage/webhooks/webhooks-security). */
function twilioFakeSignature(authToken: string, url: string, params: URLSearchParams): string {
  const names = [...new Set(params.keys())].sort();
  const data = names.reduce((acc, name) => acc + [...new Set(params.getAll(name))].sort().reduce((s, value) => s + name + value, ''), url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export async function startTwilioFake(options: TwilioFakeOptions = {}): Promise<TwilioFake> {
  const accountSid = options.accountSid ?? `AC${'a1'.repeat(16)}`;
  const authToken = options.authToken ?? 'fake-auth-token-0123456789abcdef';
  const now = options.now ?? (() => new Date());
  const calls: Array<TwilioFakeCall & { amd: boolean; events: Set<string>; statusCallback: string | null }> = [];
  let refusals = { left: 0, retryAfter: undefined as string | undefined };

  const prefix = `/2010-04-01/Accounts/${accountSid}`;
  const error = (status: number, code: number, message: string): FakeAnswer =>
    json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  const unauthorized = () => error(401, 20003, 'Authenticate');
  const notFound = (path: string) => error(404, 20404, `The requested resource ${path} was not found`);

  const find = (sid: string) => {
    const call = calls.find((c) => c.sid === sid);
    if (!call) throw new Error(`twilio fake: no call ${sid}`);
    return call;
  };

  const record = (call: (typeof calls)[number], status: Progress | Final, extra: Record<string, string> = {}) => {
    const r = call.resource;
    r.status = status;
    r.date_updated = rfc2822(now());
    if (!call.statusCallback || !call.events.has(EVENT_OF[status])) return;
    const params = new URLSearchParams({
      Called: String(r.to),
      ApiVersion: '2010-04-01',
      AccountSid: accountSid,
      CallSid: call.sid,
      CallStatus: status,
      Direction: 'outbound-api',
      From: String(r.from),
      Caller: String(r.from),
      To: String(r.to),
      Timestamp: rfc2822(now()),
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(call.callbacks.length),
      ...extra,
    });
    call.callbacks.push(params);
  };

  const create = (req: FakeRequest): FakeAnswer => {
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return error(400, 20001, 'Unsupported Content-Type');
    if (refusals.left > 0) {
      refusals.left--;
      return { ...error(429, 20429, 'Too Many Requests'), ...(refusals.retryAfter ? { headers: { 'Retry-After': refusals.retryAfter } } : {}) };
    }
    const form = new URLSearchParams(req.body);
    const to = form.get('To');
    const from = form.get('From');
    const url = form.get('Url');
    if (!to) return error(400, 21201, "No 'To' number is specified");
    if (!from) return error(400, 21213, "No 'From' number is specified");
    if (!url && !form.get('Twiml') && !form.get('ApplicationSid')) return error(400, 21205, 'Url parameter is required');
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (url && !/^https?:\/\/\S+$/.test(url)) return error(400, 21205, 'Url is not a valid URL');
    const statusCallback = form.get('StatusCallback');
    if (statusCallback && !/^https?:\/\/\S+$/.test(statusCallback)) return error(400, 21609, 'StatusCallback is not a valid URL');
    const events = form.getAll('StatusCallbackEvent');
    if (events.some((e) => !EVENTS.has(e))) return error(400, 21626, 'Invalid StatusCallbackEvent');
    const amd = form.get('MachineDetection');
    if (amd !== null && amd !== 'Enable' && amd !== 'DetectMessageEnd') return error(400, 21626, 'Invalid MachineDetection');
    const timeLimit = form.get('TimeLimit');
    if (timeLimit !== null && !/^[1-9]\d*$/.test(timeLimit)) return error(400, 21626, 'Invalid TimeLimit');

    const sid = `CA${randomBytes(16).toString('hex')}`;
    const created = rfc2822(now());
    const resource: Record<string, unknown> = {
      sid,
      account_sid: accountSid,
      api_version: '2010-04-01',
      date_created: created,
      date_updated: created,
      parent_call_sid: null,
      to,
      to_formatted: to,
      from,
      from_formatted: from,
      phone_number_sid: null,
      status: 'queued',
      start_time: null,
      end_time: null,
      duration: null,
      price: null,
      price_unit: 'USD',
      direction: 'outbound-api',
      answered_by: null,
      forwarded_from: null,
      group_sid: null,
      caller_name: null,
      queue_time: '0',
      trunk_sid: null,
      uri: `${prefix}/Calls/${sid}.json`,
      subresource_uris: { recordings: `${prefix}/Calls/${sid}/Recordings.json`, events: `${prefix}/Calls/${sid}/Events.json` },
    };
    // Without StatusCallbackEvent Twilio sends only `completed`.
    calls.push({ sid, form, resource, callbacks: [], amd: amd !== null, events: new Set(events.length ? events : ['completed']), statusCallback });
    return json(201, resource);
  };

  const list = (req: FakeRequest): FakeAnswer => {
    const q = req.query;
    const day = (d: unknown) => (typeof d === 'string' ? new Date(Date.parse(d)).toISOString().slice(0, 10) : null);
    const matching = calls
      .map((c) => c.resource)
      .filter((r) => {
        const started = day(r.start_time);
        if (q.get('To') !== null && r.to !== q.get('To')) return false;
        if (q.get('From') !== null && r.from !== q.get('From')) return false;
        if (q.get('Status') !== null && r.status !== q.get('Status')) return false;
        // Date filters compare start days in UTC; a call not yet started matches none of them.
        if (q.get('StartTime') !== null && started !== q.get('StartTime')) return false;
        if (q.get('StartTime>') !== null && (started === null || started < q.get('StartTime>')!)) return false;
        if (q.get('StartTime<') !== null && (started === null || started > q.get('StartTime<')!)) return false;
        return true;
      })
      .sort((a, b) => Date.parse(String(b.date_created)) - Date.parse(String(a.date_created)));
    const pageSize = Math.min(Number(q.get('PageSize') ?? 50) || 50, 1000);
    const page = Number(q.get('Page') ?? 0) || 0;
    const uri = (p: number) => {
      const params = new URLSearchParams(q);
      params.set('Page', String(p));
      params.set('PageSize', String(pageSize));
      if (p > 0) params.set('PageToken', `PA${p}`);
      return `${prefix}/Calls.json?${params.toString()}`;
    };
    const slice = matching.slice(page * pageSize, (page + 1) * pageSize);
    return json(200, {
      calls: slice,
      end: page * pageSize + Math.max(slice.length - 1, 0),
      first_page_uri: uri(0),
      next_page_uri: (page + 1) * pageSize < matching.length ? uri(page + 1) : null,
      page,
      page_size: pageSize,
      previous_page_uri: page > 0 ? uri(page - 1) : null,
      start: page * pageSize,
      uri: uri(page),
    });
  };

  const handler = (req: FakeRequest): FakeAnswer => {
    const auth = String(req.headers.authorization ?? '');
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (auth !== expected) return unauthorized();
    if (!req.path.startsWith(`${prefix}/`)) return notFound(req.path);
    const rest = req.path.slice(prefix.length);
    if (rest === '/Calls.json') {
      if (req.method === 'POST') return create(req);
      if (req.method === 'GET') return list(req);
    }
    const m = /^\/Calls\/(CA[0-9a-f]{32})\.json$/.exec(rest);
    if (m && req.method === 'GET') {
      const call = calls.find((c) => c.sid === m[1]);
      return call ? json(200, call.resource) : notFound(req.path);
    }
    return error(req.method === 'GET' ? 404 : 405, 20004, 'Method not allowed');
  };

  const server = await startFakeServer(handler, { unauthorized });

  // Machine detection answers by the time the call is answered, so `answered` carries its verdict too.
  const progress = (sid: string, status: Progress, answeredBy = 'unknown') => {
    const call = find(sid);
    if (call.resource.start_time === null) call.resource.start_time = rfc2822(now());
    record(call, status, status === 'in-progress' && call.amd ? { AnsweredBy: answeredBy } : {});
  };

  return Object.assign(server, {
    baseUrl: server.origin,
    accountSid,
    authToken,
    calls,
    call: find,
    refuseCreates(opts: { times?: number; retryAfter?: string } = {}) {
      refusals = { left: opts.times ?? Number.POSITIVE_INFINITY, retryAfter: opts.retryAfter };
    },
    addCall(seed: { to: string; from: string; status: Progress | Final | 'queued'; dateCreated: Date; startTime: Date | null }) {
      const sid = `CA${randomBytes(16).toString('hex')}`;
      const resource = {
        sid,
        account_sid: accountSid,
        date_created: rfc2822(seed.dateCreated),
        to: seed.to,
        from: seed.from,
        status: seed.status,
        start_time: seed.startTime ? rfc2822(seed.startTime) : null,
        direction: 'outbound-api',
        answered_by: null,
        duration: null,
      };
      calls.push({ sid, form: new URLSearchParams(), resource, callbacks: [], amd: false, events: new Set(), statusCallback: null });
      return sid;
    },
    progress(sid: string, status: Progress) {
      progress(sid, status);
    },
    end(sid: string, end: TwilioCallEnd) {
      const call = find(sid);
      if (end.dialled !== false) {
        if (call.resource.status === 'queued') progress(sid, 'initiated');
        if (call.resource.status === 'initiated') progress(sid, 'ringing');
        if (end.status === 'completed' && call.resource.status === 'ringing') progress(sid, 'in-progress', end.answeredBy);
      }
      const answeredBy = call.amd && end.status === 'completed' ? (end.answeredBy ?? 'unknown') : null;
      const duration = end.status === 'completed' ? (end.durationSeconds ?? 42) : 0;
      Object.assign(call.resource, {
        answered_by: answeredBy,
        duration: String(duration),
        end_time: call.resource.start_time === null ? null : rfc2822(now()),
      });
      record(call, end.status, {
        CallDuration: String(duration),
        SipResponseCode: String(end.sipResponseCode ?? DEFAULT_SIP[end.status]),
        ...(answeredBy ? { AnsweredBy: answeredBy } : {}),
      });
    },
    async deliver(sid: string, opts: { url?: string; index?: number; authToken?: string } = {}) {
      const call = find(sid);
      const url = opts.url ?? call.statusCallback;
      if (!url) throw new Error('twilio fake: the call has no StatusCallback and no url was given');
      const params = call.callbacks.at(opts.index ?? -1);
      if (!params) throw new Error('twilio fake: no status callback to deliver');
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          'user-agent': 'TwilioProxy/1.1',
          'x-twilio-signature': twilioFakeSignature(opts.authToken ?? authToken, url, params),
        },
        body: params.toString(),
      });
      await response.arrayBuffer();
      return response.status;
    },
  });
}
