import { brokenShebang, shebangInterpreter } from '../classify.js';
import { bashScript } from '../common/busybox-rules.js';
import { brokenShebang as brokenShebangRule, maintainerScript } from '../common/shell-rules.js';
import { analyzeShell, lineIndex } from '../common/shell-analysis.js';
import { findingOf } from '../rule-finding.js';
import { emptyExtraction, type ExtractContext, type Extraction, type SourceFile } from '../types.js';

/** Facts and findings of one shell script. */
export function extractShell(file: SourceFile, ctx: ExtractContext): Extraction {
  const out = emptyExtraction();
  const head = file.text.slice(0, 200);
  const interpreter = shebangInterpreter(head);
  const meant = brokenShebang(head);
  if (meant) {
    const first = head.slice(0, head.indexOf('\n') >>> 0);
    out.findings.push(findingOf(brokenShebangRule, { file: file.path, line: 1, message: `The first line means #!…${meant} but is not a #! line: the shell that starts ${file.path} runs it, BusyBox ash on Alpine; checked as /bin/sh.`, subject: first.slice(0, 80), evidence: first.slice(0, 80), data: { meant } }));
  }
  if (/(^|\/)debian\/([a-z0-9.+-]+\.)?(preinst|postinst|prerm|postrm|config)$/.test(file.path)) {
    out.findings.push(findingOf(maintainerScript, { file: file.path, line: 1, message: `${file.path} is a dpkg maintainer script; apk runs an APKBUILD's .pre-install/.post-install scripts instead.`, subject: file.path, evidence: head.slice(0, head.indexOf('\n') >>> 0).slice(0, 80) }));
  }
  // A broken #! line is run by the calling shell: on Alpine /bin/sh, so it is checked as sh.
  const dialect = meant ? 'sh' : interpreter === 'bash' ? 'bash' : interpreter === 'sh' || interpreter === 'dash' || interpreter === 'ash' ? 'sh' : null;
  if (dialect === 'bash') {
    out.findings.push(findingOf(bashScript, { file: file.path, line: 1, message: `${file.path} runs with bash, which Alpine does not install by default.`, subject: 'bash', evidence: file.text.slice(0, file.text.indexOf('\n') >>> 0).slice(0, 80) }));
  }
  analyzeShell({ file: file.path, text: file.text, lineAt: lineIndex(file.text), env: new Map(), knowledge: ctx.knowledge, dialect }, out);
  return out;
}
