/**
 * One extractor call, isolated: whatever the extractor throws becomes an outcome, never an
 * exception. Shared by the in-process path and the worker threads.
 */
import { EXTRACTORS } from './registry.js';
import { emptyExtraction, type ExtractContext, type Extraction, type Extractor, type FileKind, type SourceFile } from './types.js';

export type Outcome = { ok: true; extraction: Extraction } | { ok: false; error: string };

const byKind = new Map<FileKind, Extractor>(EXTRACTORS.map((e) => [e.kind, e]));

export function hasExtractor(kind: FileKind): boolean {
  return byKind.has(kind);
}

export async function extractOne(file: SourceFile, ctx: ExtractContext): Promise<Outcome> {
  const extractor = byKind.get(file.kind);
  if (!extractor) return { ok: true, extraction: emptyExtraction() };
  try {
    return { ok: true, extraction: await extractor.extract(file, ctx) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
