/**
 * PackageMap: the Alpine answer for a Debian/Ubuntu package name, with its kind, confidence, tier
 * (provenance) and reason, checked against the Alpine catalogues chosen for the target release and
 * architecture (target-catalogue.ts). Tiers, first that answers wins:
 *   curated        mappings/packages.tsv, its names checked in the catalogue
 *   exact-name     the same name is an Alpine package, or a virtual name one provides
 *   ships          what the Debian package ships (sonames, commands, .pc files, Python modules) and
 *                  which Alpine package provides the same
 *   source-package Debian's source package is an Alpine origin; the subpackage picked by role
 *   dependencies   a transitional or metapackage stands for what it depends on
 *   naming-rule    mappings/naming-rules.tsv, only when the result exists
 * A name Debian 12 lacks (an Ubuntu t64 name, a newer soname) is first normalised to its Debian 12
 * sibling. Honesty: no answer names a package absent from the catalogue at more than low
 * confidence; with no catalogue a guess is `unverified`, never `mapped`.
 */
import { CatalogueView, type DebianPackage } from './catalogue-view.js';
import type { Level, MappingKind, RuleTrait } from './curated.js';
import type { Db } from './database.js';
import { chooseCatalogue, compareReleases, type ChosenCatalogue, type Target } from './target-catalogue.js';

export type AnswerKind = MappingKind | 'unknown';
/** `unverified`: a guess with no Alpine catalogue to check it against: never `mapped`. */
export type Status = 'mapped' | 'renamed' | 'dropped' | 'no-equivalent' | 'multiarch' | 'unverified' | 'unknown';
export type Provenance = 'curated' | 'exact-name' | 'provides-match' | 'ships' | 'source-package' | 'dependencies' | 'naming-rule' | 'none';

export interface Answer {
  debian: string;
  arch: string | null;
  /** Names to `apk add` (may be so:/cmd:/pc: capabilities, which apk accepts). Empty when none. */
  alpine: string[];
  kind: AnswerKind;
  status: Status;
  confidence: Level;
  /** The evidence tier that answered. */
  provenance: Provenance;
  /** Naming rule id, when provenance is naming-rule. */
  rule?: string;
  /** True when the Alpine names were found in the catalogue, false when not, null with no catalogue. */
  verified: boolean | null;
  reason: string;
  /** The Debian 12 name answered for one Debian 12 lacks (libssl3t64 -> libssl3). */
  via?: string;
  /** What matched, for the ships tier: the so:/cmd:/pc:/py3: names the answer provides. */
  evidence?: string[];
  /** Answered names found only in catalogues older than the target, and those catalogues. */
  olderOnly?: { names: string[]; catalogues: string[] };
  /** For a versioned family the target lacks: the versions it has (php82-curl, php81-curl). */
  otherVersions?: string[];
}

const NON_FOREIGN = new Set(['any', 'all', 'native']);
/** Without a target the newest release the embedded data covers answers. */
const ANY_TARGET: Target = { release: 'edge', arch: 'x86_64' };

interface Rule {
  id: string;
  re: RegExp;
  candidates: string[];
  kind: MappingKind;
  note: string;
  traits: RuleTrait[];
}

