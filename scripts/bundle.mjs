// `npm run build`, after tsc: the CLI as one ES module, dist/migrate.mjs, which bin/migrate.js runs.
// Node 20 resolves, reads and compiles each of the ~160 modules of dist/ and the pure-JS
// dependencies one by one; measured on agnos-builder that was a fifth of a scan (1.14 s -> 0.91 s
// bundled; `migrate --version` 0.54 s -> 0.31 s). tsc stays the compiler (and the type checker);
// esbuild only concatenates its output. Left outside the bundle: the native SQLite addon and the
// tree-sitter runtime and grammar, which find their .node and .wasm files next to themselves.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/migrate.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'web-tree-sitter', 'tree-sitter-bash'],
  // CommonJS dependencies bundled into an ES module still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
