/**
 * PackageMap: the Alpine answer for a Debian/Ubuntu package name, with its kind, confidence,
 * provenance and reason. Order of evidence: curated entry, t64 transition name, capabilities the
 * Debian package is known to provide, naming rules, source-package match. Without a loaded Alpine
 * index nothing but a curated entry can be more than 'low' confidence: a guess is never certain.
 */
import type { Level, MappingKind } from './curated.js';
import type { Db } from './database.js';

export type AnswerKind = MappingKind | 'unknown';
/** `unverified`: a naming rule's guess with no Alpine index to check it against: never `mapped`. */
export type Status = 'mapped' | 'renamed' | 'dropped' | 'no-equivalent' | 'multiarch' | 'unverified' | 'unknown';
export type Provenance = 'curated' | 'naming-rule' | 'provides-match' | 'source-package' | 'none';

export interface Answer {
  debian: string;
  arch: string | null;
  /** Names to `apk add` (may be so:/cmd:/pc: capabilities, which apk accepts). Empty when none. */
  alpine: string[];
  kind: AnswerKind;
  status: Status;
  confidence: Level;
  provenance: Provenance;
  /** Naming rule id, when provenance is naming-rule. */
  rule?: string;
  /** True when the Alpine names were found in a loaded index, false when not, null with no index. */
  verified: boolean | null;
  reason: string;
}

const NON_FOREIGN = new Set(['any', 'all', 'native']);

interface Rule {
  id: string;
  re: RegExp;
  candidates: string[];
  kind: MappingKind;
  note: string;
}

function statusOf(kind: AnswerKind): Status {
  switch (kind) {
    case 'same':
      return 'mapped';
    case 'renamed':
    case 'split':
    case 'merged':
      return 'renamed';
    case 'dropped':
      return 'dropped';
    case 'none':
      return 'no-equivalent';
    default:
      return 'unknown';
  }
}

function isCapability(name: string): boolean {
  return /^(so|cmd|pc):/.test(name);
}

