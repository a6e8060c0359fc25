/**
 * `npm run bench:mapping`: how often lookup names the right Alpine package, tier by tier, on
 * evaluation data no rule or curated row was written from:
 *   rosdep     ros/rosdistro's rosdep/base.yaml and python.yaml: every key giving one Debian (or
 *              Ubuntu) name and one Alpine name. Fetch the repository and pass its path:
 *              `npm run bench:mapping -- --rosdistro ../rosdistro` (a work tree or a bare git dir).
 *   held-out   the half of test/fixtures/mapping/labelled.tsv a hash of each name sets aside,
 *              answered with the curated rows for those names removed, so only evidence answers.
 *   dev-half   the other half, the same way: the half to study when changing the resolver.
 *   labelled   the whole labelled set with everything, curated rows included.
 * Each answer is checked against the embedded catalogue for Alpine 3.22 x86_64 (DEFAULT target).
 * Goals: >= 92% top-1 on rosdep and held-out, 0 wrong answers at high confidence, 0 answered names
 * absent from the catalogue. VERBOSE=1 lists the wrong answers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { heldOut, readLabelled, score, type LabelledPair } from '../src/db/accuracy.js';
import { buildDb, openDb } from '../src/db/database.js';
import { PackageMap } from '../src/db/lookup.js';
import { DEFAULT_RELEASE } from '../src/convert/project.js';

const target = { release: process.env.RELEASE ?? DEFAULT_RELEASE, arch: 'x86_64' };
const flag = process.argv.indexOf('--rosdistro');
const rosdistro = flag > 0 ? process.argv[flag + 1] : process.env.ROSDISTRO;

/** A file of the rosdistro checkout: from its work tree, or from HEAD of a bare git directory. */
function rosFile(path: string): string | null {
  if (!rosdistro) return null;
  if (existsSync(join(rosdistro, path))) return readFileSync(join(rosdistro, path), 'utf8');
  try {
    return execFileSync('git', ['--git-dir', rosdistro, 'show', `HEAD:${path}`], { maxBuffer: 1 << 26 }).toString('utf8');
  } catch {
    return null;
  }
}

type Rule = string[] | Record<string, unknown> | null | undefined;
/** The apt names of a rosdep rule: a list, or a list per release (bookworm, noble, jammy, '*'). */
function aptNames(rule: Rule, releases: string[]): string[] | null {
  if (Array.isArray(rule)) return rule.every((n) => typeof n === 'string') ? rule : null;
  if (!rule || typeof rule !== 'object') return null;
  for (const r of [...releases, '*']) if (Array.isArray(rule[r])) return rule[r] as string[];
  return null;
}

function rosdepPairs(): { pairs: LabelledPair[]; skipped: number } | null {
  const byName = new Map<string, Set<string>>();
  let skipped = 0;
  for (const file of ['rosdep/base.yaml', 'rosdep/python.yaml']) {
    const text = rosFile(file);
    if (text === null) return null;
    for (const rule of Object.values(parse(text) as Record<string, Record<string, Rule>>)) {
      if (!rule || typeof rule !== 'object' || !('alpine' in rule)) continue;
      const alpine = aptNames(rule.alpine, []);
      if (!alpine?.length) continue;
      for (const names of [aptNames(rule.debian, ['bookworm', 'trixie']), aptNames(rule.ubuntu, ['noble', 'jammy'])]) {
        if (!names?.length) continue;
        // Several names on either side do not pair up one to one: left out, and counted.
        if (names.length !== 1 || alpine.length !== 1) {
          skipped++;
          continue;
        }
        (byName.get(names[0]!) ?? byName.set(names[0]!, new Set()).get(names[0]!)!).add(alpine[0]!);
      }
    }
  }
  return { pairs: [...byName].map(([debian, want]) => ({ debian, alpine: [...want][0]!, also: [...want].slice(1) })), skipped };
}

function mapFor(dropCurated: LabelledPair[] = []): PackageMap {
  const path = join(mkdtempSync(join(tmpdir(), 'migrate-acc-')), 'db');
  buildDb(path);
  const db = openDb(path);
  const del = db.prepare('DELETE FROM mappings WHERE debian = ?');
  for (const p of dropCurated) del.run(p.debian);
  return new PackageMap(db, target);
}

function report(name: string, map: PackageMap, pairs: LabelledPair[]): void {
  const s = score(map, pairs, (n) => map.inCatalogue(n));
  const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '-');
  console.log(`${name.padEnd(10)} top-1 ${pct(s.correct, s.total)} (${s.correct}/${s.total})  wrong at high confidence ${s.certainWrong.length}  absent from the catalogue ${s.absent.length}  unknown ${s.unknown}`);
  for (const [tier, t] of [...s.tiers].sort((a, b) => b[1].answered - a[1].answered)) console.log(`   ${tier.padEnd(15)} ${String(t.answered).padStart(4)} answered, ${pct(t.correct, t.answered)} right`);
  for (const w of s.certainWrong) console.log(`   WRONG AT HIGH CONFIDENCE ${w.pair.debian}: want ${w.pair.alpine ?? '-'}, got ${w.answer.alpine.join(' ') || '-'}`);
  for (const a of s.absent) console.log(`   ABSENT ${a.pair.debian}: answered ${a.names.join(' ')} [${a.answer.confidence}]`);
  if (process.env.VERBOSE) for (const w of s.wrong) console.log(`   ${w.pair.debian}: want ${[w.pair.alpine ?? '-', ...(w.pair.also ?? [])].join('|')}, got ${w.answer.alpine.join(' ') || '-'} [${w.answer.provenance}, ${w.answer.confidence}] ${w.answer.reason}`);
}

const labelled = readLabelled('test/fixtures/mapping/labelled.tsv');
const full = mapFor();
console.log(`target Alpine ${target.release} ${target.arch}, checked against ${full.catalogue}`);
const ros = rosdepPairs();
if (ros) {
  console.log(`rosdep: ${ros.pairs.length} pairs (${ros.skipped} rows with several names on a side left out)`);
  report('rosdep', full, ros.pairs);
  // A label naming a package the target's catalogue lacks (Alpine testing, a newer community, a name
  // since dropped) cannot be answered by anything checked against that catalogue: scored apart.
  const answerable = ros.pairs.filter((p) => [p.alpine!, ...(p.also ?? [])].some((n) => full.inCatalogue(n)));
  console.log(`rosdep pairs whose Alpine name is in the catalogue: ${answerable.length} of ${ros.pairs.length}`);
  report('rosdep-in', full, answerable);
} else {
  console.log(`rosdep: skipped: ${rosdistro ? `no rosdep/base.yaml in ${rosdistro}` : 'pass --rosdistro PATH (a checkout of github.com/ros/rosdistro) to score against its rosdep tables'}`);
}
const held = heldOut(labelled, 1);
report('held-out', mapFor(held), held);
// The other half, answered the same way: the one to look at when working on the resolver.
const dev = heldOut(labelled, 0);
report('dev-half', mapFor(dev), dev);
report('labelled', full, labelled);
