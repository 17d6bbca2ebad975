import { generatePassword } from '../crypto/password';
import { CliError, EXIT } from './cli-error';

export const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 1024;

export interface NewPassword {
  password: string;
  /** True when Keyward generated it: the CLI prints it once. */
  generated: boolean;
}

export interface PasswordSource {
  /** `--password-stdin`: the first line of standard input. */
  fromStdin: boolean;
  stdin?: NodeJS.ReadStream;
  /** Where prompts go (a terminal). */
  prompt?: NodeJS.WriteStream;
}

/**
 * The new password for create-admin and reset-password: from standard input when asked to, typed
 * twice without echo on a terminal (empty: generate one), otherwise generated.
 */
export async function readNewPassword(source: PasswordSource): Promise<NewPassword> {
  const stdin = source.stdin ?? process.stdin;
  const prompt = source.prompt ?? process.stderr;
  if (source.fromStdin) {
    const password = await readFirstLine(stdin);
    if (!password) throw new CliError('--password-stdin: standard input holds no password');
    return { password: checkPassword(password), generated: false };
  }
  if (stdin.isTTY && prompt.isTTY) {
    const password = await promptHidden('New password (leave empty to generate one): ', stdin, prompt);
    if (!password) return { password: generatePassword(), generated: true };
    checkPassword(password);
    const again = await promptHidden('Repeat the password: ', stdin, prompt);
    if (again !== password) throw new CliError('the passwords do not match; nothing was changed');
    return { password, generated: false };
  }
  return { password: generatePassword(), generated: true };
}

function checkPassword(password: string): string {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    throw new CliError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters; nothing was changed`);
  if (password.length > MAX_PASSWORD_LENGTH)
    throw new CliError(`the password must be at most ${MAX_PASSWORD_LENGTH} characters; nothing was changed`);
  return password;
}

async function readFirstLine(stdin: NodeJS.ReadStream): Promise<string> {
  let data = '';
  stdin.setEncoding('utf8');
  for await (const chunk of stdin) {
    data += chunk as string;
    if (data.includes('\n') || data.length > MAX_PASSWORD_LENGTH * 4) break;
  }
  return data.split(/\r?\n/)[0] ?? '';
}

/** Reads one line from a terminal in raw mode, echoing nothing. Ctrl-C cancels. */
export function promptHidden(
  question: string,
  stdin: NodeJS.ReadStream,
  output: NodeJS.WritableStream,
): Promise<string> {
  // Echo goes off before the question shows, so nothing typed after seeing it is ever echoed.
  stdin.setRawMode(true);
  output.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      output.write('\n');
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || (ch === '\u0004' && value)) {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish();
          reject(new CliError('cancelled; nothing was changed', EXIT.CANCELLED));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.resume();
    stdin.on('data', onData);
  });
}
