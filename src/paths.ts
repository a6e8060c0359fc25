import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (where package.json, mappings/ and templates/ are), from src/ or dist/ alike. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'mappings'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the migrate package root (package.json beside mappings/)');
    dir = parent;
  }
}

export function mappingsDir(): string {
  return join(packageRoot(), 'mappings');
}

export function templatesDir(): string {
  return join(packageRoot(), 'templates');
}
