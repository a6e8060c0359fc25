/**
 * Part of `npm run bench`: .deb and ELF throughput, as a user runs it. Builds .deb files from this
 * machine's own binaries with dpkg-deb (gzip, xz, zstd), then times `migrate scan --json` on them
 * (ar, decompression, tar, control, ELF symbols and versions of every binary inside) against
 * `dpkg-deb --fsys-tarfile | tar -t` plus `readelf -V -d --dyn-syms` on the same binaries, whole
 * processes, in this same run (bench/measure.ts). Prints medians and the ratio.
 *
 * Then the ELF files themselves: every ELF file of /usr/lib/x86_64-linux-gnu and /usr/bin, hard
 * linked into one tree, scanned beside `scanelf -n` (pax-utils; needed libraries of each) and
 * `readelf -V -d --dyn-syms` over the same files, with migrate's peak RSS.
 */
import { execFileSync, execSync } from 'node:child_process';
import { closeSync, copyFileSync, linkSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { race, report } from './measure.js';

function have(tool: string): boolean {
  try {
    execSync(`command -v ${tool}`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (!have('dpkg-deb') || !have('readelf')) {
  console.log('blob benchmark skipped: needs dpkg-deb and readelf');
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'migrate-blobbench-'));
try {
  const bins = readdirSync('/usr/bin').map((n) => join('/usr/bin', n)).filter((p) => {
    try {
      const st = statSync(p);
      return st.isFile() && st.size > 20_000 && st.size < 5_000_000 && readFileSync(p).subarray(0, 4).toString('latin1') === '\x7fELF';
    } catch {
      return false;
    }
  }).slice(0, 120);
  const debs: string[] = [];
  const perDeb = 20;
  ['gzip', 'xz', 'zstd'].forEach((z, zi) => {
    for (let k = 0; k * perDeb < bins.length; k++) {
      const pkg = join(dir, `pkg-${z}-${k}`);
      mkdirSync(join(pkg, 'DEBIAN'), { recursive: true });
      mkdirSync(join(pkg, 'usr', 'bin'), { recursive: true });
      for (const b of bins.slice(k * perDeb, (k + 1) * perDeb)) copyFileSync(b, join(pkg, 'usr', 'bin', b.split('/').pop()!));
      writeFileSync(join(pkg, 'DEBIAN', 'control'), `Package: bench${zi}${k}\nVersion: 1.0-1\nArchitecture: amd64\nMaintainer: b <b@example.com>\nDescription: bench\n`);
      const deb = join(dir, `bench-${z}-${k}.deb`);
      execFileSync('dpkg-deb', [`-Z${z}`, '--root-owner-group', '--build', pkg, deb], { stdio: 'ignore' });
      debs.push(deb);
    }
  });
  const mb = debs.reduce((a, d) => a + statSync(d).size, 0) / 1e6;
  const payloadMb = bins.reduce((a, b) => a + statSync(b).size, 0) * 3 / 1e6;

  const repo = join(dir, 'repo');
  mkdirSync(repo);
  for (const d of debs) copyFileSync(d, join(repo, d.split('/').pop()!));
  const rounds = Number(process.env.BENCH_RUNS ?? 5);
  // The baseline reads each package's file list and each binary's versions, dynamic section and symbols (x3: once per package compression).
  const script = `for d in ${repo}/*.deb; do dpkg-deb --fsys-tarfile "$d" | tar -t > /dev/null; done; for i in 1 2 3; do for b in ${bins.join(' ')}; do readelf -V -d --dyn-syms -W "$b" > /dev/null; done; done`;
  console.log(`blobs: ${debs.length} .deb files (gzip, xz, zstd), ${mb.toFixed(1)} MB packed, ${payloadMb.toFixed(1)} MB of payload, ${bins.length * 3} ELF binaries inside`);
  // BENCH_ONLY=elf: the ELF files alone.
  if (process.env.BENCH_ONLY !== 'elf') {
    const results = race([
      { name: 'migrate', argv: [process.execPath, 'bin/migrate.js', 'scan', repo, '--json'] },
      { name: 'dpkg-deb | tar -t, readelf', argv: ['bash', '-c', script] },
    ], rounds);
    report('migrate scan --json on the .deb files', results, rounds);
  }

  const elfs = join(dir, 'elfs');
  mkdirSync(elfs);
  const head = Buffer.alloc(4);
  let elfBytes = 0;
  const elfFiles: string[] = [];
  for (const from of ['/usr/lib/x86_64-linux-gnu', '/usr/bin']) {
    for (const n of readdirSync(from)) {
      const p = join(from, n);
      try {
        const st = statSync(p);
        if (!st.isFile()) continue;
        const fd = openSync(p, 'r');
        const got = readSync(fd, head, 0, 4, 0);
        closeSync(fd);
        if (got < 4 || head.toString('latin1') !== '\x7fELF') continue;
        const to = join(elfs, `${from === '/usr/bin' ? 'bin' : 'lib'}-${n}`);
        linkSync(p, to);
        elfFiles.push(to);
        elfBytes += st.size;
      } catch {
        // unreadable, or another file system: left out
      }
    }
  }
  const list = join(dir, 'elf-list');
  writeFileSync(list, `${elfFiles.join('\n')}\n`);
  console.log(`elf: ${elfFiles.length} ELF files, ${(elfBytes / 1e6).toFixed(0)} MB`);
  const elfRace = [
    { name: 'migrate', argv: [process.execPath, 'bin/migrate.js', 'scan', elfs, '--json'] },
    { name: 'readelf -V -d --dyn-syms', argv: ['bash', '-c', `xargs -d '\\n' readelf -V -d --dyn-syms -W < ${list} > /dev/null; true`] },
    ...(have('scanelf') ? [{ name: 'scanelf -n', argv: ['bash', '-c', `scanelf -q -n -R ${elfs} > /dev/null; true`] }] : []),
  ];
  if (!have('scanelf')) console.log('  (scanelf not installed: apt-get install pax-utils adds it to this race)');
  report('migrate scan --json on the ELF files', race(elfRace, rounds), rounds, { 'scanelf -n': 'at most 3x' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
