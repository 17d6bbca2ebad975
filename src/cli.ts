import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand, CliContext, OptionValues } from './cli/cli-command';
import { CliError, EXIT, UsageError } from './cli/cli-error';
import { createAdminCommand } from './cli/create-admin-command';
import { migrateCommand } from './cli/migrate-command';
import { resetPasswordCommand } from './cli/reset-password-command';
import { rotateSigningKeyCommand } from './cli/rotate-signing-key-command';
import { ConfigError, loadConfig, type Config } from './config/config';
import { scanCommand } from './cli/scan-command';
import { projectRoot } from './config/project-root';

/** The operator CLI: `npx keyward <command>`. */
export const COMMANDS: readonly CliCommand[] = [
  migrateCommand,
  createAdminCommand,
  resetPasswordCommand,
  rotateSigningKeyCommand,
  scanCommand,
];

function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: keyward <command> [options]

Operator commands for a Keyward server. They read the same environment as the server
(DATABASE_URL, default sqlite:./data/keyward.sqlite).

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}`).join('\n')}

Run "keyward <command> --help" for a command's options.
Options: -h, --help (this help), -v, --version`;
}

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** node:util parseArgs, with its messages turned into short ones. */
function parseOptions(command: CliCommand, args: string[]): { values: OptionValues; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: command.positionals ?? false,
    });
    return { values: values as OptionValues, positionals };
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const option = /'(-[^' ]+)/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${option ?? message}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(option && /argument missing/.test(message) ? `${option} needs a value` : message);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw new UsageError(`unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ''}`.trim());
    throw new UsageError(message);
  }
}

export interface CliStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** Runs one CLI invocation and resolves to its exit status; failures are one line on stderr. */
export async function runCli(
  argv: string[],
  streams: CliStreams = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  const out = (text: string) => streams.stdout.write(`${text}\n`);
  const err = (text: string) => streams.stderr.write(`${text}\n`);
  const [name, ...args] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === args[0]) : undefined;
    if (name === undefined) {
      err(globalHelp());
      return EXIT.USAGE;
    }
    out(topic ? topic.help : globalHelp());
    return EXIT.OK;
  }
  if (name === '-v' || name === '--version') {
    out(version());
    return EXIT.OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  const prefix = command ? `keyward ${command.name}` : 'keyward';
  try {
    if (!command)
      throw new UsageError(`unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    const { values, positionals } = parseOptions(command, args);
    if (values.help) {
      out(command.help);
      return EXIT.OK;
    }
    let config: Config | undefined;
    try {
      if (!command.standalone) config = loadConfig(streams.env);
    } catch (error) {
      if (error instanceof ConfigError) throw new CliError(`invalid configuration: ${error.message}`, EXIT.CONFIG);
      throw error;
    }
    const context: CliContext = {
      // a standalone command (scan) runs without the server's configuration: reading it is a bug
      get config(): Config {
        if (!config) throw new Error(`"${command.name}" runs without the server configuration`);
        return config;
      },
      args: positionals,
      env: streams.env,
      stdin: streams.stdin ?? process.stdin,
      print: out,
      note: err,
    };
    return (await command.run(values, context)) ?? EXIT.OK;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`${prefix}: error: ${error.message} (see: ${prefix} --help)`);
      return error.exitCode;
    }
    if (error instanceof CliError) {
      err(`${prefix}: error: ${error.message}`);
      return error.exitCode;
    }
    err(`${prefix}: unexpected error: ${(error as Error)?.message ?? String(error)}`);
    if (streams.env.KEYWARD_CLI_DEBUG) err(String((error as Error)?.stack));
    return EXIT.FAILURE;
  }
}

/** Entry point for bin/keyward.js and `tsx src/cli.ts`. */
export function main(argv = process.argv.slice(2)): void {
  runCli(argv).then(
    (status) => process.exit(status),
    (error: Error) => {
      process.stderr.write(`keyward: unexpected error: ${error.message}\n`);
      process.exit(EXIT.FAILURE);
    },
  );
}

if (require.main === module) main();
