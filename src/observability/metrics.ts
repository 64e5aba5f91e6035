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

  constructor(sources: { pool: () => { total: number; idle: number; waiting: number }; groupCommit?: () => { batches: number; units: number } }) {
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
