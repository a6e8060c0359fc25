/**
 * GitHub Actions workflows: each step's `run:` script analysed as shell, on its own lines. The
 * steps run on the CI runner, the build host, not in the image: findings about a job on an
 * Ubuntu runner are information (the host may stay Ubuntu), and packages installed there are not
 * the image's. Parsed with the yaml package (YAML 1.2, with source ranges for the lines).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { analyzeShell } from '../common/shell-analysis.js';
import { emptyExtraction, type ExtractContext, type Extraction, type SourceFile } from '../types.js';
import { workflowParseError } from './rules.js';
import { findingOf } from '../rule-finding.js';

function get(node: unknown, key: string): unknown {
  return isMap(node) ? node.get(key, true) : undefined;
}

export function extractWorkflow(file: SourceFile, ctx: ExtractContext): Extraction {
  const out = emptyExtraction();
  const counter = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: counter, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    out.findings.push(findingOf(workflowParseError, { file: file.path, line: counter.linePos(firstError.pos[0]).line, message: `${file.path} is not valid YAML (${firstError.code}); its run: steps were not read.`, subject: file.path }));
    return out;
  }
  const jobs = get(doc.contents, 'jobs');
  if (!isMap(jobs)) return out;
  for (const job of jobs.items) {
    const runsOn = get(job.value, 'runs-on');
    const runner = isScalar(runsOn) ? String(runsOn.value) : isSeq(runsOn) ? runsOn.items.map((i) => (isScalar(i) ? String(i.value) : '')).join(',') : '';
    const ubuntu = /ubuntu/i.test(runner);
    const steps = get(job.value, 'steps');
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      const run = get(step, 'run') as Node | undefined;
      if (!isScalar(run) || typeof run.value !== 'string' || !run.range) continue;
      const block = run.type === 'BLOCK_LITERAL' || run.type === 'BLOCK_FOLDED';
      // A block scalar's text starts on the line after its `|`; a flow scalar on its own line.
      const first = counter.linePos(run.range[0]).line + (block ? 1 : 0);
      const script = run.value;
      const starts = [0];
      for (let i = 0; i < script.length; i++) if (script.charCodeAt(i) === 10) starts.push(i + 1);
      const lineAt = (offset: number) => {
        let n = 0;
        while (n + 1 < starts.length && starts[n + 1]! <= offset) n++;
        return first + n;
      };
      const x = emptyExtraction();
      analyzeShell({ file: file.path, text: script, lineAt, env: new Map(), knowledge: ctx.knowledge, dialect: 'bash' }, x);
      for (const f of x.findings) {
        out.findings.push({ ...f, ...(ubuntu ? { severity: 'info' as const, message: `On the CI runner (runs-on: ${runner}), not in the image: ${f.message}` } : {}), data: { ...f.data, runner } });
      }
    }
  }
  return out;
}
