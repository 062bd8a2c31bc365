/**
 * The listener: `npm start`. Without BITRIX24_PORTAL_URL it starts the embedded sandbox portal in-process and says
 * so loudly, so that `npm ci && npm start` works on a fresh machine with no portal at all.
 *
 * Start-up fails with one line per problem on stderr and exit code 1, never a stack trace: the reader is an operator
 * looking at a crash-looping container. A stop (SIGTERM, SIGINT) ends the process within SHUTDOWN_TIMEOUT_MS
 * (plus a short grace for the last log line), whatever happens to its log destination.
 */
import { createServer } from 'node:http';
import { ConfigError, loadConfig } from './config.js';
import { displayUrl, listen, ListenError, listenErrorMessage } from './listen.js';
import type { Sandbox } from './sandbox/index.js';

/** The longest the last log lines may take to leave once everything else has stopped. */
const LOG_FLUSH_GRACE_MS = 1_000;

function parsePort(raw: string | undefined, variable: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) {
    throw new ConfigError(`${variable} must be a port number from 0 to 65535; received "${raw}"`);
  }
  return port;
}

/** `[::1]` is how an IPv6 address is written in a URL; `listen` wants it bare. */
function parseHost(raw: string | undefined): string {
  const host = (raw ?? '').trim();
  return host === '' ? '0.0.0.0' : host.replace(/^\[(.*)\]$/, '$1');
}

async function main(): Promise<void> {
  // A reader of stdout that goes away (a restarting log collector, a parent that died) makes the next console write
  // fail with EPIPE; unhandled, that error would kill a gateway that is serving requests. Its lines are lost
  // either way: keep serving, and stop when told to.
  process.stdout.on('error', () => undefined);
  const env = process.env;
  const port = parsePort(env.PORT, 'PORT', 4000);
  const host = parseHost(env.HOST);
  const sandboxPort = parsePort(env.SANDBOX_PORT, 'SANDBOX_PORT', 0);
  if (!env.BITRIX24_PORTAL_URL && env.NODE_ENV === 'production') {
    // Serving demo data from a production deployment would be a silent misconfiguration: refuse instead.
    throw new ConfigError('BITRIX24_PORTAL_URL must be set when NODE_ENV=production (without it the gateway would serve the demo sandbox)');
  }
  // Everything is validated before anything starts: a bad variable never leaves a sandbox half started. The
  // embedded sandbox's URL is known only once it listens, so a loopback placeholder stands in for it until then.
  let config = loadConfig(env, { portalUrl: 'http://127.0.0.1' });
  // The GraphQL stack and the sandbox load only now, once the configuration holds: a bad variable is reported in
  // a moment rather than after seconds of module loading.
  const [{ createLogger, createStdoutDestination }, { createSandbox, DEMO_TOKENS }, { createGateway }] = await Promise.all([
    import('./logger.js'),
    import('./sandbox/index.js'),
    import('./http/gateway.js'),
  ]);
  let sandbox: Sandbox | undefined;
  if (!env.BITRIX24_PORTAL_URL) {
    sandbox = createSandbox();
    try {
      config = { ...config, portalUrl: new URL(await sandbox.listen(sandboxPort, '127.0.0.1')) };
    } catch (error) {
      // The embedded sandbox always listens on loopback: only its port is the operator's choice.
      throw new ListenError(listenErrorMessage(error, { port: sandboxPort, host: '127.0.0.1', portVariable: 'SANDBOX_PORT' }));
    }
  }
  const destination = createStdoutDestination();
  const logger = createLogger({ level: config.logLevel, destination });
  const gateway = createGateway(config, {
    logger,
    graphiqlDefaultToken: sandbox ? DEMO_TOKENS.user : undefined,
    graphiqlDemoTokens: sandbox ? Object.values(DEMO_TOKENS) : undefined,
  });
  const server = createServer(gateway.listener);
  let address;
  try {
    address = await listen(server, { port, host, portVariable: 'PORT', hostVariable: 'HOST' });
  } catch (error) {
    await gateway.close();
    await sandbox?.close();
    throw error;
  }
  // Signals are handled before the endpoint is announced: whoever reads the announcement may stop us at once.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    const deadlineMs = config.shutdownTimeoutMs;
    logger.info({ signal, deadlineMs }, 'shutting down: no new connections, finishing in-flight requests');
    gateway.beginShutdown();
    const force = setTimeout(() => {
      logger.warn({ deadlineMs }, 'shutdown deadline passed; closing remaining connections');
      server.closeAllConnections();
    }, deadlineMs);
    force.unref();
    // The last resort: should closing the gateway or the sandbox itself hang, the process still ends.
    const backstop = setTimeout(() => process.exit(1), deadlineMs + LOG_FLUSH_GRACE_MS);
    backstop.unref();
    // A keep-alive connection becomes idle when its in-flight response is done; close it then, rather than
    // waiting out the keep-alive timeout before the process may exit.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    sweep.unref();
    server.close(() => {
      void (async () => {
        clearInterval(sweep);
        let code = 0;
        try {
          await gateway.close();
          await sandbox?.close();
        } catch (error) {
          code = 1;
          logger.error({ err: error }, 'shutdown failed while closing');
        }
        clearTimeout(force);
        logger.info('stopped');
        await destination.close(LOG_FLUSH_GRACE_MS);
        process.exit(code);
      })();
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const url = displayUrl(host, address.port, config.graphqlPath);

  if (sandbox) {
    const banner = [
      '',
      '============================================================================',
      '  EMBEDDED SANDBOX PORTAL: BITRIX24_PORTAL_URL is not set, so this gateway',
      '  talks to a fake Bitrix24 portal with demo data, not to a real one.',
      `  Sandbox:  ${sandbox.url}   (request log: ${sandbox.url}/sandbox/log)`,
      `  Tokens:   ${Object.values(DEMO_TOKENS).join(', ')}`,
      `  Reset the demo data (e.g. to join a group again): curl -X POST ${sandbox.url}/sandbox/reset`,
      '============================================================================',
      '',
    ];
    console.log(banner.join('\n'));
  }
  console.log(`Portal: ${config.portalUrl.origin}${sandbox ? ' (embedded sandbox)' : ''}`);
  console.log(`GraphQL endpoint: ${url}${config.graphiql ? ` (GraphiQL: open it in a browser)` : ''}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    // One line per problem, each naming its variable.
    for (const line of error.message.split('\n')) console.error(`Configuration error: ${line}`);
  } else if (error instanceof ListenError) {
    console.error(`Cannot start: ${error.message}`);
  } else {
    console.error(`Failed to start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
