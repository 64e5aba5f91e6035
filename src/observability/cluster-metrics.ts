/**
 * /metrics when the server runs as several worker processes (CALLWISE_WORKERS): whichever worker
 * a scrape reaches asks the primary, which collects every worker's registry and sums them
 * (prom-client's AggregatorRegistry), so one scrape describes the whole server.
 */
import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

const REQUEST = 'callwise:cluster-metrics-request';
const ANSWER = 'callwise:cluster-metrics-answer';
const ANSWER_TIMEOUT_MS = 5_000;

interface Request {
  readonly type: typeof REQUEST;
  readonly id: number;
}
interface Answer {
  readonly type: typeof ANSWER;
  readonly id: number;
  readonly text?: string;
  readonly error?: string;
}

const isRequest = (message: unknown): message is Request => (message as Request | null)?.type === REQUEST;
const isAnswer = (message: unknown): message is Answer => (message as Answer | null)?.type === ANSWER;

/** Primary: answers the workers' requests with the whole cluster's metrics. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isRequest(message)) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id: message.id, text } satisfies Answer),
      (error: unknown) => worker.send({ type: ANSWER, id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies Answer),
    );
  });
}

/**
 * Worker: lets the primary collect `registry`, and returns a reader of the whole cluster's
 * metrics (in Prometheus text format).
 */
export function clusterMetricsReader(registry: Registry): () => Promise<string> {
  // Constructing one installs the worker's side of prom-client's collection protocol.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    if (!isAnswer(message)) return;
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    clearTimeout(waiting.timer);
    if (message.text !== undefined) waiting.resolve(message.text);
    else waiting.reject(new Error(`cluster metrics: ${message.error ?? 'no answer'}`));
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error('cluster metrics: the primary process did not answer'));
      }, ANSWER_TIMEOUT_MS);
      timer.unref();
      pending.set(id, { resolve, reject, timer });
      process.send!({ type: REQUEST, id } satisfies Request);
    });
}
