import { createHmac, randomUUID } from 'node:crypto';
import { json, startFakeServer, type FakeAnswer, type FakeRequest, type FakeServer } from './http-fake.ts';

/**
 * A Vapi API fake speaking the shapes of Vapi's OpenAPI document (VapiAI/docs
 * `fern/apis/api/openapi.json`): `POST /call` (CreateCallDTO → 201 Call with `subscriptionLimits`,
 * call-concurrency.mdx), `GET /call/{id}`, `GET /call` (phoneNumberId, assistantId, createdAt*
 * filters, `limit` default 100), and Server URL messages `{message: {type, call, …}}` for
 * `status-update` and `end-of-call-report`, signed with the HMAC credential layout the connector
 * documents (hex HMAC-SHA256 of `${timestamp}.${body}`, `x-vapi-signature` / `x-vapi-timestamp`).
 *
 * UNVERIFIED and invented here: the error bodies (NestJS-style `{message, error, statusCode}`)
 * and the 400 answers for a daily limit or a concurrency refusal; the connector must depend only
 * on status codes and the documented `subscriptionLimits`.
 */

export interface VapiFakeOptions {
  apiKey?: string;
  assistantId?: string;
  phoneNumberId?: string;
  webhookSecret?: string;
  /** The org's concurrent-call slots; a create beyond them is answered `concurrencyBlocked`. */
  concurrencyLimit?: number;
}

/** How the next creates are refused, as the real API might. */
export type VapiRefusal =
  /** 201 with `subscriptionLimits.concurrencyBlocked: true` and an ended call (documented). */
  | 'concurrency-blocked'
  /** 400 naming the concurrency start error (shape unverified). */
  | 'concurrency-400'
  /** 400 naming the Vapi number's daily outbound limit (shape unverified). */
  | 'daily-limit-400';

export interface VapiEnding {
  endedReason: string;
  /** `analysis.structuredData`: the post-call extraction. */
  structuredData?: Record<string, unknown>;
  transcript?: string;
  summary?: string;
  recordingUrl?: string;
  durationSeconds?: number;
}

export interface VapiWebhookOptions {
  type: 'status-update' | 'end-of-call-report';
  /** For status-update: the status to report (default: the call's). */
  status?: string;
  /** Sign with another secret (a wrong one). */
  secret?: string;
  /** The signed timestamp, Unix seconds (default: now). */
  timestampSeconds?: number;
  /** Change the body after signing. */
  tamper?: boolean;
}

export interface VapiWebhook {
  rawBody: string;
  headers: Record<string, string>;
}

export interface VapiFake extends FakeServer {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly assistantId: string;
  readonly phoneNumberId: string;
  readonly webhookSecret: string;
  /** Stored calls by id (what GET /call/{id} returns). */
  readonly calls: Map<string, Record<string, unknown>>;
  /** The create bodies received, parsed. */
  readonly createBodies: Array<Record<string, unknown>>;
  refuseNext(refusal: VapiRefusal, times?: number): void;
  setStatus(callId: string, status: 'queued' | 'ringing' | 'in-progress' | 'forwarding'): void;
  /** Ends a placed call; GET /call/{id} then returns the ended call with its artifact and analysis. */
  endCall(callId: string, ending: VapiEnding): Record<string, unknown>;
  /** A Server URL message for the call, signed as the HMAC credential signs. */
  webhook(callId: string, options: VapiWebhookOptions): VapiWebhook;
  /** Posts that message to `url`; resolves to the HTTP status received. */
  deliverWebhook(url: string, callId: string, options: VapiWebhookOptions): Promise<number>;
}

const UNAUTHORIZED: FakeAnswer = json(401, {
  message: 'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.',
  error: 'Unauthorized',
  statusCode: 401,
});
const badRequest = (message: string | string[]): FakeAnswer => json(400, { message, error: 'Bad Request', statusCode: 400 });
const notFound = (): FakeAnswer => json(404, { message: 'Not Found', statusCode: 404 });

