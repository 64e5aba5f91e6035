/**
 * Progress on standard error: a bar redrawn in place on a terminal, plain lines every few seconds
 * elsewhere, rows per second and the time left measured on the bytes of the file.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { duration, Progress, progressBar, progressLine } from '../../src/bulk/progress.ts';

describe('progress text', () => {
  it('shows the share, rows, rows per second and the time left', () => {
    const state = { rows: 38_500, bytes: 380, totalBytes: 1000, elapsedMs: 10_000 };
    assert.equal(progressBar(state), '[#########---------------]  38%  38,500 rows  3,850 rows/s  ETA 16s');
    assert.equal(progressLine(state), 'import: 38,500 rows (38%), 3,850 rows/s, about 16s left');
  });

  it('says nothing of a share or an end it cannot know', () => {
    const state = { rows: 0, bytes: 0, totalBytes: null, elapsedMs: 0 };
    assert.equal(progressBar(state), '[------------------------]    ?%  0 rows  0 rows/s  ETA ?');
    assert.equal(progressLine(state), 'import: 0 rows, 0 rows/s');
  });

  it('writes durations as seconds, minutes or hours', () => {
    assert.equal(duration(12_400), '12s');
    assert.equal(duration(65_000), '1:05');
    assert.equal(duration(3_723_000), '1:02:03');
  });
});

describe('Progress', () => {
  function output(isTTY: boolean) {
    const written: string[] = [];
    return { out: { isTTY, columns: 200, write: (text: string) => written.push(text) }, written };
  }

  it('redraws one line on a terminal, at most every 100 ms, and clears it at the end', () => {
    let now = 0;
    const { out, written } = output(true);
    const progress = new Progress(out, 1000, () => now);
    now = 50;
    progress.update(10, 100);
    now = 100;
    progress.update(20, 200);
    now = 200;
    progress.update(30, 300);
    assert.equal(written.length, 2);
    assert.ok(written.every((text) => text.startsWith('\r[') && text.endsWith('\x1b[K')));
    progress.finish();
    assert.equal(written.at(-1), '\r\x1b[K');
  });

  it('writes a plain line every 5 seconds elsewhere, and none for a short import', () => {
    let now = 0;
    const { out, written } = output(false);
    const progress = new Progress(out, 1000, () => now);
    now = 1000;
    progress.update(10, 100);
    assert.deepEqual(written, []);
    now = 5000;
    progress.update(50, 500);
    now = 6000;
    progress.update(60, 600);
    assert.deepEqual(written, ['import: 50 rows (50%), 10 rows/s, about 5s left\n']);
    progress.finish();
    assert.equal(written.length, 1);
  });
});
