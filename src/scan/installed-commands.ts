/**
 * A command BusyBox lacks is no problem where the build installs it: `sudo` in a script of a
 * build that installs the sudo package is there on Alpine too, once the package maps. The scan's
 * missing-command findings for such commands become information, naming the install.
 */
import type { Finding, PackageInstall } from './result.js';

export function softenInstalledCommands(findings: Finding[], packages: readonly PackageInstall[]): void {
  const installs = new Map<string, PackageInstall>();
  for (const p of packages) if (p.source === 'repository' && !installs.has(p.name)) installs.set(p.name, p);
  for (const f of findings) {
    if (f.rule !== 'busybox/missing-command' && f.rule !== 'program/command') continue;
    const command = String(f.data?.command ?? '');
    const pkg = f.data?.package ?? f.data?.alpine;
    const by = installs.get(command) ?? (typeof pkg === 'string' ? installs.get(pkg) : undefined);
    if (!by) continue;
    f.severity = 'info';
    f.message = `${f.message} This build installs ${by.name} (${by.file}:${by.line}), which brings it on Alpine too.`;
  }
}
