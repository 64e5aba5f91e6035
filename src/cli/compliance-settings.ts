/**
 * `callwise company settings show|set`: a company's compliance settings (policy overrides, what
 * Callwise may assume about the numbers the lender sends). Parsing and formatting are pure so they
 * can be tested without a database; the commands are registered from cli/index.ts.
 *
 * Every policy option also takes `default`, which removes the company's override so the engine
 * default applies again (an override that merely equals today's default would not follow a change
 * of default).
 */
import type { Command } from 'commander';
import { DEFAULT_POLICY, type LineType, type Policy } from '../compliance/index.ts';
import { DomainError } from '../domain/errors.ts';
import type { ComplianceSettings } from '../services/company-settings.ts';
import type { Services } from '../services/index.ts';

interface SettingsOptions {
  callerType?: string;
  waLicensed?: string;
  mode?: string;
  blockSundays?: string;
  blockHolidays?: string;
  startBuffer?: string;
  endBuffer?: string;
  dailyCap?: string;
  minGap?: string;
  regFForCreditors?: string;
  artificialVoice?: string;
  liveOperatorIntro?: string;
  businessRelationship?: string;
  marketingCalls?: string;
  assumeTcpaConsent?: string;
  lineType?: string;
}

const DEFAULT = 'default';
const invalid = (option: string, expected: string) => new DomainError('validation_failed', `--${option} must be ${expected}`);

function onOff(option: string, value: string): boolean {
  if (value === 'on' || value === 'true') return true;
  if (value === 'off' || value === 'false') return false;
  throw invalid(option, 'on or off');
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw invalid(option, allowed.join(', '));
}

function minutes(option: string, value: string): number {
  if (!/^\d+$/.test(value)) throw invalid(option, 'a whole number of minutes');
  return Number(value);
}

/** The changes to pass to CompanySettingsService.updateCompliance; undefined policy values remove an override. */
export function parseSettingsOptions(options: SettingsOptions): Partial<ComplianceSettings> {
  const policy: Record<string, unknown> = {};
  const field = <K extends keyof Policy>(key: K, raw: string | undefined, parse: (value: string) => Policy[K]) => {
    if (raw === undefined) return;
    policy[key] = raw === DEFAULT ? undefined : parse(raw);
  };
  field('callerType', options.callerType, (v) => oneOf('caller-type', v, ['collector', 'creditor']));
  field('waLicensed', options.waLicensed, (v) => onOff('wa-licensed', v));
  field('mode', options.mode, (v) => oneOf('mode', v, ['strict', 'calendar']));
  field('blockSundays', options.blockSundays, (v) => onOff('block-sundays', v));
  field('blockHolidays', options.blockHolidays, (v) => onOff('block-holidays', v));
  field('startBufferMinutes', options.startBuffer, (v) => minutes('start-buffer', v));
  field('endBufferMinutes', options.endBuffer, (v) => minutes('end-buffer', v));
  field('dailyCapPerPerson', options.dailyCap, (v) => (v === 'none' ? null : minutes('daily-cap', v)));
  field('minGapMinutes', options.minGap, (v) => minutes('min-gap', v));
  field('regFForCreditors', options.regFForCreditors, (v) => onOff('reg-f-for-creditors', v));
  field('artificialVoice', options.artificialVoice, (v) => onOff('artificial-voice', v));
  field('liveOperatorIntro', options.liveOperatorIntro, (v) => onOff('live-operator-intro', v));
  field('businessRelationship', options.businessRelationship, (v) => onOff('business-relationship', v));
  field('marketingCalls', options.marketingCalls, (v) => onOff('marketing-calls', v));
  const changes: { policy?: Partial<Policy>; assumeTcpaConsent?: boolean; defaultLineType?: LineType } = {};
  if (Object.keys(policy).length > 0) changes.policy = policy;
  if (options.assumeTcpaConsent !== undefined) changes.assumeTcpaConsent = onOff('assume-tcpa-consent', options.assumeTcpaConsent);
  if (options.lineType !== undefined) changes.defaultLineType = oneOf<LineType>('line-type', options.lineType, ['wireless', 'landline', 'voip', 'unknown']);
  if (Object.keys(changes).length === 0) throw new DomainError('validation_failed', 'nothing to change: pass at least one option (see --help)');
  return changes;
}

