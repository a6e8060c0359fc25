/** Debian multiarch library paths in generated Alpine files (pure). */
import { multiarchTuples } from '../knowledge/alpine-release.js';

const MULTIARCH_LIB = /\/(usr\/)?lib\/([a-z0-9_]+-linux-gnu[a-z]*)(?![\w-])/g;

/**
 * Debian's multiarch library directories in `text`: the target's own (aarch64-linux-gnu on aarch64)
 * become /usr/lib or /lib, where musl looks; another architecture's (arm-linux-gnueabihf, 32-bit
 * libraries beside 64-bit ones) has no place in an Alpine root, which has no multiarch, so it is
 * kept and named in `foreign`. Without a target arch, the 32-bit tuples are the foreign ones.
 */
export function rewriteMultiarch(text: string, arch: string | undefined): { text: string; foreign: string[] } {
  const tuples = multiarchTuples();
  const foreign = new Set<string>();
  const out = text.replace(MULTIARCH_LIB, (m, usr: string | undefined, tuple: string) => {
    const of = tuples.get(tuple);
    if (!of) return m;
    const native = arch ? of.arch === arch : of.bits === 64;
    if (native) return `/${usr ?? ''}lib`;
    foreign.add(tuple);
    return m;
  });
  return { text: out, foreign: [...foreign] };
}
