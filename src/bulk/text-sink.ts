/**
 * Text written to a stream with its backpressure honoured: a write waits while the stream's buffer
 * is full, so a slow disk or a slow reader of standard output holds the producer back instead of
 * letting the text pile up in memory.
 */
import type { Writable } from 'node:stream';

export class TextSink {
  readonly #stream: Writable;
  #failed: Error | undefined;

  constructor(stream: Writable) {
    this.#stream = stream;
    // Kept, and thrown by the next write: an error with no listener would end the process.
    stream.on('error', (error) => {
      this.#failed ??= error;
    });
  }

  async write(text: string): Promise<void> {
    this.#throwIfFailed();
    if (!this.#stream.write(text)) await drained(this.#stream);
    this.#throwIfFailed();
  }

  /** Ends the stream (a file: flushed and closed), or with `keepOpen` (standard output) waits until what was written has gone. */
  async close(options: { keepOpen?: boolean } = {}): Promise<void> {
    this.#throwIfFailed();
    if (options.keepOpen) {
      if (this.#stream.writableNeedDrain) await drained(this.#stream);
    } else {
      await new Promise<void>((resolve, reject) => this.#stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    }
    this.#throwIfFailed();
  }

  #throwIfFailed(): void {
    const failed = this.#failed;
    if (failed !== undefined) throw failed;
  }
}

/** Resolves when the stream can take more (or is gone), rejects on its error; leaves no listener behind. */
function drained(stream: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      stop();
      resolve();
    };
    const fail = (error: Error) => {
      stop();
      reject(error);
    };
    const stop = () => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', fail);
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', fail);
  });
}
