/** Where the CLI writes. Injectable so tests run commands in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when what stdout has buffered is written (a pipe is asynchronous in Node); absent in tests. */
  drained?: () => Promise<void>;
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
  let waiting: Promise<void> | null = null;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') closed = true;
    else throw err;
  });
  return {
    stdout: (t) => {
      if (!closed) process.stdout.write(t);
    },
    stderr: (t) => process.stderr.write(t),
    drained: () => {
      if (closed || !process.stdout.writableNeedDrain) return Promise.resolve();
      // A reader that goes away (EPIPE) destroys the stream: 'close' ends the wait as 'drain' would.
      waiting ??= new Promise<void>((done) => {
        const end = () => {
          waiting = null;
          process.stdout.off('drain', end).off('close', end);
          done();
        };
        process.stdout.on('drain', end).on('close', end);
      });
      return waiting;
    },
    stderrIsTty: tty,
    color: tty && !('NO_COLOR' in process.env && process.env.NO_COLOR !== ''),
  };
}

/**
 * Writes a report made in pieces, waiting for stdout to drain between them: into a pipe, Node
 * queues what the reader has not taken, and an 80 MB report would be held twice over.
 */
export async function writePieces(io: CliIo, pieces: Iterable<string>): Promise<void> {
  for (const piece of pieces) {
    io.stdout(piece);
    await io.drained?.();
  }
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
