/**
 * Preloaded into a soak's server process (`node --expose-gc --import …/gc-on-signal.ts`): a full
 * garbage collection on SIGUSR2, so memory samples show what is live rather than how lazily V8
 * happens to collect (with gigabytes of head-room it may let garbage pile up for a minute).
 */
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
});
