/**
 * A migration checklist, its items decided from the repository's state: files that exist or lack
 * something, and what the scan found (packages mapped, units converted, binaries judged). Manual
 * items keep the state a person gave them. Pure: the caller provides the view of the repository.
 */
import picomatch from 'picomatch';
import type { PackageAnswers } from '../db/annotate.js';
import type { ScanResult } from '../scan/result.js';
import type { VerifyReport } from '../verify/report.js';
import { isFailing } from '../verify/run-build.js';

export type Check =
  | { type: 'file-exists'; any: string[] }
  | { type: 'file-lacks'; glob: string; pattern: string }
  | { type: 'packages-mapped' }
  | { type: 'units-converted' }
  | { type: 'blobs-judged' }
  | { type: 'libc-needs' }
  | { type: 'verified'; what: 'steps' | 'services' }
  | { type: 'manual' };

export interface ChecklistDefinition {
  title: string;
  phases: { id: string; title: string; items: { id: string; text: string; check: Check }[] }[];
}

export type ItemState = 'done' | 'open' | 'manual-done' | 'manual-open';

export interface EvaluatedItem {
  id: string;
  text: string;
  state: ItemState;
  evidence: string;
}

export interface EvaluatedChecklist {
  title: string;
  phases: { id: string; title: string; done: number; total: number; items: EvaluatedItem[] }[];
  done: number;
  total: number;
}

export interface RepoView {
  files: string[];
  read(path: string): string;
  result: ScanResult;
  answers: PackageAnswers;
  /** Manual items ticked before (from the previous comment or a state file). */
  ticked: Set<string>;
  /** A `migrate verify --json` report (--verify), and the files it names as they are now. */
  verify?: { report: VerifyReport; stale: string[] } | null;
}

export class ChecklistError extends Error {}

export function validateDefinition(def: unknown, where: string): ChecklistDefinition {
  const d = def as ChecklistDefinition;
  if (!d || typeof d.title !== 'string' || !Array.isArray(d.phases)) throw new ChecklistError(`${where}: expected {title, phases: [...]}`);
  const types = ['file-exists', 'file-lacks', 'packages-mapped', 'units-converted', 'blobs-judged', 'libc-needs', 'verified', 'manual'];
  const ids = new Set<string>();
  // A user's definition (--checklist) is checked whole here, so evaluation never meets a hole.
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  const strings = (x: unknown) => Array.isArray(x) && x.length > 0 && x.every((s) => typeof s === 'string' && s !== '');
  for (const [n, p] of d.phases.entries()) {
    if (!isObject(p) || typeof p.title !== 'string' || !Array.isArray(p.items)) throw new ChecklistError(`${where}: phase ${n + 1} must be {title, items: [...]}`);
    for (const i of p.items as unknown[]) {
      if (!isObject(i) || typeof i.id !== 'string' || !i.id || ids.has(i.id)) throw new ChecklistError(`${where}: an item of phase ${n + 1} has a missing or repeated id`);
      ids.add(i.id);
      const check = isObject(i.check) ? i.check : {};
      if (typeof i.text !== 'string' || !types.includes(check.type as string)) throw new ChecklistError(`${where}: item ${i.id} needs text and a check type, one of ${types.join(', ')}`);
      if (check.type === 'verified' && check.what !== 'steps' && check.what !== 'services') throw new ChecklistError(`${where}: item ${i.id}: verified needs "what": "steps" or "services"`);
      if (check.type === 'file-exists' && !strings(check.any)) throw new ChecklistError(`${where}: item ${i.id}: file-exists needs "any": ["glob", ...]`);
      if (check.type === 'file-lacks') {
        if (typeof check.glob !== 'string' || !check.glob || typeof check.pattern !== 'string') throw new ChecklistError(`${where}: item ${i.id}: file-lacks needs "glob" and "pattern" strings`);
        try {
          new RegExp(check.pattern, 'm');
        } catch (err) {
          throw new ChecklistError(`${where}: item ${i.id}: pattern ${check.pattern} is not a regular expression (${(err as Error).message})`);
        }
      }
    }
  }
  return d;
}

