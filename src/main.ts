import { ConfigError, loadConfig, type Config } from './config';
import { createKeyward } from './keyward';

const SHUTDOWN_TIMEOUT_MS = 25_000;

function printAdminNotice(config: Config, email: string, password: string | undefined): void {
  const url = `http://localhost:${config.port}/graphql`;
  const lines = [
    'Keyward created tenant "default" and its first administrator:',
    `  email:    ${email}`,
    password ? `  password: ${password}   (shown once; change it with: npx keyward reset-password --email ${email})` : '  password: the one in KEYWARD_BOOTSTRAP_PASSWORD',
    `Sign in at ${url} with: mutation { login(email: "${email}", password: "…") { token } }`,
    'then send the token as the header  Authorization: Bearer <token>',
  ];
  const width = Math.max(...lines.map((l) => l.length));
  process.stdout.write(`\n${'='.repeat(width)}\n${lines.join('\n')}\n${'='.repeat(width)}\n\n`);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`keyward: invalid configuration: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  let keyward;
  try {
    keyward = await createKeyward(config);
  } catch (error) {
    process.stderr.write(`keyward: cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const { app } = keyward;
  if (keyward.bootstrap.created) printAdminNotice(config, keyward.bootstrap.email!, keyward.bootstrap.generatedPassword);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error('shutdown timed out; exiting');
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

  await app.listen({ port: config.port, host: config.host });
  const sandbox = config.production ? '' : ' (Apollo Sandbox in your browser)';
  app.log.info(`Keyward listening: GraphQL at http://localhost:${config.port}/graphql${sandbox}`);
}

void main();
