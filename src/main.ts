/**
 * The listener: `npm start`. Without BITRIX24_PORTAL_URL it starts the embedded sandbox portal in-process and says
 * so loudly, so that `npm ci && npm start` works on a fresh machine with no portal at all.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createSandbox, DEMO_TOKENS, type Sandbox } from './sandbox/index.js';
import { createGateway } from './server.js';

function parsePort(raw: string | undefined, variable: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(`${variable} must be a port number from 0 to 65535; received "${raw}"`);
  }
  return port;
}

async function main(): Promise<void> {
  const env = process.env;
  const port = parsePort(env.PORT, 'PORT', 4000);
  const host = env.HOST || '0.0.0.0';
  let sandbox: Sandbox | undefined;
  let defaults: { portalUrl?: string } = {};
  if (!env.BITRIX24_PORTAL_URL) {
    if (env.NODE_ENV === 'production') {
      // Serving demo data from a production deployment would be a silent misconfiguration: refuse instead.
      throw new ConfigError('BITRIX24_PORTAL_URL must be set when NODE_ENV=production (without it the gateway would serve the demo sandbox)');
    }
    sandbox = createSandbox();
    const sandboxUrl = await sandbox.listen(parsePort(env.SANDBOX_PORT, 'SANDBOX_PORT', 0), '127.0.0.1');
    defaults = { portalUrl: sandboxUrl };
  }
  const config = loadConfig(env, defaults);
  const logger = createLogger({ level: config.logLevel });
  const gateway = createGateway(config, { logger, graphiqlDefaultToken: sandbox ? DEMO_TOKENS.user : undefined });
  const server = createServer(gateway.yoga);
  gateway.attachWebSocket(server);
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const url = `http://${shownHost}:${address.port}${config.graphqlPath}`;

  if (sandbox) {
    const banner = [
      '',
      '============================================================================',
      '  EMBEDDED SANDBOX PORTAL: BITRIX24_PORTAL_URL is not set, so this gateway',
      '  talks to a fake Bitrix24 portal with demo data, not to a real one.',
      `  Sandbox:  ${sandbox.url}   (request log: ${sandbox.url}/sandbox/log)`,
      `  Tokens:   ${Object.values(DEMO_TOKENS).join(', ')}`,
      '============================================================================',
      '',
    ];
    console.log(banner.join('\n'));
  }
  console.log(`GraphQL endpoint: ${url}${config.graphiql ? ` (GraphiQL: open it in a browser)` : ''}`);
  console.log(`Portal: ${config.portalUrl.origin}${sandbox ? ' (embedded sandbox)' : ''}`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, deadlineMs: config.shutdownTimeoutMs }, 'shutting down: no new connections, finishing in-flight requests');
    gateway.beginShutdown();
    const force = setTimeout(() => {
      logger.warn({ deadlineMs: config.shutdownTimeoutMs }, 'shutdown deadline passed; closing remaining connections');
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    force.unref();
    // A keep-alive connection becomes idle when its in-flight response is done; close it then, rather than
    // waiting out the keep-alive timeout before the process may exit.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    sweep.unref();
    server.close(() => {
      void (async () => {
        clearInterval(sweep);
        await gateway.close();
        await sandbox?.close();
        clearTimeout(force);
        logger.info('stopped');
        process.exit(0);
      })();
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error:\n${error.message}`);
  } else {
    console.error('Failed to start:', error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
});