function decide(check: Check, id: string, view: RepoView): { state: ItemState; evidence: string } {
  switch (check.type) {
    case 'manual':
      return view.ticked.has(id) ? { state: 'manual-done', evidence: 'ticked by hand' } : { state: 'manual-open', evidence: 'to be ticked by hand' };
    case 'file-exists': {
      const m = picomatch(check.any, { dot: true });
      const found = view.files.filter((f) => m(f));
      return found.length ? { state: 'done', evidence: `found ${found.slice(0, 3).join(', ')}${found.length > 3 ? ` and ${found.length - 3} more` : ''}` } : { state: 'open', evidence: `no ${check.any.join(' or ')}` };
    }
    case 'file-lacks': {
      const files = view.files.filter((f) => picomatch(check.glob, { dot: true })(f));
      if (!files.length) return { state: 'open', evidence: `no ${check.glob} yet` };
      const re = new RegExp(check.pattern, 'm');
      const hits = files.filter((f) => re.test(view.read(f)));
      return hits.length ? { state: 'open', evidence: `${hits.slice(0, 3).join(', ')} still match /${check.pattern}/` } : { state: 'done', evidence: `${files.length} file(s) checked` };
    }
    case 'packages-mapped': {
      // A guess nobody checked against an index is not an answer.
      const unknown = [...view.answers.values()].filter((a) => a.status === 'unknown' || a.status === 'unverified');
      const total = view.answers.size;
      return unknown.length ? { state: 'open', evidence: `${unknown.length} of ${total} packages have no checked Alpine answer: ${unknown.slice(0, 5).map((a) => a.debian).join(', ')}` } : { state: 'done', evidence: `all ${total} packages answered` };
    }
    case 'units-converted': {
      const services = view.result.unitFiles.filter((u) => !u.dropIn && u.unit.endsWith('.service'));
      const scripts = new Set(view.files.filter((f) => /\/openrc\/init\.d\/[^/]+$/.test(f)).map((f) => f.slice(f.lastIndexOf('/') + 1)));
      // A service a timer of the same name runs becomes a periodic script or a crontab line, not an init script.
      const timers = new Set(view.result.unitFiles.filter((u) => u.unit.endsWith('.timer')).map((u) => u.unit.replace(/\.timer$/, '')));
      const periodic = new Set(view.files.filter((f) => /\/openrc\/periodic\/[a-z]+\/[^/]+$/.test(f)).map((f) => f.slice(f.lastIndexOf('/') + 1)));
      const crontab = view.files.some((f) => /\/openrc\/crontab$/.test(f));
      const name = (u: { unit: string }) => u.unit.replace(/@?\.service$/, '').replace(/@.*$/, '');
      const missing = services.filter((u) => !scripts.has(name(u)) && !(timers.has(name(u)) && (periodic.has(name(u)) || crontab)));
      if (!services.length) return { state: 'done', evidence: 'no service units' };
      return missing.length ? { state: 'open', evidence: `${missing.length} of ${services.length} service units have no OpenRC script (migrate openrc)` } : { state: 'done', evidence: `${services.length} service units have OpenRC scripts` };
    }
    case 'verified': {
      // Only what a run of the files as they are now proved: a report of older files ticks nothing.
      if (!view.verify) return { state: 'open', evidence: 'no verify report: run migrate verify DIR --json > verify.json, then pass --verify verify.json' };
      const { report, stale } = view.verify;
      if (stale.length) return { state: 'open', evidence: `the verify report is older than ${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ` and ${stale.length - 3} more` : ''}: run migrate verify again` };
      const s = report.summary;
      if (check.what === 'steps') {
        const failing = report.steps.filter(isFailing);
        if (failing.length) return { state: 'open', evidence: `${failing.length} of ${s.steps} steps fail in the Alpine root: ${failing.slice(0, 3).map((x) => `${x.file}:${x.line}`).join(', ')}` };
        return { state: 'done', evidence: `${s.steps} steps ran in ${report.rootfs ?? `a ${report.engine ?? 'container'} build`}, none failing${s.unverifiedSteps ? ` (${s.unverifiedSteps} unverified: what verify cannot run or fetch, listed in its report)` : ''}` };
      }
      const missing = s.services - s.installed + (s.toEnable - s.enabled);
      if (missing > 0) return { state: 'open', evidence: `${s.installed} of ${s.services} OpenRC scripts installed, ${s.enabled} of ${s.toEnable} enabled as the Ubuntu build enables them` };
      return { state: 'done', evidence: `${s.services} OpenRC scripts installed in the image, ${s.toEnable} enabled as the Ubuntu build enables them` };
    }
    case 'blobs-judged': {
      const open = view.result.blobs.filter((b) => b.verdict === 'unknown' || b.verdict === 'content-missing');
      return open.length ? { state: 'open', evidence: `${open.length} of ${view.result.blobs.length} have no verdict (LFS pointers or no musl table): ${open.slice(0, 3).map((b) => b.path).join(', ')}` } : { state: 'done', evidence: `${view.result.blobs.length} judged` };
    }
    case 'libc-needs': {
      // Decided when every ELF file has a way onto Alpine: musl, gcompat, firmware, or a root of its own architecture.
      const elfs = view.result.blobs.filter((b) => b.kind === 'elf');
      const n = (v: string) => elfs.filter((b) => b.verdict === v).length;
      const said = [
        n('runs-with-gcompat') && `${n('runs-with-gcompat')} run with gcompat (apk add gcompat)`,
        n('runs-on-musl') && `${n('runs-on-musl')} on musl alone`,
        n('firmware') && `${n('firmware')} firmware`,
        n('foreign-arch') && `${n('foreign-arch')} need a root of their own architecture (foreign-arch)`,
      ].filter(Boolean).join(', ');
      const open = elfs.filter((b) => b.verdict === 'needs-rebuild' || b.verdict === 'unknown');
      if (!elfs.length) return { state: 'done', evidence: 'no ELF files in the repository or its .deb files' };
      if (open.length) return { state: 'open', evidence: `${open.length} of ${elfs.length} ELF files need a rebuild or a glibc sysroot, or have no verdict: ${open.slice(0, 3).map((b) => b.path).join(', ')}${said ? `; ${said}` : ''}` };
      return { state: 'done', evidence: `every ELF file has a way onto Alpine (target ${view.result.target.arch}): ${said}` };
    }
  }
}

export function evaluateChecklist(def: ChecklistDefinition, view: RepoView): EvaluatedChecklist {
  const phases = def.phases.map((p) => {
    const items = p.items.map((i) => ({ id: i.id, text: i.text, ...decide(i.check, i.id, view) }));
    return { id: p.id, title: p.title, items, done: items.filter((i) => i.state === 'done' || i.state === 'manual-done').length, total: items.length };
  });
  return { title: def.title, phases, done: phases.reduce((a, p) => a + p.done, 0), total: phases.reduce((a, p) => a + p.total, 0) };
}
