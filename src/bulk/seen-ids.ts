/**
 * The ids an import has met, to refuse a second row with the same id wherever it is in the file
 * (two chunks apart, the database would call it "existing", and with --upsert the later row would
 * overwrite the earlier). Not the ids themselves: a 64-bit digest of each in a flat open-addressing
 * table of 8-byte slots kept at most half full — about 16 MB for a million rows, whatever the ids'
 * length. Two different ids share a digest with probability about n²/2⁶⁵ (3 in 100 million for a
 * million rows); the later row would then be refused as a duplicate, never written twice.
 */
import { hash } from 'node:crypto';

const INITIAL_SLOTS = 1024;

export class SeenIds {
  /** Two 32-bit halves a slot; 0,0 is an empty slot. */
  #table = new Uint32Array(INITIAL_SLOTS * 2);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** True the first time `id` is offered, false every time after. */
  firstTime(id: string): boolean {
    const digest = hash('sha1', id, 'buffer');
    const high = digest.readUInt32LE(0);
    // A digest of all zeros would read as an empty slot: its low half is never 0.
    const low = digest.readUInt32LE(4) || 1;
    if (!this.#insert(this.#table, high, low)) return false;
    this.#size += 1;
    if (this.#size * 2 > this.#table.length / 2) this.#grow();
    return true;
  }

  #insert(table: Uint32Array, high: number, low: number): boolean {
    const slots = table.length / 2;
    for (let slot = high & (slots - 1); ; slot = (slot + 1) & (slots - 1)) {
      const h = table[slot * 2]!;
      const l = table[slot * 2 + 1]!;
      if (h === 0 && l === 0) {
        table[slot * 2] = high;
        table[slot * 2 + 1] = low;
        return true;
      }
      if (h === high && l === low) return false;
    }
  }

  #grow(): void {
    const old = this.#table;
    this.#table = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.#insert(this.#table, old[i]!, old[i + 1]!);
  }
}
