/**
 * PGlite is a single-process database: two processes opening one data directory would corrupt it.
 * The server records its pid in the directory; other processes (the CLI) refuse to open it while
 * that process is alive. PostgreSQL deployments don't need this.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const LOCK_FILE = 'callwise.pid';

function holder(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

export class DataDirInUseError extends Error {}

/** Takes the directory for this process; throws if another live process holds it. */
export function lockDataDir(dataDir: string): () => void {
  const other = holder(dataDir);
  if (other !== null) {
    throw new DataDirInUseError(
      `the embedded database in ${dataDir} is in use by process ${other}; stop it first (PGlite allows one process), or use PostgreSQL via DATABASE_URL`,
    );
  }
  const file = path.join(dataDir, LOCK_FILE);
  writeFileSync(file, String(process.pid), { mode: 0o600 });
  return () => rmSync(file, { force: true });
}
