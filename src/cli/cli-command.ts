import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config';

export type OptionValues = Record<string, string | boolean | undefined>;

/** What a command gets to run with. */
export interface CliContext {
  config: Config;
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
  run(values: OptionValues, context: CliContext): Promise<void>;
}
