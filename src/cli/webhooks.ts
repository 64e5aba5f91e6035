/**
 * `callwise webhooks …` (a company's lender webhook endpoints, their delivery log, redelivery) and
 * `callwise webhook-sender` (the sender on its own; any number of them against one PostgreSQL).
 * The same rules as the API: the service validates, and a secret is printed only when it is made.
 */
import type { Command } from 'commander';
import { DomainError } from '../domain/errors.ts';
import type { Runtime } from '../runtime.ts';
import { WebhookSender } from '../webhook-sender.ts';
import { explain } from './input.ts';

type WithRuntime = <T>(work: (runtime: Runtime) => Promise<T>) => Promise<T>;

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

export function registerWebhookCommands(program: Command, withRuntime: WithRuntime, print: (line: string) => void): void {
  const webhooks = program.command('webhooks').description("a company's webhook endpoints: signed events about calls and plan changes");
  webhooks
    .command('add')
    .argument('<companyId>')
    .argument('<url>', 'https URL (http to a loopback address only with NODE_ENV=development)')
    .requiredOption('--events <types>', 'comma-separated event types, e.g. call.completed,customer.do_not_call')
    .option('--description <text>')
    .description('register an endpoint; prints it with its signing secret, shown only this once')
    .action((companyId: string, url: string, options: { events: string; description?: string }) =>
      withRuntime(async ({ services }) => {
        const created = await services.webhookEndpoints
          .create(companyId, { url, eventTypes: list(options.events), ...(options.description ? { description: options.description } : {}) }, 'cli')
          .catch(explain);
        print(JSON.stringify(created));
      }),
    );
  webhooks
    .command('list')
    .argument('<companyId>')
    .description('the endpoints (never their secrets)')
    .action((companyId: string) => withRuntime(async ({ services }) => print(JSON.stringify(await services.webhookEndpoints.list(companyId)))));
  webhooks
    .command('update')
    .argument('<companyId>')
    .argument('<endpointId>')
    .option('--url <url>')
    .option('--events <types>', 'comma-separated event types (replaces the list)')
    .option('--description <text>')
    .option('--enable', 'send again, starting with what waited')
    .option('--disable', 'hold deliveries (they wait, nothing is dropped)')
    .description('change an endpoint')
    .action((companyId: string, endpointId: string, options: { url?: string; events?: string; description?: string; enable?: boolean; disable?: boolean }) =>
      withRuntime(async ({ services }) => {
        if (options.enable && options.disable) throw new DomainError('validation_failed', '--enable and --disable together');
        const changes = {
          ...(options.url ? { url: options.url } : {}),
          ...(options.events ? { eventTypes: list(options.events) } : {}),
          ...(options.description !== undefined ? { description: options.description } : {}),
          ...(options.enable ? { enabled: true } : options.disable ? { enabled: false } : {}),
        };
        print(JSON.stringify(await services.webhookEndpoints.update(companyId, endpointId, changes, 'cli').catch(explain)));
      }),
    );
  webhooks
    .command('remove')
    .argument('<companyId>')
    .argument('<endpointId>')
    .description('remove an endpoint with its deliveries')
    .action((companyId: string, endpointId: string) =>
      withRuntime(async ({ services }) => {
        await services.webhookEndpoints.remove(companyId, endpointId, 'cli');
        print(`removed ${endpointId}`);
      }),
    );
  webhooks
    .command('rotate-secret')
    .argument('<companyId>')
    .argument('<endpointId>')
    .description('a new signing secret, printed once; the old one also signs for 24 hours')
    .action((companyId: string, endpointId: string) =>
      withRuntime(async ({ services }) => print(JSON.stringify(await services.webhookEndpoints.rotateSecret(companyId, endpointId, 'cli')))),
    );
  webhooks
    .command('deliveries')
    .argument('<companyId>')
    .argument('<endpointId>')
    .option('--status <status>', 'pending, delivered or failed')
    .option('--limit <n>', 'how many', '50')
    .description('the delivery log, newest first: every attempt with its status code, latency and error')
    .action((companyId: string, endpointId: string, options: { status?: string; limit: string }) =>
      withRuntime(async ({ services }) => {
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new DomainError('validation_failed', '--limit must be an integer from 1 to 200');
        if (options.status && !['pending', 'delivered', 'failed'].includes(options.status))
          throw new DomainError('validation_failed', '--status must be pending, delivered or failed');
        const page = await services.webhookEndpoints.deliveries(companyId, endpointId, { ...(options.status ? { status: options.status } : {}), limit });
        for (const delivery of page.data) print(JSON.stringify(delivery));
      }),
    );
  webhooks
    .command('redeliver')
    .argument('<companyId>')
    .argument('<endpointId>')
    .option('--event <eventId>', 'one event')
    .option('--since <instant>', 'every event from this instant (ISO 8601)')
    .option('--until <instant>', '… to this one (at most 31 days)')
    .description('send events to the endpoint again, with their original webhook-id')
    .action((companyId: string, endpointId: string, options: { event?: string; since?: string; until?: string }) =>
      withRuntime(async ({ services }) => {
        const body = options.event ? { eventId: options.event } : { since: options.since, until: options.until };
        print(JSON.stringify(await services.webhookEndpoints.redeliver(companyId, endpointId, body, 'cli').catch(explain)));
      }),
    );

  program
    .command('webhook-sender')
    .option('--poll-ms <ms>', 'how often to look for due deliveries without a notification', '1000')
    .description('run the webhook sender alone, until SIGTERM or SIGINT (run the server with WEBHOOK_SENDER=off to leave sending to these)')
    .action((options: { pollMs: string }) =>
      withRuntime(async ({ services }) => {
        const pollMs = Number(options.pollMs);
        if (!Number.isInteger(pollMs) || pollMs < 50 || pollMs > 60_000)
          throw new DomainError('validation_failed', '--poll-ms must be an integer from 50 to 60000');
        const log = { warn: (obj: object, msg?: string) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg, ...obj })}\n`) };
        const sender = new WebhookSender(services.webhookDelivery, services.database, log, { pollMs });
        sender.start();
        print(`webhook sender running (${services.database.kind})`);
        await new Promise<void>((resolve) => {
          process.once('SIGTERM', resolve);
          process.once('SIGINT', resolve);
        });
        // Deliveries being sent get their attempts recorded before the process ends.
        await sender.stop();
      }),
    );
}
