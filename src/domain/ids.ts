/**
 * Callwise's own identifiers: a type prefix (cmp_, key_, task_, call_ …) so an id read in a log
 * says what it names, then a millisecond timestamp so ids roughly sort by creation, then 80 random
 * bits so two processes never collide.
 */
import { randomBytes } from 'node:crypto';

export type IdPrefix = 'cmp' | 'key' | 'task' | 'call' | 'req';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${randomBytes(10).toString('hex')}`;
}
