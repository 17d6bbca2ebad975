import type { AddressInfo } from 'node:net';
import { FASTIFY_LISTENING_TEXT } from './http/app';
import { ConfigError, loadConfig, type Config } from './config/config';
import { isUnavailableError } from './core/errors';
import { createKeyward, type Keyward } from './server/keyward';

/** In-flight requests get this long after SIGTERM/SIGINT before the process gives up and exits 1. */
const SHUTDOWN_TIMEOUT_MS = 25_000;

/** Exit status for an invalid configuration (sysexits EX_CONFIG). */
export const EXIT_CONFIG = 78;

/**
 * Printed once to stderr, never through the logger: the generated password must not end up in the
 * JSON log pipeline on stdout, and stdout stays JSON lines only.
 */
function printAdminNotice(port: number, email: string, password: string | undefined, withConsole: boolean): void {
  const url = `http://localhost:${port}/graphql`;
  const lines = [
    'Keyward created tenant "default" and its first administrator:',
    `  email:    ${email}`,
    password
      ? `  password: ${password}   (shown once; change it with: npx keyward reset-password --email ${email})`
      : '  password: the one in KEYWARD_BOOTSTRAP_PASSWORD',
    ...(withConsole ? [`Open the console at http://localhost:${port}/console and sign in with them, or`] : []),
    `Sign in at ${url} with: mutation { login(email: "${email}", password: "…") { token } }`,
    'then send the token as the header  Authorization: Bearer <token>',
  ];
  const width = Math.max(...lines.map((l) => l.length));
  process.stderr.write(`\n${'='.repeat(width)}\n${lines.join('\n')}\n${'='.repeat(width)}\n\n`);
}

/** One line on stderr, then exit: what an operator reads when the server cannot start. */
function fail(config: Config | undefined, message: string, error?: unknown, status = 1): never {
  process.stderr.write(`keyward: ${message}\n`);
  if (error instanceof Error && config && ['debug', 'trace'].includes(config.logLevel))
    process.stderr.write(`${error.stack}\n`);
  process.exit(status);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(undefined, `invalid configuration: ${error.message}`, error, EXIT_CONFIG);
    throw error;
  }

  let keyward: Keyward;
  try {
    keyward = await createKeyward(config);
  } catch (error) {
    fail(config, `cannot start: ${(error as Error).message}`, error);
  }
  const { app } = keyward;
  const { bootstrap } = keyward;

  try {
    await app.listen({ port: config.port, host: config.host, listenTextResolver: () => FASTIFY_LISTENING_TEXT });
  } catch (error) {
    // The admin was created already: show its password even though the server cannot listen.
    if (bootstrap.created) printAdminNotice(config.port, bootstrap.email!, bootstrap.generatedPassword, config.console);
    await keyward.close().catch(() => undefined);
    fail(config, `cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`, error);
  }
  keyward.startBackgroundWork();
  const port = (app.server.address() as AddressInfo).port;
  if (bootstrap.created) printAdminNotice(port, bootstrap.email!, bootstrap.generatedPassword, config.console);
  const url = `http://localhost:${port}/graphql`;
  app.log.info(
    { url, port, docs: `http://localhost:${port}/docs` },
    `Keyward listening: GraphQL at ${url}${config.production ? '' : ' (Apollo Sandbox in your browser)'}, REST docs at http://localhost:${port}/docs`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error(`shutdown did not finish within ${SHUTDOWN_TIMEOUT_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    try {
      await keyward.close();
      app.log.info('shut down cleanly');
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => {
    // a dependency outage (database, Redis) must never take the server down: it recovers by itself
    if (isUnavailableError(reason)) {
      app.log.error({ err: reason }, 'unhandled promise rejection from an unavailable dependency; continuing');
      return;
    }
    app.log.fatal({ err: reason }, 'unhandled promise rejection; exiting');
    process.exit(1);
  });
}

main().catch((error: Error) => fail(undefined, `cannot start: ${error.message}`, error));