interface Rename {
  id: string;
  re: RegExp;
  template: string;
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

const ROLE = /-(dev|doc|dbg|utils|tools|bin|progs|libs|common|data)$/;

/** Debian source names carry versions Alpine origins drop (glib2.0 -> glib, gtk+3.0 -> gtk+3.0, gtk+3). */
function originCandidates(source: string, name: string): string[] {
  const out = [source, source.replace(/[0-9.]+$/, ''), source.replace(/-?[0-9][0-9.]*$/, ''), source.toLowerCase()];
  if (name.startsWith('python3-')) out.push(`py3-${name.slice(8)}`);
  // Alpine's Python origins are py3-<upstream>: Debian's pyflakes source is Alpine's py3-pyflakes.
  out.push(`py3-${source}`, `py3-${source.replace(/^(python-|py)/, '')}`);
  return [...new Set(out.filter((o) => o.length > 1))];
}

/** libicu74 -> libicu#: the name with its version numbers blanked, to find siblings of another version. */
function shape(name: string): string {
  return name.replace(/[0-9]+/g, '#');
}

function versionKey(name: string): number[] {
  return (name.match(/[0-9]+/g) ?? []).map(Number);
}

function newestFirst(a: string, b: string): number {
  const [x, y] = [versionKey(a), versionKey(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
  return 0;
}

function capConfidence(a: Level, cap: Level): Level {
  const order: Level[] = ['low', 'medium', 'high'];
  return order[Math.min(order.indexOf(a), order.indexOf(cap))]!;
}

export class PackageMap {
  private readonly rules: Rule[];
  private readonly renames: Rename[];
  private readonly view: CatalogueView;
  readonly chosen: ChosenCatalogue;
  private readonly q;
  private debianShapes: Map<string, string[]> | null = null;
  private alpineShapes: Map<string, string[]> | null = null;
  /** Answers already given: generate and the scan ask about the same names again. */
  private readonly answered = new Map<string, Answer>();

  constructor(private readonly db: Db, private readonly target: Target = ANY_TARGET) {
    this.q = {
      curated: db.prepare('SELECT kind, alpine, confidence, note FROM mappings WHERE debian = ?'),
      capabilities: db.prepare('SELECT capability FROM debian_capabilities WHERE debian = ? ORDER BY capability'),
    };
    this.rules = (db.prepare('SELECT id, pattern, candidates, kind, note, traits FROM naming_rules ORDER BY ord').all() as { id: string; pattern: string; candidates: string; kind: MappingKind; note: string; traits: string }[]).map((r) => ({
      id: r.id,
      re: new RegExp(r.pattern),
      candidates: JSON.parse(r.candidates) as string[],
      kind: r.kind,
      note: r.note,
      traits: JSON.parse(r.traits) as RuleTrait[],
    }));
    this.renames = (db.prepare('SELECT id, pattern, template FROM debian_renames ORDER BY ord').all() as { id: string; pattern: string; template: string }[]).map((r) => ({ id: r.id, re: new RegExp(r.pattern), template: r.template }));
    this.chosen = chooseCatalogue(db, target);
    this.view = new CatalogueView(db, this.chosen.ids);
  }

  /** True when an Alpine catalogue answers, so every name can be checked. */
  get indexLoaded(): boolean {
    return !this.view.empty;
  }

  /** The catalogues answers are checked against, for reports: `v3.22/main/x86_64 snapshot (2025-11-16), …`. */
  get catalogue(): string {
    return this.chosen.label;
  }

  /** Whether apk could install `name` from the chosen catalogue: a package, a virtual name or a capability. */
  inCatalogue(name: string): boolean {
    return this.resolveName(name).length > 0;
  }

  /**
   * Runs `work` (many lookups) inside one read transaction. Outside one, SQLite takes and drops its
   * file lock and rereads the header for every statement: 40 times slower over 120,000 names.
   */
  batch<T>(work: () => T): T {
    return this.db.inTransaction ? work() : this.db.transaction(work)();
  }

  lookup(input: string, arch: string | null = null): Answer {
    const key = `${input}\0${arch ?? ''}`;
    let answer = this.answered.get(key);
    if (!answer) this.answered.set(key, (answer = this.batch(() => this.lookupOnce(input, arch))));
    return { ...answer, alpine: [...answer.alpine] };
  }

  private lookupOnce(input: string, arch: string | null): Answer {
    const [name, qualifier] = input.includes(':') ? [input.slice(0, input.indexOf(':')), input.slice(input.indexOf(':') + 1)] : [input, arch];
    const a = this.olderOnly(this.resolve(name!, 0));
    const effectiveArch = qualifier ?? null;
    const answer: Answer = { ...a, debian: name!, arch: effectiveArch };
    if (effectiveArch && !NON_FOREIGN.has(effectiveArch)) {
      answer.status = 'multiarch';
      answer.reason = `${name}:${effectiveArch} asks for another architecture, which apk cannot install beside the native one; ${a.reason}`;
    }
    return answer;
  }

  /** A name found only in a catalogue older than the target (community v3.18 for 3.22) is said to be so, at most medium. */
  private olderOnly(a: Answer): Answer {
    const older = new Map(this.chosen.sources.filter((s) => s.release && compareReleases(s.release, this.target.release) < 0).map((s) => [Number(s.id), s.label]));
    if (!older.size || this.view.empty) return a;
    const stale = a.alpine.filter((n) => {
      const ids = this.view.sourcesOf(n);
      return ids.length > 0 && ids.every((id) => older.has(id));
    });
    if (!stale.length) return a;
    const where = [...new Set(stale.flatMap((n) => this.view.sourcesOf(n).map((id) => older.get(id)!)))];
    return {
      ...a, confidence: capConfidence(a.confidence, 'medium'), olderOnly: { names: stale, catalogues: where },
      reason: `${a.reason}; ${stale.join(', ')} found only in ${where.join(', ')}, older than ${this.target.release}: not checked for ${this.target.release}`,
    };
  }

  private answer(name: string, fields: Omit<Answer, 'debian' | 'arch' | 'status'>): Answer {
    return { debian: name, arch: null, status: statusOf(fields.kind), ...fields };
  }

  /** Alpine names a capability or package name resolves to in the catalogue ([] if none). */
  private resolveName(name: string): string[] {
    if (isCapability(name)) return this.view.providers(name).slice(0, 1);
    if (this.view.alpine(name)) return [name];
    // A virtual name (`p:clang=20.1` on clang20) is as good to apk add as a package name.
    return this.view.providers(name).length ? [name] : [];
  }

  private resolve(name: string, depth: number): Answer {
    const curated = this.curated(name);
    if (curated) return curated;
    if (this.view.empty) return this.offline(name);

    const deb = this.view.debian(name);
    if (deb || !this.view.hasDebian) {
        // A package with no files of its own (default-jdk) is its dependencies before it is its source (java-common).
      return this.exact(name, deb) ?? this.fromRules(name, 'convention') ?? this.ships(name, deb) ?? this.fromDependencies(name, deb, depth) ?? this.fromSource(name, deb) ?? this.fromRules(name) ?? this.unknown(name, deb);
    }
    // Debian 12 lacks the name (Ubuntu's, older or newer): the name as it is first, for a versioned
    // family keeps its version (openjdk-11-jdk is openjdk11-jdk, not Debian 12's openjdk-17-jdk).
    const direct = this.exact(name, undefined) ?? this.fromRules(name);
    if (direct) return direct;
    // A versioned family keeps its version: php8.3-curl is never Debian 12's php8.2-curl.
    const versioned = this.rules.some((r) => r.traits.includes('versioned') && r.re.test(name));
    const sibling = depth === 0 && !versioned ? this.debianSibling(name) : null;
    if (sibling) {
      const a = this.resolve(sibling, depth + 1);
      if (a.alpine.length || a.kind === 'dropped' || a.kind === 'none') {
        return { ...a, debian: name, via: sibling, confidence: capConfidence(a.confidence, 'medium'), reason: `${name} is not in Debian 12; its Debian 12 sibling is ${sibling}: ${a.reason}` };
      }
    }
    return this.unknown(name, undefined);
  }

  private curated(name: string): Answer | null {
    const curated = this.q.curated.get(name) as { kind: MappingKind; alpine: string; confidence: Level; note: string } | undefined;
    if (!curated) return null;
    const alpine = JSON.parse(curated.alpine) as string[];
    let confidence = curated.confidence;
    let verified: boolean | null = null;
    let reason = `curated: ${curated.note}`;
    if (!this.view.empty && alpine.length) {
      const missing = alpine.filter((n) => this.resolveName(n).length === 0);
      verified = missing.length === 0;
      if (!verified) {
        confidence = 'low';
        reason += ` (but ${missing.join(', ')} is not in ${this.catalogue})`;
      }
    }
    const a = this.answer(name, { alpine, kind: curated.kind, confidence, provenance: 'curated', verified, reason });
    return this.view.empty && alpine.length ? { ...a, status: 'unverified' } : a;
  }

  /** The same name, as a package (high when Debian's source is its origin) or a virtual name. */
  private exact(name: string, deb: DebianPackage | undefined): Answer | null {
    const pkg = this.view.alpine(name);
    if (pkg) {
      // High only for the main package of the same source (bash is bash from bash); a subpackage of
      // a same-named source may be another version of the software (Debian's libusb-dev is 0.1).
      const sameSource = deb ? pkg.origin === name && deb.source === name : false;
      return this.answer(name, {
        alpine: [name], kind: 'same', confidence: sameSource ? 'high' : 'medium', provenance: 'exact-name', verified: true,
        reason: `${name} is an Alpine package in ${this.catalogue}${sameSource ? ` built from ${pkg.origin}, as Debian builds it from ${deb!.source}` : ''}`,
      });
    }
    const providers = this.view.providers(name).filter((p) => !this.view.isBase(p));
    if (providers.length) {
      // One provider: name it (apk would install it for the virtual name); several: apk picks.
      // clang (virtual) over clang20 (its provider): the unversioned name follows Alpine's default version.
      const only = providers.length === 1 && providers[0]!.replace(/(?<=[a-z])[0-9]{2,}(?=-|$)/, '') !== name ? providers[0]! : null;
      return this.answer(name, {
        alpine: [only ?? name], kind: only ? 'renamed' : 'same', confidence: 'medium', provenance: 'provides-match', verified: true,
        reason: `${name} is a virtual name ${providers.slice(0, 3).join(', ')}${providers.length > 3 ? ' and others' : ''} provide${providers.length === 1 ? 's' : ''} in ${this.catalogue}${only ? '' : '; apk installs one of them'}`,
      });
    }
    return null;
  }

  /** The Alpine packages providing most of what the Debian package ships; several when one origin splits it. */
  private ships(name: string, deb: DebianPackage | undefined): Answer | null {
    const caps = [...new Set([...(deb?.ships ?? []), ...(this.q.capabilities.all(name) as { capability: string }[]).map((r) => r.capability)])];
    if (!caps.length) return null;
    const origins = deb ? originCandidates(deb.source, name) : [];
    const role = ROLE.exec(name)?.[1];
    const cover = new Map<string, Set<string>>();
    for (const c of caps) {
      const providers = c.startsWith('py3:') ? this.pythonProviders(c.slice(4)) : this.view.providers(c).filter((p, _, all) => !this.view.isBase(p) || all.every((x) => this.view.isBase(x)));
      for (const p of providers) (cover.get(p) ?? cover.set(p, new Set()).get(p)!).add(c);
    }
    if (!cover.size) return null;
    const originOf = (p: string) => this.view.alpine(p)?.origin ?? '';
    const rank = ([a, ca]: [string, Set<string>], [b, cb]: [string, Set<string>]) =>
      cb.size - ca.size ||
      Number(origins.includes(originOf(b))) - Number(origins.includes(originOf(a))) ||
      Number(b === name) - Number(a === name) ||
      Number(role !== undefined && b.endsWith(`-${role}`)) - Number(role !== undefined && a.endsWith(`-${role}`)) ||
      a.length - b.length ||
      (a < b ? -1 : 1);
    const ranked = [...cover].sort(rank);
    const [best, covered] = ranked[0]!;
    const picked = [best];
    const left = new Set(caps.filter((c) => !covered.has(c)));
    // Debian's libssl3 is Alpine's libcrypto3 and libssl3: the rest of the same origin fills the gap.
    while (left.size && picked.length < 4) {
      const next = ranked.find(([p, c]) => !picked.includes(p) && originOf(p) === originOf(best) && [...c].some((x) => left.has(x)));
      if (!next) break;
      picked.push(next[0]);
      for (const c of next[1]) left.delete(c);
    }
    // clang20-extra-tools provides clang-extra-tools: the unversioned name follows Alpine's default version.
    const unversioned = best.replace(/(?<=[a-z])[0-9]{2,}(?=-|$)/, '');
    if (picked.length === 1 && unversioned !== best && this.view.providers(unversioned).includes(best)) picked[0] = unversioned;
    const share = (caps.length - left.size) / caps.length;
    if (share < 0.5 && !origins.includes(originOf(best))) return null; // one command of twenty is no evidence
    const confidence: Level = left.size === 0 || origins.includes(originOf(best)) ? 'medium' : 'low';
    return {
      ...this.shipsAnswer(name, picked, best, caps, left, confidence),
      evidence: caps.filter((c) => !left.has(c)),
    };
  }

  private shipsAnswer(name: string, picked: string[], best: string, caps: string[], left: Set<string>, confidence: Level): Answer {
    const shown = caps.length > 6 ? `${caps.slice(0, 6).join(', ')} and ${caps.length - 6} more` : caps.join(', ');
    return this.answer(name, {
      alpine: picked, kind: picked.length > 1 ? 'split' : picked[0] === name ? 'same' : 'renamed', confidence, provenance: 'ships', verified: true,
      reason: `${name} ships ${shown}; in ${this.catalogue} ${picked.join(' and ')} provide${picked.length === 1 ? 's' : ''}${picked[0] !== best ? ` (as ${best})` : ''} ${left.size === 0 ? (caps.length === 1 ? 'it' : 'all of them') : `${caps.length - left.size} of ${caps.length}`}`,
    });
  }

  private pythonProviders(module: string): string[] {
    const named = `py3-${module.toLowerCase().replace(/_/g, '-')}`;
    return [...new Set([...this.view.pythonProviders(module), ...(this.view.alpine(named) ? [named] : [])])];
  }

  /** Debian's source package is an Alpine origin: the subpackage with the same role. */
  private fromSource(name: string, deb: DebianPackage | undefined): Answer | null {
    if (!deb) return null;
    for (const origin of originCandidates(deb.source, name)) {
      const built = this.view.originPackages(origin);
      if (!built.length) continue;
      const pick = this.pickByRole(name, origin, built);
      if (!pick) continue;
      return this.answer(name, {
        alpine: [pick], kind: pick === name ? 'same' : 'renamed', confidence: 'medium', provenance: 'source-package', verified: true,
        reason: `Debian builds ${name} from source ${deb.source}; Alpine's ${origin} origin builds ${pick}${built.length > 1 ? ` (of ${built.length} packages)` : ''} in ${this.catalogue}`,
      });
    }
    return null;
  }

  private pickByRole(name: string, origin: string, built: string[]): string | undefined {
    const role = ROLE.exec(name)?.[1];
    const has = (n: string) => built.includes(n);
    const one = (f: (n: string) => boolean) => {
      const hits = built.filter(f);
      return hits.length === 1 ? hits[0] : undefined;
    };
    // A header-only library has no -dev on Alpine: the origin's one package holds the headers.
    if (role === 'dev') return has(`${origin}-dev`) ? `${origin}-dev` : (one((n) => n.endsWith('-dev')) ?? (built.length === 1 && has(origin) ? origin : undefined));
    if (role === 'doc') return has(`${origin}-doc`) ? `${origin}-doc` : undefined;
    if (role === 'dbg') return has(`${origin}-dbg`) ? `${origin}-dbg` : undefined;
    if (name.startsWith('python3-')) return one((n) => n.startsWith('py3-') && !/-(pyc|doc|tests?)$/.test(n)) ?? (origin.startsWith('py3-') && has(origin) ? origin : undefined);
    if (role === 'utils' || role === 'tools' || role === 'bin' || role === 'progs') {
      return [`${origin}-${role}`, `${origin}-utils`, `${origin}-tools`, `${origin}-progs`, origin].find(has);
    }
    if (name.startsWith('lib') && !role) {
      // A runtime library: the subpackage shipping shared objects (-libs, libfoo), not the tools.
      // Of several, only one that carries the library's own name (libncurses5: ncurses-libs, not
      // libformw); lib32*/libx32* multilib names carry none, and get no guess.
      const libs = this.view.originLibraries(origin);
      const stem = name.replace(/^lib/, '').replace(/[0-9.]*(-[0-9.]+)?(t64)?$/, '').replace(/[-.]$/, '');
      const named = libs.filter((n) => stem.length > 1 && n.replace(/^lib/, '').startsWith(stem));
      if (libs.length === 1) return libs[0];
      if (libs.length === 0) return has(origin) ? origin : undefined;
      return libs.find((n) => n === `${origin}-libs` && n.startsWith(stem)) ?? (named.length === 1 ? named[0] : libs.includes(`${stem}-libs`) ? `${stem}-libs` : undefined);
    }
    return has(origin) ? origin : undefined;
  }

  /** A package that ships nothing of its own stands for its dependencies. */
  private fromDependencies(name: string, deb: DebianPackage | undefined, depth: number): Answer | null {
    if (!deb?.depends.length || depth > 1) return null;
    const parts = deb.depends.slice(0, 8).map((d) => this.resolve(d, depth + 1)).filter((a) => a.alpine.length && a.kind !== 'unknown');
    if (!parts.length) return null;
    const names = [...new Set(parts.flatMap((a) => a.alpine))];
    const low = parts.some((a) => a.confidence === 'low');
    return this.answer(name, {
      alpine: names, kind: names.length > 1 ? 'split' : 'renamed', confidence: low ? 'low' : 'medium', provenance: 'dependencies', verified: true,
      reason: `${name} ships nothing of its own and depends on ${deb.depends.slice(0, 8).join(', ')}; ${parts.map((a) => `${a.debian} is ${a.alpine.join(' ')}`).join('; ')}`,
    });
  }

  /** Naming rules (only those with `trait`, when given), each candidate only when it exists in the catalogue. */
  private fromRules(name: string, trait?: RuleTrait): Answer | null {
    for (const rule of this.rules) {
      if (rule.traits.includes('same-name')) continue; // the exact-name tier
      if (trait && !rule.traits.includes(trait)) continue;
      const m = rule.re.exec(name);
      if (!m) continue;
      for (const c of rule.candidates.map((t) => t.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? ''))) {
        const hit = this.resolveName(c);
        if (hit.length) {
          return this.answer(name, {
            alpine: hit, kind: hit[0] === name ? 'same' : rule.kind, confidence: 'medium', provenance: 'naming-rule', rule: rule.id, verified: true,
            reason: `naming rule ${rule.id} (${rule.note}): ${c}${isCapability(c) ? ` is provided by ${hit[0]}` : ' exists'} in ${this.catalogue}`,
          });
        }
      }
    }
    return null;
  }

  private unknown(name: string, deb: DebianPackage | undefined): Answer {
    const family = this.otherVersions(name);
    const hint = family ? `; rule ${family.rule} gives ${family.guess}, which this release does not have; it has ${family.others.join(', ')}` : '';
    return {
      ...this.answer(name, {
        alpine: [], kind: 'unknown', confidence: 'low', provenance: 'none', verified: false,
        // Joined, not built by replace(): a replaced string stays a rope of its 60 pieces, 3 KB per answer.
        reason: [deb ? `Debian 12 has ${name} (source ${deb.source}) but nothing it ships, its source, or a naming rule finds a package in` : `${name} is in neither Debian 12 nor`, `${this.catalogue}${hint}${this.chosen.gaps.length ? `; ${this.chosen.gaps.join('; ')}` : ''}`].join(' '),
      }),
      ...(family ? { otherVersions: family.others } : {}),
    };
  }

  /** php8.1-curl on 3.22: rule php-versioned gives php81-curl, absent; the release has php83-curl, php84-curl. */
  private otherVersions(name: string): { rule: string; guess: string; others: string[] } | null {
    for (const rule of this.rules) {
      if (!rule.traits.includes('versioned')) continue;
      const m = rule.re.exec(name);
      if (!m) continue;
      const guess = rule.candidates[0]!.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? '');
      if (isCapability(guess) || !/[0-9]/.test(guess)) continue;
      this.alpineShapes ??= groupByShape(this.view.alpineNames());
      const others = (this.alpineShapes.get(shape(guess)) ?? []).filter((n) => n !== guess).sort(newestFirst);
      if (others.length) return { rule: rule.id, guess, others: others.slice(0, 4) };
    }
    return null;
  }

  /**
   * The Debian 12 name of a package Debian 12 lacks: a rename of mappings/debian-renames.tsv (t64,
   * Python 2 names) that Debian 12 has, else the newest other version of the same name.
   */
  private debianSibling(name: string): string | null {
    const names = this.view.debianNames();
    let base = name;
    for (const r of this.renames) {
      const m = r.re.exec(base);
      if (!m) continue;
      const renamed = r.template.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? '');
      if (names.has(renamed)) return renamed;
      base = renamed; // libfoo3t64 -> libfoo3, then another version of it
    }
    if (!/[0-9]/.test(base)) return null;
    this.debianShapes ??= groupByShape([...names]);
    return (this.debianShapes.get(shape(base)) ?? []).filter((n) => n !== base).sort(newestFirst)[0] ?? null;
  }

