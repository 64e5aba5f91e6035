/**
 * When a failed delivery is tried again: the Standard Webhooks specification's example schedule
 * (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h — about three days), each delay spread by
 * ±20 % so that a receiver coming back is not hit by every retry at once. A `Retry-After` the
 * receiver sent is honoured when it asks for longer (up to a day). Pure.
 */
const DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000];
const JITTER = 0.2;
const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * The delay before the next attempt after `attemptsSoFar` failed attempts of this round (1 after
 * the first), or null when the round is over. `random` is in [0, 1).
 */
export function retryDelayMs(attemptsSoFar: number, random: number, retryAfterMs?: number): number | null {
  const base = DELAYS_MS[attemptsSoFar - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (1 - JITTER + 2 * JITTER * random));
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}
