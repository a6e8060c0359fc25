/**
 * One tree-sitter-bash parser for the whole run. tree-sitter is error-tolerant (a syntax error
 * becomes an ERROR node and the rest of the file still parses), which is what a scanner of other
 * people's scripts needs; it also parses POSIX sh, so one grammar serves sh, dash and bash.
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

let parser: Parser | undefined;

/** Loads the WebAssembly grammar. Call once before any `parseShell`. */
export async function loadShellGrammar(): Promise<void> {
  if (parser) return;
  await Parser.init();
  const require = createRequire(import.meta.url);
  const bash = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
  const p = new Parser();
  p.setLanguage(bash);
  parser = p;
}

/** Parses shell source. The caller must `tree.delete()` when done: trees live in WebAssembly memory. */
export function parseShell(text: string): Tree {
  if (!parser) throw new Error('shell grammar not loaded: call loadShellGrammar() first');
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

function firstErrorBelow(root: Node, includeRoot: boolean): Node | null {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if ((node !== root || includeRoot) && (node.isError || node.isMissing)) return node;
    if (!node.hasError && node !== root) continue;
    for (let i = node.childCount - 1; i >= 0; i--) {
      const child = node.child(i);
      if (child) stack.push(child);
    }
  }
  return null;
}

/**
 * The innermost first ERROR or MISSING node. tree-sitter often wraps a whole region in an outer
 * ERROR whose start is far above the offending token; the innermost one points at the line.
 */
export function firstSyntaxError(root: Node): Node | null {
  if (!root.hasError) return null;
  let err = firstErrorBelow(root, true);
  while (err) {
    const inner = firstErrorBelow(err, false);
    if (!inner) break;
    err = inner;
  }
  return err;
}

export type { Node, Tree };