export async function startVapiFake(options: VapiFakeOptions = {}): Promise<VapiFake> {
  const apiKey = options.apiKey ?? 'vapi-private-key-test';
  const assistantId = options.assistantId ?? '4a170597-a0c2-4657-8c32-cb93f080cead';
  const phoneNumberId = options.phoneNumberId ?? 'c6ea6cb0-0dfb-4a65-918f-6a33abb54b64';
  const webhookSecret = options.webhookSecret ?? 'whsec-test-secret-0123456789';
  const concurrencyLimit = options.concurrencyLimit ?? 10;
  const orgId = randomUUID();
  const calls = new Map<string, Record<string, unknown>>();
  const createBodies: Array<Record<string, unknown>> = [];
  const refusals: Array<{ refusal: VapiRefusal; left: number }> = [];
  // Creation times must differ and sort even when calls are placed within one millisecond.
  let lastCreated = 0;
  const nextCreatedAt = () => {
    lastCreated = Math.max(Date.now(), lastCreated + 1);
    return new Date(lastCreated).toISOString();
  };

  const active = () => [...calls.values()].filter((c) => c.status !== 'ended').length;
  const limits = (blocked: boolean) => ({
    concurrencyBlocked: blocked,
    concurrencyLimit,
    remainingConcurrentCalls: Math.max(0, concurrencyLimit - active()),
  });

  const validate = (body: unknown): string[] => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return ['body must be an object'];
    const b = body as Record<string, unknown>;
    const problems: string[] = [];
    if (typeof b.assistantId !== 'string') problems.push('assistantId must be a string');
    else if (b.assistantId !== assistantId) problems.push("Couldn't Get Assistant. `assistantId` doesn't exist.");
    if (typeof b.phoneNumberId !== 'string') problems.push('phoneNumberId must be a string');
    else if (b.phoneNumberId !== phoneNumberId) problems.push("Couldn't Get Phone Number. `phoneNumberId` doesn't exist.");
    const customer = b.customer as Record<string, unknown> | undefined;
    if (typeof customer !== 'object' || customer === null) problems.push('customer must be an object');
    else {
      if (typeof customer.number !== 'string' || customer.number.length < 3 || customer.number.length > 40)
        problems.push('customer.number must be between 3 and 40 characters');
      else if (!/^\+[1-9]\d{6,14}$/.test(customer.number)) problems.push('customer.number must be a valid phone number in the E.164 format.');
      for (const field of ['name', 'externalId']) {
        const value = customer[field];
        if (value !== undefined && (typeof value !== 'string' || value.length > 40))
          problems.push(`customer.${field} must be shorter than or equal to 40 characters`);
      }
    }
    const overrides = b.assistantOverrides as Record<string, unknown> | undefined;
    if (overrides !== undefined) {
      if (typeof overrides !== 'object' || overrides === null) problems.push('assistantOverrides must be an object');
      else {
        if (overrides.variableValues !== undefined && (typeof overrides.variableValues !== 'object' || overrides.variableValues === null))
          problems.push('assistantOverrides.variableValues must be an object');
        if (overrides.metadata !== undefined && (typeof overrides.metadata !== 'object' || overrides.metadata === null))
          problems.push('assistantOverrides.metadata must be an object');
        const server = overrides.server as Record<string, unknown> | undefined;
        if (server !== undefined && (typeof server?.url !== 'string' || !/^https?:\/\//.test(server.url)))
          problems.push('assistantOverrides.server.url must be a URL address');
      }
    }
    return problems;
  };

  const create = (req: FakeRequest): FakeAnswer => {
    if (req.headers.authorization !== `Bearer ${apiKey}`) return UNAUTHORIZED;
    let body: unknown;
    try {
      body = JSON.parse(req.body);
    } catch {
      return badRequest('Unexpected token in JSON');
    }
    const problems = validate(body);
    if (problems.length > 0) return badRequest(problems);
    createBodies.push(body as Record<string, unknown>);
    const b = body as Record<string, unknown>;

    const refusal = refusals.find((r) => r.left > 0);
    if (refusal) refusal.left--;
    if (refusal?.refusal === 'concurrency-400') return badRequest("Couldn't Create Call. call.start.error-subscription-concurrency-limit-reached");
    if (refusal?.refusal === 'daily-limit-400') return badRequest("Couldn't Create Call. call.start.error-vapi-number-outbound-daily-limit");
    const blocked = refusal?.refusal === 'concurrency-blocked' || active() >= concurrencyLimit;

    const now = nextCreatedAt();
    const call: Record<string, unknown> = {
      id: randomUUID(),
      orgId,
      createdAt: now,
      updatedAt: now,
      type: 'outboundPhoneCall',
      status: blocked ? 'ended' : 'queued',
      ...(blocked ? { endedReason: 'call.start.error-subscription-concurrency-limit-reached', endedAt: now } : {}),
      phoneCallProvider: 'twilio',
      phoneCallTransport: 'pstn',
      assistantId: b.assistantId,
      phoneNumberId: b.phoneNumberId,
      customer: b.customer,
      ...(b.assistantOverrides ? { assistantOverrides: b.assistantOverrides } : {}),
    };
    calls.set(call.id as string, call);
    return json(201, { subscriptionLimits: limits(blocked), ...call });
  };

  const list = (req: FakeRequest): FakeAnswer => {
    if (req.headers.authorization !== `Bearer ${apiKey}`) return UNAUTHORIZED;
    const q = req.query;
    const limit = q.has('limit') ? Number(q.get('limit')) : 100;
    if (!Number.isFinite(limit) || limit < 0 || limit > 1000) return badRequest(['limit must not be greater than 1000']);
    const bound = (name: string) => (q.has(name) ? Date.parse(q.get(name) as string) : null);
    const bounds = { gt: bound('createdAtGt'), ge: bound('createdAtGe'), lt: bound('createdAtLt'), le: bound('createdAtLe') };
    if (Object.values(bounds).some((v) => v !== null && Number.isNaN(v))) return badRequest(['createdAt filters must be ISO 8601 date strings']);
    const rows = [...calls.values()]
      .filter((c) => !q.has('id') || c.id === q.get('id'))
      .filter((c) => !q.has('assistantId') || c.assistantId === q.get('assistantId'))
      .filter((c) => !q.has('phoneNumberId') || c.phoneNumberId === q.get('phoneNumberId'))
      .filter((c) => {
        const at = Date.parse(c.createdAt as string);
        return (
          (bounds.gt === null || at > bounds.gt) &&
          (bounds.ge === null || at >= bounds.ge) &&
          (bounds.lt === null || at < bounds.lt) &&
          (bounds.le === null || at <= bounds.le)
        );
      })
      .sort((a, b) => Date.parse(b.createdAt as string) - Date.parse(a.createdAt as string))
      .slice(0, limit);
    return json(200, rows);
  };

  const handler = (req: FakeRequest): FakeAnswer => {
    if (req.path === '/call' && req.method === 'POST') return create(req);
    if (req.path === '/call' && req.method === 'GET') return list(req);
    const one = /^\/call\/([^/]+)$/.exec(req.path);
    if (one && req.method === 'GET') {
      if (req.headers.authorization !== `Bearer ${apiKey}`) return UNAUTHORIZED;
      // The path parameter is declared `format: uuid`.
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(one[1] as string)) return badRequest(['id must be a UUID']);
      const call = calls.get(one[1] as string);
      return call ? json(200, call) : notFound();
    }
    return notFound();
  };

  const server = await startFakeServer(handler, { unauthorized: () => UNAUTHORIZED });

  const mustGet = (callId: string) => {
    const call = calls.get(callId);
    if (!call) throw new Error(`vapi fake: no call ${callId}`);
    return call;
  };

  const sign = (secret: string, timestamp: string, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

  const webhook = (callId: string, opts: VapiWebhookOptions): VapiWebhook => {
    const call = mustGet(callId);
    const timestamp = String(opts.timestampSeconds ?? Math.floor(Date.now() / 1000));
    // Vapi's message `timestamp` is a number (ms); the report repeats the call's result fields.
    const message =
      opts.type === 'status-update'
        ? {
            type: 'status-update',
            timestamp: Date.now(),
            status: opts.status ?? call.status,
            ...((opts.status ?? call.status) === 'ended' && call.endedReason ? { endedReason: call.endedReason } : {}),
            call,
          }
        : {
            type: 'end-of-call-report',
            timestamp: Date.now(),
            endedReason: call.endedReason,
            startedAt: call.startedAt,
            endedAt: call.endedAt,
            artifact: call.artifact ?? { messages: [] },
            analysis: call.analysis ?? {},
            // Vapi's embedded call is the snapshot at the end, before post-processing finished.
            call: { ...call, status: 'in-progress', artifact: undefined, analysis: undefined },
          };
    const rawBody = JSON.stringify({ message });
    const headers = {
      'content-type': 'application/json',
      'x-vapi-signature': sign(opts.secret ?? webhookSecret, timestamp, rawBody),
      'x-vapi-timestamp': timestamp,
    };
    return { rawBody: opts.tamper ? rawBody.replace('"type":', '"type" :') : rawBody, headers };
  };

  return Object.assign(server, {
    baseUrl: server.origin,
    apiKey,
    assistantId,
    phoneNumberId,
    webhookSecret,
    calls,
    createBodies,
    refuseNext(refusal: VapiRefusal, times = 1) {
      refusals.push({ refusal, left: times });
    },
    setStatus(callId: string, status: 'queued' | 'ringing' | 'in-progress' | 'forwarding') {
      const call = mustGet(callId);
      call.status = status;
      call.updatedAt = new Date().toISOString();
      if (status === 'in-progress' && !call.startedAt) call.startedAt = call.updatedAt;
    },
    endCall(callId: string, ending: VapiEnding) {
      const call = mustGet(callId);
      const startedAt = (call.startedAt as string | undefined) ?? (call.createdAt as string);
      const endedAt = new Date(Date.parse(startedAt) + (ending.durationSeconds ?? 0) * 1000);
      Object.assign(call, {
        status: 'ended',
        endedReason: ending.endedReason,
        startedAt,
        endedAt: endedAt.toISOString(),
        updatedAt: endedAt.toISOString(),
        artifact: {
          messages: [],
          ...(ending.transcript === undefined ? {} : { transcript: ending.transcript }),
          ...(ending.recordingUrl === undefined ? {} : { recordingUrl: ending.recordingUrl, recording: { mono: { combinedUrl: ending.recordingUrl } } }),
        },
        analysis: {
          ...(ending.summary === undefined ? {} : { summary: ending.summary }),
          ...(ending.structuredData === undefined ? {} : { structuredData: ending.structuredData }),
        },
      });
      return call;
    },
    webhook,
    async deliverWebhook(url: string, callId: string, opts: VapiWebhookOptions) {
      const { rawBody, headers } = webhook(callId, opts);
      const response = await fetch(url, { method: 'POST', headers, body: rawBody, signal: AbortSignal.timeout(20_000) });
      await response.arrayBuffer();
      return response.status;
    },
  });
}
