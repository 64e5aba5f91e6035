/**
 * How `npm start` runs the server: the environment variables and Node options its script sets
 * before `node … bin/server.js`. The footprint and load benches, and the memory soak test, start
 * Callwise the same way, so that what they measure is what an operator runs (package.json is the
 * one place it is written).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface StartCommand {
  /** Variables the script sets for the process (`NAME=value` before the command). */
  readonly env: Record<string, string>;
  /** Options given to node before the entry file. */
  readonly nodeArgs: string[];
  /** The entry file, relative to the checkout. */
  readonly entry: string;
}

/** Parses a command of the form `[NAME=value …] node [--option …] file`. */
function parseStartCommand(command: string): StartCommand {
  const words = command.split(/\s+/).filter(Boolean);
  const env: Record<string, string> = {};
  while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) {
    const [name, ...value] = words.shift()!.split('=');
    env[name!] = value.join('=');
  }
  if (words.shift() !== 'node') throw new Error(`not a node command: ${command}`);
  const entry = words.pop();
  if (entry === undefined || words.some((word) => !word.startsWith('--'))) throw new Error(`cannot read the start command: ${command}`);
  return { env, nodeArgs: words, entry };
}

/** The `start` script of the checkout in `dir`. */
export function npmStartCommand(dir: string): StartCommand {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const start = manifest.scripts?.start;
  if (start === undefined) throw new Error(`${dir}/package.json has no start script`);
  return parseStartCommand(start);
}

/** What a bench starts: BENCH_START_COMMAND when set (to compare another command), else `npm start`'s. */
export function benchStartCommand(dir: string): StartCommand {
  const override = process.env.BENCH_START_COMMAND;
  return override ? parseStartCommand(override) : npmStartCommand(dir);
}
