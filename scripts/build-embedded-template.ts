// Builds the embedded database's template (src/store/embedded-template.ts) so that the first start
// on a fresh DATA_DIR copies a migrated cluster instead of creating one. Run by `npm install`
// (postinstall); a start that finds no template builds it itself, so a failure here is a warning.
import { ensureTemplate } from '../src/store/embedded-template.ts';

try {
  const started = performance.now();
  const template = await ensureTemplate();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    template
      ? `callwise: embedded database template ready (${seconds} s)\n`
      : 'callwise: no writable cache for the embedded database template; the first start will initialise it\n',
  );
} catch (error) {
  process.stderr.write(
    `callwise: could not build the embedded database template (${error instanceof Error ? error.message : String(error)}); the first start will build it\n`,
  );
}
