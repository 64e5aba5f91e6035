/**
 * A company's dialer configuration, whatever the provider: validated, described without secrets,
 * and turned into a connector. `pull` means the lender's own dialer takes due tasks through the
 * pull API (`POST /dispatch/claim`): no connector, no credentials.
 */
import type { FieldError } from '../../domain/errors.ts';
import type { ProviderConnector, ProviderKind } from './provider.ts';
import { describeRetellConfig, parseRetellConfig, RetellConnector, type RetellConfig } from './retell.ts';
import { SimulatorConnector, type SimulatorConfig } from './simulator.ts';
import { describeTwilioConfig, parseTwilioConfig, TwilioConnector, type TwilioConfig } from './twilio.ts';
import { describeVapiConfig, parseVapiConfig, VapiConnector, type VapiConfig } from './vapi.ts';

export interface PullConfig {
  readonly kind: 'pull';
}

export type DialerConfig = SimulatorConfig | RetellConfig | VapiConfig | TwilioConfig | PullConfig;
export type DialerKind = DialerConfig['kind'];

const DIALER_KINDS: readonly DialerKind[] = ['simulator', 'retell', 'vapi', 'twilio', 'pull'];

function positiveInteger(value: unknown, pointer: string, errors: FieldError[], max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    errors.push({ pointer, detail: `must be an integer from 1 to ${max}` });
    return undefined;
  }
  return value;
}

function parseSimulator(input: Record<string, unknown>): { config: SimulatorConfig } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const concurrency = positiveInteger(input.concurrency, '/concurrency', errors, 10_000);
  const callMs = positiveInteger(input.callMs, '/callMs', errors, 3_600_000);
  for (const key of Object.keys(input))
    if (!['kind', 'concurrency', 'callMs'].includes(key)) errors.push({ pointer: `/${key}`, detail: 'is not a simulator setting' });
  if (errors.length > 0) return { errors };
  return { config: { kind: 'simulator', ...(concurrency ? { concurrency } : {}), ...(callMs ? { callMs } : {}) } };
}

export function parseDialerConfig(input: unknown): { config: DialerConfig } | { errors: FieldError[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { errors: [{ pointer: '', detail: 'must be an object' }] };
  const record = input as Record<string, unknown>;
  switch (record.kind) {
    case 'simulator':
      return parseSimulator(record);
    case 'retell':
      return parseRetellConfig(record);
    case 'vapi':
      return parseVapiConfig(record);
    case 'twilio':
      return parseTwilioConfig(record);
    case 'pull':
      return Object.keys(record).length === 1 ? { config: { kind: 'pull' } } : { errors: [{ pointer: '', detail: 'pull takes no settings' }] };
    default:
      return { errors: [{ pointer: '/kind', detail: `must be one of ${DIALER_KINDS.join(', ')}` }] };
  }
}

/** The configuration without credentials. */
export function describeDialerConfig(config: DialerConfig): Record<string, unknown> {
  switch (config.kind) {
    case 'simulator':
      return { ...config };
    case 'retell':
      return describeRetellConfig(config);
    case 'vapi':
      return describeVapiConfig(config);
    case 'twilio':
      return describeTwilioConfig(config);
    case 'pull':
      return { kind: 'pull' };
  }
}

/**
 * The connector for a configuration; null for `pull` (the lender's dialer pulls). `now` is the
 * service clock: the simulator's calls and Twilio's time limit follow it.
 */
export function createProviderConnector(config: DialerConfig, deps: { now?: () => number } = {}): ProviderConnector | null {
  switch (config.kind) {
    case 'simulator':
      return new SimulatorConnector(config, deps);
    case 'retell':
      return new RetellConnector(config);
    case 'vapi':
      return new VapiConnector(config);
    case 'twilio':
      return new TwilioConnector(config, deps);
    case 'pull':
      return null;
  }
}

export function isProviderKind(value: string): value is ProviderKind {
  return value === 'simulator' || value === 'retell' || value === 'vapi' || value === 'twilio';
}
