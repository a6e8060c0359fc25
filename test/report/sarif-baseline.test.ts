import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTty: false, color: false };
  return { code: await main(argv, io), stdout, stderr };
}

const require = createRequire(import.meta.url);
// ajv-draft-04 is CommonJS; the SARIF schema is draft-04, which ajv 8 alone does not read.
const Ajv04 = require('ajv-draft-04') as new (opts: Record<string, unknown>) => { compile(schema: unknown): ((data: unknown) => boolean) & { errors?: unknown[] | null } };
// The schema's `uri` and `date-time` formats are checked, not skipped with a warning per use.
const addFormats = require('ajv-formats') as (ajv: unknown) => unknown;

describe('SARIF', () => {
  it('validates against the official SARIF 2.1.0 schema and carries every finding', async () => {
    const r = await run('scan', 'examples/ubuntu-image', '--format', 'sarif', '--db', 'dist/default.db');
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout);
    // The OASIS schema, as Microsoft's SARIF tooling ships it (draft-04 JSON Schema).
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // The schema's language-tag pattern is not valid as a unicode regular expression: compile without u.
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The validator does reject what SARIF forbids.
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    expect(validate({ ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0].results[0], level: 'fatal' }] }] })).toBe(false);
    const json = JSON.parse((await run('scan', 'examples/ubuntu-image', '--json', '--db', 'dist/default.db')).stdout);
    expect(log.runs[0].results).toHaveLength(json.findings.length);
    expect(log.runs[0].results.map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['migrateFindingKey/v1'])).toEqual(json.findings.map((f: { key: string }) => f.key));
    const withLine = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'shell/multiarch-package');
    expect(withLine.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'userspace/base_setup.sh', uriBaseId: 'SRCROOT' }, region: { startLine: 19 } });
  });
});

describe('--baseline', () => {
  it('shows only findings that are new since the baseline, and --fail-on judges only those', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-baseline-'));
    const baseline = join(dir, 'baseline.json');
    expect((await run('scan', 'examples/ubuntu-image', '--json', '--out', baseline)).code).toBe(0);
    const same = await run('scan', 'examples/ubuntu-image', '--json', '--baseline', baseline, '--fail-on', 'error');
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout).findings).toEqual([]);
    expect(same.stderr).toMatch(/known finding\(s\) hidden, 0 new/);
    // Drop one finding from the baseline: that one is new again, and it is an error.
    const base = JSON.parse(readFileSync(baseline, 'utf8'));
    const dropped = base.findings.find((f: { rule: string }) => f.rule === 'shell/add-apt-repository');
    base.findings = base.findings.filter((f: { key: string }) => f.key !== dropped.key);
    writeFileSync(baseline, JSON.stringify(base));
    const one = await run('scan', 'examples/ubuntu-image', '--json', '--baseline', baseline, '--fail-on', 'error');
    expect(one.code).toBe(1);
    expect(JSON.parse(one.stdout).findings.map((f: { rule: string }) => f.rule)).toEqual(['shell/add-apt-repository']);
  });

  it('refuses a file that is not a migrate report, in one line', async () => {
    const r = await run('scan', 'examples/ubuntu-image', '--baseline', 'package.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a migrate JSON report/);
  });
});
