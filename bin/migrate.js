#!/usr/bin/env node
// The published entry point: the compiled CLI, bundled as dist/migrate.mjs (scripts/bundle.mjs),
// built by `npm install` through `prepare`.
import v8 from 'node:v8';

// The shell grammar is WebAssembly (tree-sitter). V8 compiles it at once with Liftoff, then again
// in the background with TurboFan, and the process waits for that second compile before it exits:
// on agnos-builder that is 0.8 s of a 1.8 s scan. A one-shot CLI never runs long enough to gain
// from TurboFan's code (measured: the 20,000-file bench tree scans as fast either way).
v8.setFlagsFromString('--liftoff-only');

const { main } = await import('../dist/migrate.mjs');
process.exitCode = await main(process.argv.slice(2));
