#!/usr/bin/env node
// Node runs the TypeScript CLI itself (type stripping), so `npx callwise …` works from a fresh clone without a build.
import './compile-cache.js';

await import('../src/cli/index.ts');
