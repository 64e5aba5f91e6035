/**
 * Callwise's own identifiers: a type prefix (cmp_, key_, task_, call_, evt_ (a webhook event), whe_ (a webhook endpoint), cns_ (a consent event) …) so an id read in a log
 * says what it names, then a millisecond timestamp so ids roughly sort by creation, then 80 random
 * bits so two processes never collide. The random part comes from randomUUID, which draws from a
 * cached entropy pool: a create makes a dozen ids, and a system call each was measurable.
 */
import { randomUUID } from 'node:crypto';

export type IdPrefix = 'cmp' | 'key' | 'task' | 'call' | 'req' | 'evt' | 'whe' | 'aud' | 'cns';

export function newId(prefix: IdPrefix): string {
  const random = randomUUID();
  // 20 hex digits of the UUID's random bits (skipping the version nibble).
  return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${random.slice(0, 8)}${random.slice(9, 13)}${random.slice(15, 18)}${random.slice(19, 23)}${random.slice(24, 25)}`;
}