  /** No catalogue at all: curated answers and low-confidence, unverified guesses only. */
  private offline(name: string): Answer {
    const caps = (this.q.capabilities.all(name) as { capability: string }[]).map((r) => r.capability);
    if (caps.length) {
      return { ...this.answer(name, { alpine: caps, kind: 'renamed', confidence: 'low', provenance: 'ships', verified: null, reason: `${name} provides ${caps.join(', ')}; apk can install by capability, but no Alpine catalogue is loaded to name the package` }), status: 'unverified' };
    }
    const sameName = (r: Rule) => r.traits.includes('same-name');
    const rules = [...this.rules.filter((r) => !sameName(r)), ...this.rules.filter(sameName)];
    for (const rule of rules) {
      const m = rule.re.exec(name);
      if (!m) continue;
      const guess = rule.candidates.map((t) => t.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? ''))[0]!;
      const a = this.answer(name, {
        alpine: [guess], kind: guess === name ? 'same' : rule.kind, confidence: 'low', provenance: 'naming-rule', rule: rule.id, verified: null,
        reason: `naming rule ${rule.id} (${rule.note}) guesses ${guess}; not checked, since no Alpine catalogue is loaded`,
      });
      return { ...a, status: 'unverified' };
    }
    return this.answer(name, { alpine: [], kind: 'unknown', confidence: 'low', provenance: 'none', verified: null, reason: 'no curated entry; load an Alpine catalogue (migrate db build, db sync or db import) to check names' });
  }
}

function groupByShape(names: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const n of names) {
    if (!/[0-9]/.test(n)) continue;
    const s = shape(n);
    const list = out.get(s);
    if (list) list.push(n);
    else out.set(s, [n]);
  }
  return out;
}
