#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx callwise …` works from a fresh clone without a build.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
