/** `npm run sandbox`: starts the sandbox portal (SANDBOX_PORT, SANDBOX_HOST, SANDBOX_RATE_LIMIT). */
import { CliConfigError, parseCliConfig } from './cli-config.js';
import { DEMO_TOKENS } from './seed.js';
import { createSandbox } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = parseCliConfig(process.env);
  } catch (e) {
    if (e instanceof CliConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const sandbox = createSandbox({ rateLimit: config.rateLimit });
  let url: string;
  try {
    url = await sandbox.listen(config.port, config.host);
  } catch (e) {
    // One line naming the variable to change, not Node's stack trace of the failed listen.
    const code = (e as NodeJS.ErrnoException).code ?? 'UNKNOWN';
    console.error(
      code === 'EADDRINUSE' || code === 'EACCES'
        ? `SANDBOX_PORT=${config.port}: cannot listen on it (${code}); choose another port`
        : `SANDBOX_HOST=${config.host}: cannot listen on it (${code}); use an address of this machine such as 127.0.0.1`,
    );
    process.exit(1);
  }
  if (config.portWasDefault) console.log(`SANDBOX_PORT not set: using the default port ${config.port}`);
  const rl = config.rateLimit === 'off' ? 'off' : `${config.rateLimit.burst} burst, ${config.rateLimit.perSecond}/s`;
  console.log(`Bitrix24 sandbox portal listening on ${url}`);
  console.log(`  REST:        ${url}/rest/{method}  (e.g. ${url}/rest/sonet_group.get?auth=${DEMO_TOKENS.user})`);
  console.log(`  rate limit:  ${rl}`);
  console.log('  demo tokens:');
  for (const [role, token] of Object.entries(DEMO_TOKENS)) console.log(`    ${role.padEnd(8)} ${token}`);
  console.log('  control:');
  console.log(`    GET    ${url}/sandbox/log`);
  console.log(`    POST   ${url}/sandbox/reset`);
  console.log(`    GET|POST|DELETE ${url}/sandbox/faults`);

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing the sandbox`);
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
