/**
 * Splits the one giant merge of a WebAssembly function into merges of a few dozen branches each.
 *
 * PGlite's SQL parser (`raw_parser`, Bison's generated parser) dispatches its ~2,000 grammar actions
 * with one `br_table` into ~2,000 nested blocks, and every action ends with a branch to the same
 * block: one merge point with ~2,000 incoming branches. V8 13.6's optimising compiler (Node 24) is
 * quadratic in such a merge: it needed 604 MB and 1.5 s for this one function (a synthetic function
 * with 500, 1,000 and 2,000 branches to one merge: 18, 70 and 271 MB), once per process, soon after
 * start (BENCHMARKS.md). Nesting the same branches as groups of K, each group merging in a block of
 * its own that then branches on to the original merge, takes it to 23 MB and 0.15 s.
 *
 * The rewrite is exact: it adds blocks and redirects branches whose new target is followed only by a
 * branch to the old one; every other instruction is copied byte for byte. Only the control
 * instructions are interpreted (to follow the nesting and retarget branches); an opcode this reader
 * does not know makes it refuse, and the caller keeps the module as it was.
 *
 * The pattern, in the binary: a `block` (the merge) whose body opens with a run of nested `block`s,
 * and each of those ends with `br merge` as its last instruction (an action: `block … end` is the
 * case label, the code after it the action, `br merge` its `break`).
 */

/** Why a module was left as it was: the caller keeps the original. */
export class WasmRewriteRefused extends Error {}

const GROUP_SIZE = 45;

class Reader {
  readonly bytes: Uint8Array;
  at: number;
  constructor(bytes: Uint8Array, at = 0) {
    this.bytes = bytes;
    this.at = at;
  }
  byte(): number {
    if (this.at >= this.bytes.length) throw new WasmRewriteRefused('unexpected end of the module');
    return this.bytes[this.at++]!;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new WasmRewriteRefused('malformed LEB128');
    }
  }
  /** A signed LEB128 whose value is not needed: skipped. */
  skipLeb(): void {
    while (this.byte() & 0x80);
  }
  skipName(): void {
    const length = this.u32();
    this.at += length;
  }
}

