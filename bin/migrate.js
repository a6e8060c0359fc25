#!/usr/bin/env node
// The published entry point: the compiled CLI lives in dist/ (built by `npm ci` through `prepare`).
import v8 from 'node:v8';

// The shell grammar is WebAssembly (tree-sitter). V8 compiles it at once with Liftoff, then again
// in the background with TurboFan, and the process waits for that second compile before it exits:
// on agnos-builder that is 0.8 s of a 1.8 s scan. A one-shot CLI never runs long enough to gain
// from TurboFan's code (measured: the 20,000-file bench tree scans as fast either way).
v8.setFlagsFromString('--liftoff-only');

const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
