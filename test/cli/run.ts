/** The CLI in this process, its output captured: for commands that finish in well under a second or two. */
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export async function runInProcess(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTty: false, color: false };
  return { code: await main(argv, io), stdout, stderr };
}
