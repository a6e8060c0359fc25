/**
 * Part of `npm run bench`: .deb and ELF throughput. Builds .deb files from this machine's own
 * binaries with dpkg-deb (gzip, xz, zstd), then times our reading (ar, decompression, tar, control,
 * ELF symbols and versions of every binary inside) against `dpkg-deb --fsys-tarfile | tar -t` plus
 * `readelf -V` on the same binaries, in this same run. Prints MB/s and the ratio.
 */
import { execFileSync, execSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readDeb } from '../src/deb/read.js';

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

  let elfs = 0;
  const t0 = performance.now();
  for (const d of debs) elfs += (await readDeb(readFileSync(d), { inflateLimit: 1 << 30 })).elfs.length;
  const ours = performance.now() - t0;

  const t1 = performance.now();
  for (const d of debs) execSync(`dpkg-deb --fsys-tarfile '${d}' | tar -t > /dev/null`);
  for (let i = 0; i < 3; i++) for (const b of bins) execFileSync('readelf', ['-V', '-d', '--dyn-syms', '-W', b], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 28 });
  const baseline = performance.now() - t1;

  console.log(`blobs: ${debs.length} .deb files (gzip, xz, zstd), ${mb.toFixed(1)} MB packed, ${payloadMb.toFixed(1)} MB of payload, ${elfs} ELF binaries inside`);
  console.log(`migrate readDeb + ELF:                  ${ours.toFixed(0)} ms  ${(payloadMb / (ours / 1000)).toFixed(1)} MB/s of payload`);
  console.log(`dpkg-deb | tar -t, then readelf -V -d:  ${baseline.toFixed(0)} ms  ${(payloadMb / (baseline / 1000)).toFixed(1)} MB/s of payload`);
  console.log(`ratio migrate/baseline:                 ${(ours / baseline).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