const show = (value: Policy[keyof Policy] | undefined): string =>
  value === null ? 'none' : typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);

/** One line per setting: the effective value and whether it is the company's or the engine default. */
export function formatSettings(companyId: string, settings: ComplianceSettings): string[] {
  const overrides = settings.policy as Record<string, Policy[keyof Policy] | undefined>;
  const lines = [
    `company              ${companyId}`,
    // The attestation is a dated event of the consent ledger, not a silent default: say which.
    `assumeTcpaConsent    ${settings.attestation ? `on (attested ${settings.attestation.since.toISOString()}, ${settings.attestation.eventId})` : 'off'}`,
    `defaultLineType      ${settings.defaultLineType}`,
    'policy (effective value, then whose it is):',
  ];
  for (const [key, fallback] of Object.entries(DEFAULT_POLICY)) {
    const own = Object.hasOwn(overrides, key) && overrides[key] !== undefined;
    lines.push(`  ${key.padEnd(20)} ${show(own ? overrides[key] : fallback).padEnd(10)} ${own ? 'company' : 'default'}`);
  }
  return lines;
}

type RunWith = (work: (runtime: { services: Services }) => Promise<void>) => Promise<void>;

export function registerSettingsCommands(company: Command, run: RunWith, print: (line: string) => void): void {
  const settings = company.command('settings').description("a company's compliance settings (policy overrides and number assumptions)");
  settings
    .command('show')
    .argument('<companyId>')
    .description('print the effective compliance policy and which values the company overrides')
    .action((companyId: string) =>
      run(async ({ services }) => {
        await services.companies.requireCompany(companyId);
        for (const line of formatSettings(companyId, await services.settings.compliance(companyId))) print(line);
      }),
    );
  settings
    .command('set')
    .argument('<companyId>')
    .option('--caller-type <type>', 'collector | creditor | default')
    .option('--wa-licensed <on|off>', 'licensed as a Washington collection agency (on | off | default)')
    .option('--mode <mode>', 'strict | calendar | default')
    .option('--block-sundays <on|off>', 'refuse calls on Sundays (on | off | default)')
    .option('--block-holidays <on|off>', 'refuse calls on US federal holidays (on | off | default)')
    .option('--start-buffer <minutes>', 'minutes added to the 08:00 start, or default')
    .option('--end-buffer <minutes>', 'minutes taken off the 21:00 end, or default')
    .option('--daily-cap <n>', 'call attempts per person per local day, none, or default')
    .option('--min-gap <minutes>', 'minimum minutes between attempts, or default')
    .option('--reg-f-for-creditors <on|off>', 'apply Reg F 7-in-7 to a first-party creditor (on | off | default)')
    .option('--artificial-voice <on|off>', 'calls use an artificial (AI) voice: state artificial-voice statutes apply (on | off | default)')
    .option('--live-operator-intro <on|off>', "a live operator obtains the consumer's consent before the AI voice speaks (on | off | default)")
    .option(
      '--business-relationship <on|off>',
      'current business relationship with the people called: MN and IN exemption, and lets a marketing call reach a number on the National Do-Not-Call Registry (on | off | default)',
    )
    .option('--marketing-calls <on|off>', 'the company places marketing calls, which get the telemarketing rules; off refuses every one (on | off | default)')
    .option('--assume-tcpa-consent <on|off>', "the lender attests its customers' numbers carry prior express consent")
    .option('--line-type <type>', 'line type assumed for customer numbers: wireless | landline | voip | unknown')
    .description('change compliance settings; running servers see the change within 10 seconds')
    .action((companyId: string, options: SettingsOptions) =>
      run(async ({ services }) => {
        const changes = parseSettingsOptions(options);
        await services.settings.updateCompliance(companyId, changes);
        // Read back through the service (its cache was cleared) so what is printed is what is stored.
        for (const line of formatSettings(companyId, await services.settings.compliance(companyId))) print(line);
      }),
    );
}
