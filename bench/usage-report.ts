/**
 * Preloaded into a measured process (`node --import ./bench/usage-report.ts …`): when the process
 * exits, its own resource usage — peak RSS and CPU time of every thread, the PGlite thread
 * included — is written as JSON to BENCH_USAGE_FILE. The parent cannot read these once the child
 * is gone, and sampling /proc would miss the last moments.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 }));
  });
}