export class PackageMap {
  private readonly rules: Rule[];
  private readonly hasIndex: boolean;
  private readonly indexLabels: string;
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      curated: db.prepare('SELECT kind, alpine, confidence, note FROM mappings WHERE debian = ?'),
      exists: db.prepare('SELECT 1 AS x FROM alpine_packages WHERE name = ? LIMIT 1'),
      providers: db.prepare('SELECT DISTINCT p.name AS name FROM alpine_provides v JOIN alpine_packages p ON p.id = v.package_id WHERE v.capability = ? ORDER BY p.name'),
      capabilities: db.prepare('SELECT capability FROM debian_capabilities WHERE debian = ? ORDER BY capability'),
      debianSource: db.prepare('SELECT source_package AS source FROM debian_packages WHERE name = ? LIMIT 1'),
      byOrigin: db.prepare('SELECT DISTINCT name FROM alpine_packages WHERE origin = ? ORDER BY name'),
    };
    this.rules = (db.prepare('SELECT id, pattern, candidates, kind, note FROM naming_rules ORDER BY ord').all() as { id: string; pattern: string; candidates: string; kind: MappingKind; note: string }[]).map((r) => ({
      id: r.id,
      re: new RegExp(r.pattern),
      candidates: JSON.parse(r.candidates) as string[],
      kind: r.kind,
      note: r.note,
    }));
    const labels = (db.prepare("SELECT label FROM sources WHERE distro = 'alpine' ORDER BY label").all() as { label: string }[]).map((r) => r.label);
    this.hasIndex = labels.length > 0;
    this.indexLabels = labels.join(', ');
  }

  /** True when at least one Alpine index is loaded, so guesses can be checked. */
  get indexLoaded(): boolean {
    return this.hasIndex;
  }

  /** Alpine names a capability or package name resolves to in the loaded indexes ([] if none). */
  private resolveName(name: string): string[] {
    if (isCapability(name)) {
      const providers = (this.q.providers.all(name) as { name: string }[]).map((r) => r.name);
      // BusyBox provides many cmd: names as applets; a real package is the better answer when one exists.
      const real = providers.filter((p) => p !== 'busybox' && p !== 'busybox-binsh');
      return real.length ? [real[0]!] : providers.slice(0, 1);
    }
    if (this.q.exists.get(name)) return [name];
    // A virtual name (`p:clang=20.1` on clang20) is as good to apk add as a package name.
    return (this.q.providers.all(name) as { name: string }[]).length ? [name] : [];
  }

  /** Every non-BusyBox provider of a capability (BusyBox applets are the base system, not an answer). */
  private allProviders(capability: string): string[] {
    return (this.q.providers.all(capability) as { name: string }[]).map((r) => r.name).filter((p) => p !== 'busybox' && p !== 'busybox-binsh');
  }

  lookup(input: string, arch: string | null = null): Answer {
    const [name, qualifier] = input.includes(':') ? [input.slice(0, input.indexOf(':')), input.slice(input.indexOf(':') + 1)] : [input, arch];
    const a = this.resolve(name!);
    const effectiveArch = qualifier ?? null;
    const answer: Answer = { ...a, debian: name!, arch: effectiveArch };
    if (effectiveArch && !NON_FOREIGN.has(effectiveArch)) {
      answer.status = 'multiarch';
      answer.reason = `${name}:${effectiveArch} asks for another architecture, which apk cannot install beside the native one; ${a.reason}`;
    }
    return answer;
  }

  private answer(name: string, fields: Omit<Answer, 'debian' | 'arch' | 'status'>): Answer {
    return { debian: name, arch: null, status: statusOf(fields.kind), ...fields };
  }

  private resolve(name: string): Answer {
    const curated = this.q.curated.get(name) as { kind: MappingKind; alpine: string; confidence: Level; note: string } | undefined;
    if (curated) {
      const alpine = JSON.parse(curated.alpine) as string[];
      let confidence = curated.confidence;
      let verified: boolean | null = null;
      let reason = `curated: ${curated.note}`;
      if (this.hasIndex && alpine.length) {
        const missing = alpine.filter((n) => this.resolveName(n).length === 0);
        verified = missing.length === 0;
        if (!verified) {
          confidence = 'low';
          reason += ` (but ${missing.join(', ')} is not in the loaded index ${this.indexLabels})`;
        }
      }
      return this.answer(name, { alpine, kind: curated.kind, confidence, provenance: 'curated', verified, reason });
    }

    // Ubuntu 24.04 renamed libraries for the 64-bit time_t transition (libssl3 -> libssl3t64).
    if (/t64$/.test(name) && name.length > 4) {
      const base = this.resolve(name.slice(0, -3));
      if (base.kind !== 'unknown') return { ...base, debian: name, reason: `${name} is the 64-bit time_t (t64) name of ${name.slice(0, -3)}; ${base.reason}` };
    }

    const caps = (this.q.capabilities.all(name) as { capability: string }[]).map((r) => r.capability);
    if (caps.length) {
      if (this.hasIndex) {
        // The Alpine package that provides most of the capabilities; on a tie the same name, then the shortest.
        const cover = new Map<string, string[]>();
        for (const c of caps) for (const p of this.allProviders(c)) cover.set(p, [...(cover.get(p) ?? []), c]);
        const ranked = [...cover].sort(([a, ca], [b, cb]) => cb.length - ca.length || Number(b === name) - Number(a === name) || a.length - b.length || (a < b ? -1 : 1));
        const best = ranked[0];
        if (best) {
          const [pkg, covered] = best;
          return this.answer(name, {
            alpine: [pkg],
            kind: pkg === name ? 'same' : 'renamed',
            confidence: 'medium',
            provenance: 'provides-match',
            verified: true,
            reason: `${name} provides ${caps.join(', ')}; on Alpine ${pkg} provides ${covered.length === caps.length ? 'all of them' : covered.join(', ')}`,
          });
        }
      } else {
        return this.answer(name, {
          alpine: caps,
          kind: 'renamed',
          confidence: 'low',
          provenance: 'provides-match',
          verified: null,
          reason: `${name} provides ${caps.join(', ')}; apk can install by capability, but no Alpine index is loaded to name the package`,
        });
      }
    }

    // With an index, the same name is tried first, then the Debian source package (libbz2-dev is
    // built from bzip2, and Alpine's bzip2 origin has bzip2-dev), then the other naming rules.
    const [first, ...rest] = this.rules;
    if (this.hasIndex && first) {
      const hit = this.tryRule(name, first);
      if (hit) return hit;
      const bySource = this.fromSourcePackage(name);
      if (bySource) return bySource;
    }
    // Without an index the same-name guess comes last: a specific rule's guess is the better bet.
    for (const rule of this.hasIndex ? rest : [...rest, ...(first ? [first] : [])]) {
      if (!this.hasIndex) {
        const guess = this.guess(name, rule);
        if (guess) return guess;
        continue;
      }
      const hit = this.tryRule(name, rule);
      if (hit) return hit;
    }

    return this.answer(name, {
      alpine: [],
      kind: 'unknown',
      confidence: 'low',
      provenance: 'none',
      verified: this.hasIndex ? false : null,
      reason: this.hasIndex ? 'no curated entry, naming rule or capability found an Alpine package' : 'no curated entry; load an Alpine index (migrate db sync or db import) to check naming rules',
    });
  }

  /** Without an index: the first candidate of the first matching rule, as a low-confidence guess. */
  private guess(name: string, rule: Rule): Answer | null {
    const m = rule.re.exec(name);
    if (!m) return null;
    const guess = rule.candidates.map((t) => t.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? ''))[0]!;
    const a = this.answer(name, {
      alpine: [guess],
      kind: guess === name ? 'same' : rule.kind,
      confidence: 'low',
      provenance: 'naming-rule',
      rule: rule.id,
      verified: null,
      reason: `naming rule ${rule.id} (${rule.note}) guesses ${guess}; not checked, since no Alpine index is loaded`,
    });
    return { ...a, status: 'unverified' };
  }

  /** With an index: the first candidate of `rule` that exists. */
  private tryRule(name: string, rule: Rule): Answer | null {
    const m = rule.re.exec(name);
    if (!m) return null;
    for (const c of rule.candidates.map((t) => t.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? ''))) {
      const hit = this.resolveName(c);
      if (hit.length) {
        return this.answer(name, {
          alpine: hit,
          kind: hit[0] === name ? 'same' : rule.kind,
          confidence: 'medium',
          provenance: 'naming-rule',
          rule: rule.id,
          verified: true,
          reason: `naming rule ${rule.id} (${rule.note}): ${c}${isCapability(c) ? ` is provided by ${hit[0]}` : ' exists'} in ${this.indexLabels}`,
        });
      }
    }
    return null;
  }

  private fromSourcePackage(name: string): Answer | null {
    const source = (this.q.debianSource.get(name) as { source: string } | undefined)?.source;
    if (!source) return null;
    const origin = (this.q.byOrigin.all(source) as { name: string }[]).map((r) => r.name);
    const suffix = /-(dev|doc|dbg|utils|tools|libs)$/.exec(name)?.[1];
    // A runtime library's source names the tools package on Alpine (bzip2, not its library): skip.
    if (!suffix && name.startsWith('lib')) return null;
    const pick = suffix ? origin.find((n) => n === `${source}-${suffix}`) : origin.includes(source) ? source : undefined;
    if (!pick) return null;
    return this.answer(name, {
      alpine: [pick],
      kind: pick === name ? 'same' : 'renamed',
      confidence: 'medium',
      provenance: 'source-package',
      verified: true,
      reason: `Debian builds ${name} from source ${source}; Alpine's ${source} origin builds ${pick}`,
    });
  }
}
