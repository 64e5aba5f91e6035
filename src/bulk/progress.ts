/**
 * Progress of a long import on standard error: on a terminal, one line redrawn in place — a bar,
 * rows, rows per second and the time left — and elsewhere (a log, a CI job) a plain line every few
 * seconds, since a redrawn line would fill a log with carriage returns. The share done is measured
 * in bytes of the file, which is known before the rows are counted.
 */

export interface ProgressState {
  readonly rows: number;
  /** Bytes of the file read so far, and its size (null when unknown). */
  readonly bytes: number;
  readonly totalBytes: number | null;
  readonly elapsedMs: number;
}

export interface ProgressOutput {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

const BAR_WIDTH = 24;
const TTY_INTERVAL_MS = 100;
const PLAIN_INTERVAL_MS = 5000;

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** "1:05", "12s", "1:02:03". */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function rowsPerSecond(rows: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (rows * 1000) / elapsedMs : 0;
}

/** The share done (0–1) and the time left, from the bytes read so far; null while unknown. */
function estimate(state: ProgressState): { share: number; leftMs: number } | null {
  if (!state.totalBytes || state.bytes <= 0 || state.elapsedMs <= 0) return null;
  const share = Math.min(1, state.bytes / state.totalBytes);
  return { share, leftMs: (state.elapsedMs * (state.totalBytes - state.bytes)) / state.bytes };
}

/** What the terminal shows: `[#########---------------]  38%  38,500 rows  4,210 rows/s  ETA 15s`. */
export function progressBar(state: ProgressState): string {
  const known = estimate(state);
  const filled = known ? Math.round(known.share * BAR_WIDTH) : 0;
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const share = known ? `${String(Math.floor(known.share * 100)).padStart(3)}%` : '   ?%';
  const eta = known ? `ETA ${duration(known.leftMs)}` : 'ETA ?';
  return `${bar} ${share}  ${count(state.rows)} rows  ${count(rowsPerSecond(state.rows, state.elapsedMs))} rows/s  ${eta}`;
}

/** What a log gets: `import: 38,500 rows (38%), 4,210 rows/s, about 15s left`. */
export function progressLine(state: ProgressState): string {
  const known = estimate(state);
  const share = known ? ` (${Math.floor(known.share * 100)}%)` : '';
  const left = known ? `, about ${duration(known.leftMs)} left` : '';
  return `import: ${count(state.rows)} rows${share}, ${count(rowsPerSecond(state.rows, state.elapsedMs))} rows/s${left}`;
}

export class Progress {
  readonly #out: ProgressOutput;
  readonly #totalBytes: number | null;
  readonly #now: () => number;
  readonly #started: number;
  #drawnAt: number;
  #drawn = false;

  constructor(out: ProgressOutput, totalBytes: number | null, now: () => number = () => performance.now()) {
    this.#out = out;
    this.#totalBytes = totalBytes;
    this.#now = now;
    this.#started = now();
    // A plain line first after one interval: a short import prints none.
    this.#drawnAt = out.isTTY ? -Infinity : this.#started;
  }

  /** Shows the counts, at most every 100 ms on a terminal and every 5 s elsewhere. */
  update(rows: number, bytes: number): void {
    const now = this.#now();
    if (now - this.#drawnAt < (this.#out.isTTY ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS)) return;
    this.#drawnAt = now;
    const state = { rows, bytes, totalBytes: this.#totalBytes, elapsedMs: now - this.#started };
    if (this.#out.isTTY) {
      // Cut to the terminal's width: a wrapped line cannot be redrawn in place.
      const text = progressBar(state).slice(0, Math.max(20, (this.#out.columns ?? 80) - 1));
      this.#out.write(`\r${text}\x1b[K`);
      this.#drawn = true;
    } else {
      this.#out.write(`${progressLine(state)}\n`);
    }
  }

  /** Clears the bar, so the report that follows starts on a clean line. */
  finish(): void {
    if (this.#drawn) this.#out.write('\r\x1b[K');
    this.#drawn = false;
  }

  get elapsedMs(): number {
    return this.#now() - this.#started;
  }
}
