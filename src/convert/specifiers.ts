/**
 * systemd specifiers (systemd.unit(5), "Specifiers") and environment references in Exec lines,
 * turned into shell word parts. A template unit becomes an OpenRC multiplexed script
 * (/etc/init.d/name.instance -> name), whose instance is ${RC_SVCNAME#*.}.
 */
import type { UnitName } from '../systemd/parse.js';
import type { Part, Word } from './shell-quote.js';

export interface SpecifierResult {
  word: Word;
  /** Specifiers with no static or runtime equivalent here. */
  unknown: string[];
}

const FIXED: Record<string, string> = { t: '/run', S: '/var/lib', C: '/var/cache', L: '/var/log', E: '/etc', T: '/tmp', V: '/var/tmp' };

export function expandWord(text: string, unit: UnitName, opts: { env: boolean; user: string | null }): SpecifierResult {
  const parts: Part[] = [];
  const unknown: string[] = [];
  const lit = (s: string) => {
    const last = parts.at(-1);
    if (last && 'lit' in last) last.lit += s;
    else parts.push({ lit: s });
  };
  const instanceRaw = unit.template === 'template' ? '${RC_SVCNAME#*.}' : null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '%' && i + 1 < text.length) {
      const s = text[++i]!;
      if (s === '%') lit('%');
      else if (s === 'i' || s === 'I') instanceRaw ? parts.push({ raw: instanceRaw }) : lit(unit.instance ?? '');
      else if (s === 'n') instanceRaw ? parts.push({ raw: '${RC_SVCNAME%%.*}@${RC_SVCNAME#*.}.' + unit.type }) : lit(unit.name);
      else if (s === 'N') instanceRaw ? parts.push({ raw: '${RC_SVCNAME%%.*}@${RC_SVCNAME#*.}' }) : lit(unit.name.replace(/\.[a-z]+$/, ''));
      else if (s === 'p' || s === 'P') lit(unit.prefix);
      else if (s === 'H') parts.push({ raw: '$(hostname)' });
      else if (s === 'u' || s === 'U') lit(opts.user ?? 'root');
      else if (s === 'h') parts.push({ raw: '${HOME}' });
      else if (FIXED[s]) lit(FIXED[s]!);
      else {
        unknown.push(`%${s}`);
        lit(`%${s}`);
      }
      continue;
    }
    if (opts.env && c === '$') {
      const m = /^\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
      if (m) {
        parts.push({ raw: m[1]!.startsWith('{') ? `$${m[1]}` : `\${${m[1]}}` });
        i += m[0].length - 1;
        continue;
      }
    }
    lit(c);
  }
  // systemd splits a word that is exactly $VAR; keep that form so the shell splits it too.
  if (opts.env && /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(text)) return { word: [{ raw: text }], unknown };
  return { word: parts.length ? parts : [{ lit: '' }], unknown };
}
