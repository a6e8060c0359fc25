/**
 * Debian/Ubuntu `Packages` index files, plain, .gz or .xz (detected by magic bytes, not by name),
 * parsed paragraph by paragraph with debian-control.
 */
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// debian-control is CommonJS without types; parse() turns one paragraph into an object whose
// folded fields are arrays of lines.
const { parse: parseParagraph } = require('debian-control') as { parse(text: string): Record<string, string | string[]> };

export class PackagesError extends Error {}

export interface DebianRecord {
  name: string;
  version: string;
  arch: string;
  /** Source package name, without the version in parentheses. */
  source: string;
  section: string;
  description: string;
  provides: string[];
  depends: string[];
}

/** A package that says it only stands for its dependencies. */
export const TRANSITIONAL = /transitional|dummy package|metapackage|meta-package/i;

const MAX_INFLATED = 1024 * 1024 * 1024;

export async function decompressPackages(buf: Buffer): Promise<string> {
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      return gunzipSync(buf, { maxOutputLength: MAX_INFLATED }).toString('utf8');
    } catch (cause) {
      throw new PackagesError(`corrupt or truncated gzip Packages file (${(cause as Error).message})`);
    }
  }
  if (buf.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) {
    type XzModule = { XzReadableStream: new (s: ReadableStream) => ReadableStream<Uint8Array> };
    // CommonJS module: under ESM its exports arrive either as named exports or on `default`.
    const mod = (await import('xz-decompress')) as unknown as XzModule & { default?: XzModule };
    const XzReadableStream = mod.XzReadableStream ?? mod.default!.XzReadableStream;
    try {
      const stream = new XzReadableStream(new Blob([new Uint8Array(buf)]).stream());
      const chunks: Uint8Array[] = [];
      let total = 0;
      for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
        total += chunk.length;
        if (total > MAX_INFLATED) throw new PackagesError(`xz Packages file inflates to more than ${MAX_INFLATED} bytes`);
        chunks.push(chunk);
      }
      return Buffer.concat(chunks).toString('utf8');
    } catch (cause) {
      if (cause instanceof PackagesError) throw cause;
      throw new PackagesError(`corrupt or truncated xz Packages file (${(cause as Error).message})`);
    }
  }
  if (buf.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])) || buf.subarray(0, 4).equals(Buffer.from([0x04, 0x22, 0x4d, 0x18]))) {
    throw new PackagesError('zstd and lz4 Packages files are not supported; decompress first (apt lists: /usr/lib/apt/apt-helper cat-file FILE)');
  }
  return buf.toString('utf8');
}

function field(p: Record<string, string | string[]>, name: string): string {
  const v = p[name];
  return Array.isArray(v) ? v.join('\n') : (v ?? '');
}

function relationNames(value: string): string[] {
  return value
    .split(',')
    .map((d) => d.trim().split(/[\s(|:]/)[0]!)
    .filter(Boolean);
}

export function parsePackages(text: string): DebianRecord[] {
  const out: DebianRecord[] = [];
  for (const paragraph of text.split(/\n[ \t]*\n/)) {
    if (!paragraph.trim()) continue;
    const p = parseParagraph(paragraph.replace(/^\n+/, ''));
    const name = field(p, 'Package');
    if (!name) continue;
    out.push({
      name,
      version: field(p, 'Version'),
      arch: field(p, 'Architecture'),
      source: (field(p, 'Source') || name).split(' ')[0]!,
      section: field(p, 'Section'),
      description: field(p, 'Description').split('\n')[0]!,
      provides: relationNames(field(p, 'Provides')),
      depends: relationNames(field(p, 'Depends')),
    });
  }
  return out;
}
