/** Exit statuses of the operator CLI. */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2, CANCELLED: 130, CONFIG: 78 } as const;

/** A failure the operator can act on: printed as one line, then the CLI exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Wrong or missing arguments: the line also points at `--help`. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.USAGE);
    this.name = 'UsageError';
  }
}
