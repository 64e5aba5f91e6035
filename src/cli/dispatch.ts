/**
 * `callwise dialer …`, `callwise dispatch …` and `callwise dispatcher`: who places a company's
 * calls, pausing and resuming dialling, and the dispatcher on its own (any number of them against
 * one PostgreSQL).
 *
 * A dialer configuration holds credentials, so it is read from a JSON file or standard input,
 * never from flags: a secret on the command line lands in shell history and `ps`. It is printed
 * back without its secrets.
 */
import type { Command } from 'commander';
import { DomainError } from '../domain/errors.ts';
import { Dispatcher } from '../dispatcher.ts';
import type { Runtime } from '../runtime.ts';
import { explain, readConfig } from './input.ts';

type WithRuntime = <T>(work: (runtime: Runtime) => Promise<T>) => Promise<T>;

export function registerDispatchCommands(program: Command, withRuntime: WithRuntime, print: (line: string) => void): void {
  const dialer = program.command('dialer').description("who places a company's calls: simulator, retell, vapi, twilio, or pull (your own dialer)");
  dialer
    .command('configure')
    .argument('<companyId>')
    .argument('<configFile>', 'JSON file with the configuration ("-" = standard input), e.g. {"kind":"retell","apiKey":"…","fromNumber":"+1…"}')
    .description('set the company dialer (replaces any previous one); prints it without secrets')
    .action((companyId: string, configFile: string) =>
      withRuntime(async ({ services }) => {
        const described = await services.dialers.configure(companyId, readConfig(configFile)).catch(explain);
        print(JSON.stringify(described));
      }),
    );
  dialer
    .command('show')
    .argument('<companyId>')
    .description('the company dialer without secrets')
    .action((companyId: string) =>
      withRuntime(async ({ services }) => {
        const described = await services.dialers.describe(companyId);
        print(described ? JSON.stringify(described) : 'no dialer: the company calls are not dispatched');
      }),
    );
  dialer
    .command('remove')
    .argument('<companyId>')
    .description('remove the company dialer: its due calls stay scheduled, nothing is dialled')
    .action((companyId: string) =>
      withRuntime(async ({ services }) => {
        print((await services.dialers.remove(companyId)) ? 'removed' : 'the company had no dialer');
      }),
    );
  dialer
    .command('settings')
    .argument('<companyId>')
    .option('--identity-verification <onOrOff>', 'send date of birth and SSN last four to the agent')
    .option('--max-call-minutes <n>', 'longest call; a call is dialled only if this much lawful time remains')
    .option('--disclosure <text...>', 'sentences every call must say (replaces the default mini-Miranda)')
    .description('what the agent is given and how long a call may last')
    .action((companyId: string, options: { identityVerification?: string; maxCallMinutes?: string; disclosure?: string[] }) =>
      withRuntime(async ({ services }) => {
        const changes: Record<string, unknown> = {};
        if (options.identityVerification !== undefined) {
          if (!/^(on|off)$/.test(options.identityVerification)) throw new DomainError('validation_failed', '--identity-verification must be on or off');
          changes.identityVerification = options.identityVerification === 'on';
        }
        if (options.maxCallMinutes !== undefined) changes.maxCallMinutes = Number(options.maxCallMinutes);
        if (options.disclosure !== undefined) changes.disclosures = options.disclosure;
        print(JSON.stringify(await services.settings.updateDispatch(companyId, changes)));
      }),
    );

  const dispatch = program.command('dispatch').description('dialling for a company');
  dispatch
    .command('pause')
    .argument('<companyId>')
    .description('stop new dials for the company within a second (calls in progress finish)')
    .action((companyId: string) => withRuntime(async ({ services }) => print(JSON.stringify(await services.dispatch.pause(companyId, 'cli')))));
  dispatch
    .command('resume')
    .argument('<companyId>')
    .description('dial again; every due call is re-checked at the instant of dialling')
    .action((companyId: string) => withRuntime(async ({ services }) => print(JSON.stringify(await services.dispatch.resume(companyId, 'cli')))));
  dispatch
    .command('status')
    .argument('<companyId>')
    .description('paused or not, the dialer, due and in-flight calls')
    .action((companyId: string) => withRuntime(async ({ services }) => print(JSON.stringify(await services.dispatch.status(companyId)))));

  program
    .command('dispatcher')
    .option('--poll-ms <ms>', 'how often to look for due calls without a notification', '1000')
    .description('run the dispatcher alone, until SIGTERM or SIGINT (run the server with DISPATCHER=off to leave dialling to these)')
    .action((options: { pollMs: string }) =>
      withRuntime(async ({ services }) => {
        const pollMs = Number(options.pollMs);
        if (!Number.isInteger(pollMs) || pollMs < 50 || pollMs > 60_000)
          throw new DomainError('validation_failed', '--poll-ms must be an integer from 50 to 60000');
        const log = { warn: (obj: object, msg?: string) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg, ...obj })}\n`) };
        const dispatcher = new Dispatcher(services.dispatch, services.providerWebhooks, services.database, log, { pollMs });
        dispatcher.start();
        print(`dispatcher running (${services.database.kind})`);
        await new Promise<void>((resolve) => {
          process.once('SIGTERM', resolve);
          process.once('SIGINT', resolve);
        });
        // Calls being placed get their answers recorded before the process ends.
        await dispatcher.stop();
      }),
    );
}