/** Bytes written one after another, into a buffer that grows when it must. */
class Writer {
  #bytes: Uint8Array;
  length = 0;
  constructor(capacity: number) {
    this.#bytes = new Uint8Array(capacity);
  }
  byte(value: number): void {
    if (this.length === this.#bytes.length) {
      const larger = new Uint8Array(this.#bytes.length * 2);
      larger.set(this.#bytes);
      this.#bytes = larger;
    }
    this.#bytes[this.length++] = value;
  }
  u32(value: number): void {
    do {
      const low = value % 128;
      value = Math.floor(value / 128);
      this.byte(value === 0 ? low : low | 0x80);
    } while (value !== 0);
  }
  copy(from: Uint8Array, start: number, end: number): void {
    for (let i = start; i < end; i++) this.byte(from[i]!);
  }
  bytes(): Uint8Array {
    return this.#bytes.subarray(0, this.length);
  }
}

interface Section {
  readonly id: number;
  /** Where its content starts and ends. */
  readonly start: number;
  readonly end: number;
  /** Where its header (id byte) starts. */
  readonly headerStart: number;
}

function sections(bytes: Uint8Array): Section[] {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (magic.some((b, i) => bytes[i] !== b)) throw new WasmRewriteRefused('not a WebAssembly 1.0 module');
  const reader = new Reader(bytes, 8);
  const found: Section[] = [];
  while (reader.at < bytes.length) {
    const headerStart = reader.at;
    const id = reader.byte();
    const size = reader.u32();
    found.push({ id, start: reader.at, end: reader.at + size, headerStart });
    reader.at += size;
  }
  return found;
}

/** The index, among the module's functions (imports first), of the function exported as `name`. */
function exportedFunction(bytes: Uint8Array, all: Section[], name: string): number {
  const exports = all.find((s) => s.id === 7);
  if (!exports) throw new WasmRewriteRefused('the module exports nothing');
  const wanted = new TextEncoder().encode(name);
  const reader = new Reader(bytes, exports.start);
  for (let n = reader.u32(); n > 0; n--) {
    const length = reader.u32();
    const matches = length === wanted.length && wanted.every((b, i) => bytes[reader.at + i] === b);
    reader.at += length;
    const kind = reader.byte();
    const index = reader.u32();
    if (kind === 0 && matches) return index;
  }
  throw new WasmRewriteRefused(`the module exports no function ${name}`);
}

/** The index of the function exported as `name` (what V8 calls it: `wasm-function[index]`). */
export function exportedFunctionIndex(module: Uint8Array, name: string): number {
  return exportedFunction(module, sections(module), name);
}

function importedFunctionCount(bytes: Uint8Array, all: Section[]): number {
  const imports = all.find((s) => s.id === 2);
  if (!imports) return 0;
  const reader = new Reader(bytes, imports.start);
  let functions = 0;
  for (let n = reader.u32(); n > 0; n--) {
    reader.skipName();
    reader.skipName();
    const kind = reader.byte();
    if (kind === 0) {
      functions++;
      reader.u32();
    } else if (kind === 1) {
      reader.byte();
      skipLimits(reader);
    } else if (kind === 2) {
      skipLimits(reader);
    } else if (kind === 3) {
      reader.byte();
      reader.byte();
    } else {
      throw new WasmRewriteRefused(`import kind ${kind} is not known here`);
    }
  }
  return functions;
}

function skipLimits(reader: Reader): void {
  const flags = reader.byte();
  reader.u32();
  if (flags & 1) reader.u32();
}

/** One instruction of a function body: its bytes, and for control instructions what they do. */
interface Instruction {
  readonly start: number;
  end: number;
  readonly opcode: number;
  /** block, loop, if: the label it opens; end: the label it closes (-1: the function's end). */
  label?: number;
  /** br, br_if: the label it targets; br_table: all of them, the default last. */
  targets?: number[];
}

/** The instructions of a body, branch targets resolved to label numbers; labels' block types. */
function decodeBody(bytes: Uint8Array, start: number, end: number): { instructions: Instruction[]; blockTypes: Map<number, number> } {
  const reader = new Reader(bytes, start);
  const instructions: Instruction[] = [];
  const blockTypes = new Map<number, number>();
  // Label 0 is the function body's own; a branch to it is a return.
  const open: number[] = [0];
  let nextLabel = 1;
  const target = (depth: number): number => {
    if (depth >= open.length) throw new WasmRewriteRefused('a branch beyond the function');
    return open[open.length - 1 - depth]!;
  };
  while (reader.at < end) {
    const at = reader.at;
    const opcode = reader.byte();
    const instruction: Instruction = { start: at, end: at, opcode };
    if (opcode === 0x02 || opcode === 0x03 || opcode === 0x04) {
      const type = bytes[reader.at]!;
      if (type === 0x40 || (type >= 0x6f && type <= 0x7f)) reader.at++;
      else reader.skipLeb();
      instruction.label = nextLabel++;
      blockTypes.set(instruction.label, type);
      open.push(instruction.label);
    } else if (opcode === 0x0b) {
      instruction.label = open.pop() ?? -1;
    } else if (opcode === 0x0c || opcode === 0x0d) {
      instruction.targets = [target(reader.u32())];
    } else if (opcode === 0x0e) {
      const targets: number[] = [];
      for (let n = reader.u32() + 1; n > 0; n--) targets.push(target(reader.u32()));
      instruction.targets = targets;
    } else {
      skipImmediates(reader, opcode);
    }
    instruction.end = reader.at;
    instructions.push(instruction);
    if (opcode === 0x0b && open.length === 0) break;
  }
  if (reader.at !== end || open.length !== 0) throw new WasmRewriteRefused('the function body does not end where its size says');
  return { instructions, blockTypes };
}

/** Skips the immediates of a non-control instruction (WebAssembly 1.0, sign extension, bulk memory, saturating truncation). */
function skipImmediates(reader: Reader, opcode: number): void {
  if (opcode <= 0x01 || opcode === 0x05 || opcode === 0x0f || opcode === 0x1a || opcode === 0x1b) return;
  if (opcode === 0x1c) {
    const types = reader.u32();
    reader.at += types;
    return;
  }
  if (opcode === 0xd0) {
    reader.at++;
    return;
  }
  if (opcode === 0x10 || (opcode >= 0x20 && opcode <= 0x26) || opcode === 0x3f || opcode === 0x40 || opcode === 0xd2) {
    reader.u32();
    return;
  }
  if (opcode === 0x11) {
    reader.u32();
    reader.u32();
    return;
  }
  if (opcode >= 0x28 && opcode <= 0x3e) {
    const align = reader.u32();
    if (align & 0x40) reader.u32();
    reader.u32();
    return;
  }
  if (opcode === 0x41 || opcode === 0x42) return reader.skipLeb();
  if (opcode === 0x43) {
    reader.at += 4;
    return;
  }
  if (opcode === 0x44) {
    reader.at += 8;
    return;
  }
  if ((opcode >= 0x45 && opcode <= 0xc4) || opcode === 0xd1) return;
  if (opcode === 0xfc) {
    const sub = reader.u32();
    const immediates = [0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 2, 1, 2, 1, 2, 1, 1, 1][sub];
    if (immediates === undefined) throw new WasmRewriteRefused(`instruction 0xfc ${sub} is not known here`);
    for (let n = immediates; n > 0; n--) reader.u32();
    return;
  }
  throw new WasmRewriteRefused(`opcode 0x${opcode.toString(16)} is not known here`);
}

interface Plan {
  /** Instruction index → the new block opened right after it. */
  readonly openAfter: Map<number, number>;
  /** Instruction index of a `br` → its new target. */
  readonly retarget: Map<number, number>;
  /** Instruction index of a `br` → labels to close after it, then a `br` to the original merge. */
  readonly closeAfter: Map<number, { close: number; thenTo: number }>;
}

/**
 * Finds the merge with the longest run of nested blocks ending in a branch to it, and plans the
 * groups. `minimum`: fewer such branches than this is not worth a rewrite.
 */
function planSplit(instructions: Instruction[], blockTypes: Map<number, number>, minimum: number, firstNewLabel: number): Plan | undefined {
  // Where each label's `end` is.
  const endOf = new Map<number, number>();
  instructions.forEach((instruction, i) => {
    if (instruction.opcode === 0x0b && instruction.label !== undefined) endOf.set(instruction.label, i);
  });
  let best: { merge: number; chain: number[] } | undefined;
  for (let i = 0; i < instructions.length; i++) {
    // A run of nested blocks: each opens the previous one's body.
    if (instructions[i]!.opcode !== 0x02 || instructions[i - 1]?.opcode === 0x02) continue;
    let runEnd = i;
    while (instructions[runEnd + 1]?.opcode === 0x02) runEnd++;
    // For each block of the run, the block it ends by branching to, when that is an enclosing
    // block of the same run: the candidates for the merge, with the blocks that branch to them.
    const chains = new Map<number, number[]>();
    const inRun = new Set<number>();
    for (let j = i; j <= runEnd; j++) {
      const before = instructions[endOf.get(instructions[j]!.label!)! - 1]!;
      const merge = before.opcode === 0x0c ? before.targets![0]! : undefined;
      if (merge !== undefined && inRun.has(merge)) {
        const chain = chains.get(merge) ?? [];
        chain.push(j);
        chains.set(merge, chain);
      }
      inRun.add(instructions[j]!.label!);
    }
    for (const [merge, chain] of chains) {
      if (blockTypes.get(merge) === 0x40 && (!best || chain.length > best.chain.length)) best = { merge, chain };
    }
    i = runEnd;
  }
  if (!best || best.chain.length < minimum) return undefined;
  const openAfter = new Map<number, number>();
  const retarget = new Map<number, number>();
  const closeAfter = new Map<number, { close: number; thenTo: number }>();
  // Innermost first: each group's outermost block gets the group's merge around its body.
  const inner = [...best.chain].reverse();
  let label = firstNewLabel;
  for (let g = 0; g + GROUP_SIZE <= inner.length; g += GROUP_SIZE) {
    const group = inner.slice(g, g + GROUP_SIZE);
    const groupMerge = label++;
    const top = group[group.length - 1]!;
    openAfter.set(top, groupMerge);
    for (const opener of group) retarget.set(endOf.get(instructions[opener]!.label!)! - 1, groupMerge);
    closeAfter.set(endOf.get(instructions[top]!.label!)! - 1, { close: groupMerge, thenTo: best.merge });
  }
  return { openAfter, retarget, closeAfter };
}

/** The body again, appended to `out`, with the plan applied and every branch depth computed anew. */
function encodeBody(out: Writer, bytes: Uint8Array, instructions: Instruction[], plan: Plan): void {
  // The open labels, innermost last, and where each is in that stack (a label opens once).
  const open: number[] = [];
  const position = new Map<number, number>();
  const push = (label: number) => {
    position.set(label, open.length);
    open.push(label);
  };
  const pop = () => position.delete(open.pop()!);
  const depth = (label: number): number => {
    const at = position.get(label);
    if (at === undefined) throw new WasmRewriteRefused('a branch out of its label after the rewrite');
    return open.length - 1 - at;
  };
  push(0);
  instructions.forEach((instruction, i) => {
    const { opcode } = instruction;
    if (opcode === 0x0c || opcode === 0x0d) {
      out.byte(opcode);
      out.u32(depth(plan.retarget.get(i) ?? instruction.targets![0]!));
    } else if (opcode === 0x0e) {
      out.byte(opcode);
      out.u32(instruction.targets!.length - 1);
      for (const label of instruction.targets!) out.u32(depth(label));
    } else {
      out.copy(bytes, instruction.start, instruction.end);
      if (opcode === 0x02 || opcode === 0x03 || opcode === 0x04) push(instruction.label!);
      else if (opcode === 0x0b) pop();
    }
    const opened = plan.openAfter.get(i);
    if (opened !== undefined) {
      out.byte(0x02);
      out.byte(0x40);
      push(opened);
    }
    const close = plan.closeAfter.get(i);
    if (close) {
      if (open.at(-1) !== close.close) throw new WasmRewriteRefused('the groups do not nest');
      pop();
      out.byte(0x0b);
      out.byte(0x0c);
      out.u32(depth(close.thenTo));
    }
  });
}

/**
 * `bytes` with each range replaced, ranges in order. When nothing moves right (the usual case here:
 * redirected branches are shorter), it is done in place, in memory the caller's read already
 * touched; new memory for a copy of PGlite's 9 MB costs more than the rewrite.
 */
function replaceRanges(bytes: Uint8Array, ranges: ReadonlyArray<{ start: number; end: number; content: Uint8Array }>): Uint8Array {
  let shift = 0;
  let inPlace = true;
  for (const range of ranges) {
    shift += range.content.length - (range.end - range.start);
    if (shift > 0) inPlace = false;
  }
  const target = inPlace ? bytes : new Uint8Array(bytes.length + shift);
  if (!inPlace) target.set(bytes.subarray(0, ranges[0]!.start));
  let to = ranges[0]!.start;
  ranges.forEach((range, i) => {
    target.set(range.content, to);
    to += range.content.length;
    const next = ranges[i + 1]?.start ?? bytes.length;
    if (inPlace) target.copyWithin(to, range.end, next);
    else target.set(bytes.subarray(range.end, next), to);
    to += next - range.end;
  });
  return target.subarray(0, to);
}

/**
 * `module` with the largest merge of the function exported as `exportName` split into groups, or
 * the reason it was left alone (WasmRewriteRefused). `minimum`: the fewest branches to one merge
 * worth splitting. The result may share `module`'s memory, which is then no longer the original.
 */
export function splitLargestMerge(module: Uint8Array, exportName: string, minimum = 500): Uint8Array {
  const all = sections(module);
  const functionIndex = exportedFunction(module, all, exportName) - importedFunctionCount(module, all);
  const code = all.find((s) => s.id === 10);
  if (!code || functionIndex < 0) throw new WasmRewriteRefused(`${exportName} has no body in this module`);
  const reader = new Reader(module, code.start);
  const count = reader.u32();
  if (functionIndex >= count) throw new WasmRewriteRefused(`${exportName} has no body in this module`);
  for (let i = 0; i < functionIndex; i++) {
    const size = reader.u32();
    reader.at += size;
  }
  const entryStart = reader.at;
  const entrySize = reader.u32();
  const localsStart = reader.at;
  const entryEnd = localsStart + entrySize;
  for (let n = reader.u32(); n > 0; n--) {
    reader.u32();
    reader.byte();
  }
  const bodyStart = reader.at;
  const { instructions, blockTypes } = decodeBody(module, bodyStart, entryEnd);
  const plan = planSplit(instructions, blockTypes, minimum, blockTypes.size + 1);
  if (!plan) throw new WasmRewriteRefused(`${exportName} has no merge of ${minimum} branches or more`);
  const function_ = new Writer(entryEnd - localsStart + 1024);
  function_.copy(module, localsStart, bodyStart);
  encodeBody(function_, module, instructions, plan);
  const entrySizeField = new Writer(5);
  entrySizeField.u32(function_.length);
  const codeSize = code.end - code.start - (entryEnd - entryStart) + entrySizeField.length + function_.length;
  const codeHeader = new Writer(6);
  codeHeader.byte(10);
  codeHeader.u32(codeSize);
  return replaceRanges(module, [
    { start: code.headerStart, end: code.start, content: codeHeader.bytes() },
    { start: entryStart, end: localsStart, content: entrySizeField.bytes() },
    { start: localsStart, end: entryEnd, content: function_.bytes() },
  ]);
}
