import { analyzeShell, lineIndex } from '../common/shell-analysis.js';
import { emptyExtraction, type ExtractContext, type Extraction, type SourceFile } from '../types.js';

/** Facts and findings of one shell script. */
export function extractShell(file: SourceFile, ctx: ExtractContext): Extraction {
  const out = emptyExtraction();
  analyzeShell({ file: file.path, text: file.text, lineAt: lineIndex(file.text), env: new Map(), knowledge: ctx.knowledge }, out);
  return out;
}
