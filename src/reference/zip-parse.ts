// Shared by zip-codes.ts and nyc.ts, which load different data files, so neither imports the other.

/** Parses the 5 digits of a ZIP, ZIP+4 ("12345-6789") or 9-digit ZIP ("123456789") without
 *  allocating; surrounding ASCII spaces/tabs are ignored. Returns -1 when the input is none of these. */
export function zip5Number(input: string): number {
  if (typeof input !== 'string') return -1;
  let start = 0;
  let end = input.length;
  while (start < end && isBlank(input.charCodeAt(start))) start++;
  while (end > start && isBlank(input.charCodeAt(end - 1))) end--;
  const length = end - start;
  if (length !== 5 && length !== 9 && length !== 10) return -1;
  let n = 0;
  for (let i = start; i < start + 5; i++) {
    const d = input.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  if (length === 5) return n;
  let plus4 = start + 5;
  if (length === 10) {
    if (input.charCodeAt(plus4) !== 45 /* - */) return -1;
    plus4++;
  }
  for (let i = plus4; i < end; i++) {
    const d = input.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
  }
  return n;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}
