/**
 * The hostile-input corpus for what `apkbuild` writes from .deb files: every control field the
 * reader keeps, as a plain value and as a continuation line, and hostile file and directory names,
 * each carrying commands that must never run. Every APKBUILD is then used the way abuild uses it:
 * parsed (sh -n), sourced, and its package() run on the .deb to unpack the payload. No marker
 * file may appear, and each package() must still unpack what the .deb holds.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/run.js';
import { hasTool, need } from '../support.js';
import { arWith, tarWith } from '../tar.js';
import { hostileValue } from './hostile-value.js';

const haveTools = need('ar and GNU tar, to run package() (apt-get install binutils tar)', hasTool('ar') && hasTool('tar'));

const FIELDS = ['Package', 'Source', 'Version', 'Architecture', 'Maintainer', 'Section', 'Priority', 'Installed-Size', 'Depends', 'Pre-Depends', 'Provides', 'Conflicts', 'Homepage', 'Description'];
const SAFE: Record<string, string> = { Package: 'vendor', Version: '1.2-3', Architecture: 'amd64', Description: 'payload' };

let repo: string;
let marks: string;
let out: string;
let code: number;
let stderr: string;

function deb(fields: Record<string, string>): Buffer {
  const control = `${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\n')}\n`;
  return arWith([
    ['debian-binary', Buffer.from('2.0\n')],
    ['control.tar.gz', gzipSync(tarWith('./control', Buffer.from(control)))],
    ['data.tar.gz', gzipSync(tarWith('./usr/share/vendor/payload', Buffer.from('payload\n')))],
  ]);
}

function apkbuilds(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => f.endsWith('APKBUILD') && statSync(f).isFile());
}

const NAME_MARK = `migrate-hostile-deb-name-${process.pid}`;
const sandboxes: string[] = [];
/** Marker files: those the field values name, and those names create in any directory used. */
const markFiles = () => [...readdirSync(marks), ...[repo, out, process.cwd(), ...sandboxes].flatMap((d) => readdirSync(d).filter((f) => f.startsWith(NAME_MARK)))];

beforeAll(async () => {
  repo = mkdtempSync(join(tmpdir(), 'migrate-hostile-deb-'));
  marks = mkdtempSync(join(tmpdir(), 'migrate-marks-deb-'));
  out = mkdtempSync(join(tmpdir(), 'migrate-hostile-deb-out-'));
  mkdirSync(join(repo, 'debs'));
  FIELDS.forEach((field, i) => {
    // A plain value, and one carried on a continuation line (a newline in the parsed field).
    writeFileSync(join(repo, 'debs', `plain${i}.deb`), deb({ ...SAFE, Package: `vendor-p${i}`, [field]: hostileValue(marks, `p${i}`) }));
    writeFileSync(join(repo, 'debs', `cont${i}.deb`), deb({ ...SAFE, Package: `vendor-c${i}`, [field]: `x\n ${hostileValue(marks, `c${i}`)}\n touch ${marks}/c${i}-g` }));
  });
  // The file and directory names reach the APKBUILD's comments, its source= and package().
  // A name cannot hold a slash: these touch NAME_MARK in whatever directory they run in.
  const name = `n$(touch ${NAME_MARK}-a)\`touch ${NAME_MARK}-b\`'x".deb`;
  const dir = join(repo, `d\n$(touch ${NAME_MARK}-c)\n`);
  mkdirSync(dir);
  writeFileSync(join(dir, name), deb({ ...SAFE, Package: 'vendor-named' }));
  writeFileSync(join(repo, 'debs', name), deb({ ...SAFE }));
  ({ code, stderr } = await runInProcess('apkbuild', repo, '--db', 'dist/default.db', '--out', out));
}, 60_000);

describe('APKBUILDs written from hostile .deb files', () => {
  it('are written, one per package with a valid name and a file name a shell can carry, and the command ends normally', () => {
    expect(code, stderr).toBe(0);
    // Package itself hostile (plain and continued): no valid name, so no APKBUILD for those two.
    expect(apkbuilds(out)).toHaveLength(FIELDS.length * 2 - 2);
    // The two with hostile file names are refused, each on one line of stderr.
    const skipped = stderr.split('\n').filter((l) => l.startsWith('migrate: skipped '));
    expect(skipped).toHaveLength(2);
    for (const l of skipped) expect(l).toMatch(/^migrate: skipped ".*\.deb": its file name has characters an APKBUILD cannot carry safely; rename it/);
  });

  it('parse as shell (sh -n)', () => {
    for (const f of apkbuilds(out)) expect(spawnSync('sh', ['-n', f], { encoding: 'utf8' }).stderr, f).toBe('');
  });

  it.runIf(haveTools)('are sourced and their package() unpacks the .deb, and no injected command runs', () => {
    for (const f of apkbuilds(out)) {
      const work = mkdtempSync(join(tmpdir(), 'migrate-abuild-'));
      sandboxes.push(work);
      const [srcdir, pkgdir] = [join(work, 'src'), join(work, 'pkg')];
      mkdirSync(srcdir);
      // The .deb goes where abuild puts it: in $srcdir under the name source= gives.
      const source = spawnSync('sh', ['-c', '. "$0" && printf %s "$source"', f], { cwd: work, encoding: 'utf8' }).stdout;
      expect(source, f).toMatch(/^[A-Za-z0-9+._~-]+\.deb$/);
      // Every .deb here holds the same payload, so any one of them stands for the original.
      copyFileSync(join(repo, 'debs', 'plain0.deb'), join(srcdir, source));
      const run = spawnSync('sh', ['-ec', '. "$0"; package', f], { cwd: work, encoding: 'utf8', env: { ...process.env, srcdir, pkgdir } });
      expect(run.status, `${f}: ${run.stderr}`).toBe(0);
      expect(readFileSync(join(pkgdir, 'usr/share/vendor/payload'), 'utf8')).toBe('payload\n');
    }
    expect(markFiles()).toEqual([]);
  });

  it('say what they left out: each hostile field a note or a finding, never silently', () => {
    const all = apkbuilds(out).map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const f of ['Version', 'Architecture']) expect(all).toContain(f === 'Version' ? 'does not fit apk' : 'has no Alpine equivalent');
    expect(stderr + all).toMatch(/not a valid Debian package name|Depends/);
    expect(markFiles()).toEqual([]);
  });
});
