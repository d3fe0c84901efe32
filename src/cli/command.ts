/** One `survei` sub-command. `run` returns the process exit code. */
export interface Command {
  /** e.g. "score" or "loket" */
  name: string;
  /** one line for `survei --help` */
  summary: string;
  /** full text printed by `survei <name> --help` */
  help: string;
  run(args: string[], io: CliIO): Promise<number>;
}

export interface CliIO {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** true when stderr is a terminal: progress bars are drawn only then */
  interactive: boolean;
}

/**
 * An error the user can fix: printed as one line `survei: <message>` and the process
 * exits with `exitCode` (2 = bad input or usage, 1 = the operation failed).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
