/**
 * Reads the options an applet accepts from its `busybox APPLET --help` text: letters of usage
 * groups like [-rP], {-f|LOOPDEV} and -o OFS, tab-indented option lines (-R,-r / -lc), and long
 * options written --name. The help text is what BusyBox itself prints for its compiled options.
 */
export interface AppletOptions {
  short: string;
  long: string[];
}

export function parseAppletHelp(help: string, applet: string): AppletOptions {
  const short = new Set<string>();
  const long = new Set<string>();
  for (const m of help.matchAll(/(?:^|[\s[{|(,])--([a-z][a-z0-9-]*)/g)) long.add(m[1]!);
  for (const line of help.split('\n')) {
    // tar's bare mode letters: "\tc\tCreate" (they work with or without a dash: tar xzf, tar -xzf).
    const bare = /^\t+([A-Za-z])\t/.exec(line);
    if (bare) short.add(bare[1]!);
    const trimmed = line.trim();
    const usage = trimmed.startsWith('Usage:') || trimmed.startsWith('or:') || trimmed.startsWith(`${applet} `);
    const detail = /^\t+-[A-Za-z0-9]/.test(line);
    if (!usage && !detail) continue;
    const text = detail ? trimmed.split(/\t/)[0]! : trimmed;
    // Every -xyz token (not --long): each letter is an option, as in [-rP] or -lc.
    for (const m of text.matchAll(/(?:^|[\s[{|(,])-([A-Za-z0-9]+)/g)) for (const c of m[1]!) short.add(c);
  }
  return { short: [...short].sort().join(''), long: [...long].sort() };
}
