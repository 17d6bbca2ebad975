import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config/config';

export type OptionValues = Record<string, string | boolean | undefined>;

/** What a command gets to run with. */
export interface CliContext {
  /** The server's configuration; commands marked `standalone` get none. */
  config: Config;
  /** Positional arguments (only for commands that take them). */
  args: string[];
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** A line for the operator on stdout. */
  print(line: string): void;
  /** A progress or warning line on stderr. */
  note(line: string): void;
}

export interface CliCommand {
  name: string;
  /** One line for `keyward --help`. */
  summary: string;
  /** The whole `keyward <command> --help` text. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Takes positional arguments (e.g. paths). */
  positionals?: boolean;
  /** Needs no server configuration (no database, no master key): e.g. `scan`. */
  standalone?: boolean;
  /** Resolves to the exit status, or nothing for 0. */
  run(values: OptionValues, context: CliContext): Promise<void | number>;
}
