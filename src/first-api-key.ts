/**
 * The key the embedded default's first start makes for Demo Lender. It goes to a file in DATA_DIR
 * that only the owner can read, and to stdout only when stdout is a terminal: under a supervisor
 * (systemd, Docker, a pipe) stdout is a log that is kept, shipped and read by others, and a live
 * API key does not belong in it. Off a terminal, stdout says where the file is instead.
 */
import path from 'node:path';
import { writeFileDurably } from './store/durable-files.ts';

const FIRST_API_KEY_FILE = 'first-api-key.txt';

interface Output {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** `'…'` for a shell, whatever the path holds. */
const shellQuoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** Writes the key to DATA_DIR/first-api-key.txt (0600) and tells the operator; returns the file's path. */
export function keepFirstApiKey(dataDir: string, secret: string, out: Output = process.stdout): string {
  const file = path.join(dataDir, FIRST_API_KEY_FILE);
  try {
    // Synced like the database beside it: a power cut must not leave a key that works and no file.
    writeFileDurably(file, `${secret}\n`, 0o600);
  } catch (error) {
    throw new Error(
      `could not write the first API key to ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}); ` +
        'make another with: npx callwise key create cmp_demo',
      { cause: error },
    );
  }
  const created = `\nCallwise created the company "Demo Lender" with task types collections, servicing and verification.\n`;
  if (out.isTTY) {
    out.write(
      `${created}Its API key (shown only this once here; keep it):\n\n    ${secret}\n\n` +
        `To use it from a shell:  export CALLWISE_API_KEY=${secret}\n` +
        `It is also in ${file} (readable only by you); delete that file once the key is kept elsewhere.\n\n`,
    );
  } else {
    out.write(
      `${created}Its API key is in ${file} (readable only by this user), not printed: stdout is not a terminal.\n` +
        `To use it from a shell:  export CALLWISE_API_KEY=$(cat ${shellQuoted(file)})\n\n`,
    );
  }
  return file;
}
