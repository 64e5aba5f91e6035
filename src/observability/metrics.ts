/**
 * Prometheus metrics for operators (/metrics): requests, latencies, errors by code, the database
 * pool, schedule planning time and group-commit batching. One registry per app instance, so tests
 * that build several apps do not share counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  #read: () => Promise<string> = () => this.registry.metrics();
  readonly requests = new Counter({
    name: 'callwise_http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'callwise_http_request_duration_seconds',
    help: 'HTTP request latency by method and route.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'callwise_http_errors_total',
    help: 'Problem responses by stable error code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly planning = new Histogram({
    name: 'callwise_schedule_planning_seconds',
    help: 'Time to plan one customer schedule (pure compliance search, no I/O).',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05],
    registers: [this.registry],
  });

  /** Dispatch (issue: dispatch, item 8). `due` is read from the database when scraped. */
  readonly dispatchClaimed = new Counter({
    name: 'callwise_dispatch_claimed_total',
    help: 'Due tasks claimed and found lawful at dial time, by dialer (simulator, retell, vapi, twilio, pull).',
    labelNames: ['provider'] as const,
    registers: [this.registry],
  });
  readonly dispatchDialled = new Counter({
    name: 'callwise_dispatch_dialled_total',
    help: 'Calls a provider accepted, by provider.',
    labelNames: ['provider'] as const,
    registers: [this.registry],
  });
  readonly dispatchSkipped = new Counter({
    name: 'callwise_dispatch_skipped_total',
    help: 'Due tasks not dialled by the dial-time re-check, by reason code (moved or skipped).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly dispatchProviderErrors = new Counter({
    name: 'callwise_dispatch_provider_errors_total',
    help: 'Provider answers that were not a placed call: refused (not dialled) or unknown (reconciled), by provider.',
    labelNames: ['provider', 'kind'] as const,
    registers: [this.registry],
  });
  readonly dispatchCheckErrors = new Counter({
    name: 'callwise_dispatch_check_errors_total',
    help: 'Dial-time re-checks that failed with an error: the task was not dialled (fail closed).',
    registers: [this.registry],
  });
  readonly dispatchLag = new Histogram({
    name: 'callwise_dispatch_lag_seconds',
    help: 'From a task being due to its call being accepted by the provider.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly dispatchOutcomes = new Counter({
    name: 'callwise_dispatch_outcomes_total',
    help: 'Dispatched calls whose outcome was recorded, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly webhookAttempts = new Counter({
    name: 'callwise_webhook_attempts_total',
    help: 'Webhook delivery attempts by result: delivered, retry (failed, will be tried again), failed (given up).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly webhookLatency = new Histogram({
    name: 'callwise_webhook_attempt_seconds',
    help: "Time from a webhook POST to the receiver's answer (or the failure).",
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
    registers: [this.registry],
  });

  constructor(sources: {
    pool: () => { total: number; idle: number; waiting: number };
    groupCommit?: () => { batches: number; units: number };
    /** Tasks due and not yet dispatched, and dispatched awaiting their outcome (read when scraped). */
    dispatchBacklog?: () => Promise<{ due: number; inFlight: number }>;
    /** Webhook deliveries still to send, and how long the oldest has waited (read when scraped). */
    webhookQueue?: () => Promise<{ pending: number; oldestAgeSeconds: number }>;
  }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'callwise_' });
    const pool = new Gauge({
      name: 'callwise_db_pool_connections',
      help: 'Database connections by state (PGlite has one).',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const stats = sources.pool();
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    });
    void pool;
    if (sources.dispatchBacklog) {
      const read = sources.dispatchBacklog;
      new Gauge({
        name: 'callwise_dispatch_tasks',
        help: 'Dispatch backlog across companies: due (scheduled, time come) and in_flight (dispatched).',
        labelNames: ['state'] as const,
        registers: [this.registry],
        async collect() {
          const backlog = await read().catch(() => null);
          if (!backlog) return;
          this.set({ state: 'due' }, backlog.due);
          this.set({ state: 'in_flight' }, backlog.inFlight);
        },
      });
    }
    if (sources.webhookQueue) {
      const read = sources.webhookQueue;
      // One read serves both gauges of a scrape.
      let reading: Promise<{ pending: number; oldestAgeSeconds: number } | null> | null = null;
      const once = () => (reading ??= read().catch(() => null)).finally(() => setImmediate(() => (reading = null)));
      new Gauge({
        name: 'callwise_webhook_queue_depth',
        help: 'Webhook deliveries not yet delivered nor given up, across companies.',
        registers: [this.registry],
        async collect() {
          const queue = await once();
          if (queue) this.set(queue.pending);
        },
      });
      new Gauge({
        name: 'callwise_webhook_oldest_pending_seconds',
        help: 'Age of the oldest webhook delivery still pending (0 when none is).',
        registers: [this.registry],
        async collect() {
          const queue = await once();
          if (queue) this.set(queue.oldestAgeSeconds);
        },
      });
    }
    if (sources.groupCommit) {
      const read = sources.groupCommit;
      new Gauge({
        name: 'callwise_group_commit_total',
        help: 'Group commit: transactions committed (batches) and units of work in them (units).',
        labelNames: ['kind'] as const,
        registers: [this.registry],
        collect() {
          const stats = read();
          this.set({ kind: 'batches' }, stats.batches);
          this.set({ kind: 'units' }, stats.units);
        },
      });
    }
  }

  /** The exposition text /metrics answers with. */
  text(): Promise<string> {
    return this.#read();
  }

  /** Answer /metrics from `reader` instead (a worker reports the whole cluster's metrics). */
  readFrom(reader: () => Promise<string>): void {
    this.#read = reader;
  }
}
