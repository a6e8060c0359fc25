/** Where the CLI writes. Injectable so tests run commands in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is an interactive terminal: show progress. */
  stderrIsTty: boolean;
  /** Colour allowed: a TTY and NO_COLOR unset (https://no-color.org). */
  color: boolean;
}

export function processIo(): CliIo {
  const tty = Boolean(process.stderr.isTTY);
  // A reader that closed the pipe (`migrate scan . | head`) wants no more: stop writing, quietly,
  // and let the command end with its own exit code instead of an unhandled EPIPE.
  let closed = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') closed = true;
    else throw err;
  });
  return {
    stdout: (t) => {
      if (!closed) process.stdout.write(t);
    },
    stderr: (t) => process.stderr.write(t),
    stderrIsTty: tty,
    color: tty && !('NO_COLOR' in process.env && process.env.NO_COLOR !== ''),
  };
}

/** A problem with the user's input or environment: one line, with what to do next. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  failOn: 1,
  usage: 2,
  environment: 3,
  /** A remote service (GitHub) refused or failed. */
  remote: 4,
  internal: 70,
} as const;
