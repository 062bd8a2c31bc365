/**
 * `npm run web`: the gateway on the embedded sandbox (or on BITRIX24_PORTAL_URL when set) plus the reference app,
 * built and served. PORT is the gateway's port (default 4000) and WEB_PORT the app's (default 5173); the app's URL is
 * printed last. Everything runs from node_modules: no network is needed after `npm ci`.
 */
import { createServer } from 'node:http';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createGateway } from '../../src/http/gateway.js';
import { listen, ListenError } from '../../src/listen.js';
import { createLogger } from '../../src/logger.js';
import { createSandbox, DEMO_TOKENS, type Sandbox } from '../../src/sandbox/index.js';
import { buildWebApp, serveWebApp } from './app-server.js';

function portOf(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(port) || port > 65_535) throw new ConfigError(`${variable} must be a port number from 0 to 65535; received "${raw}"`);
  return port;
}

async function main(): Promise<void> {
  const gatewayPort = portOf('PORT', 4000);
  const webPort = portOf('WEB_PORT', 5173);

  let sandbox: Sandbox | undefined;
  let portalUrl = process.env.BITRIX24_PORTAL_URL;
  if (!portalUrl) {
    sandbox = createSandbox();
    portalUrl = await sandbox.listen(0, '127.0.0.1');
  }
  const config = loadConfig({ ...process.env, BITRIX24_PORTAL_URL: portalUrl });
  // With TRUSTED_DOCUMENTS=1 the gateway runs only its manifest's operations, by hash: build the app to send hashes.
  await buildWebApp({ trustedDocuments: config.trustedDocuments });
  const gateway = createGateway(config, { logger: createLogger({ level: config.logLevel }) });
  const server = createServer(gateway.listener);
  // GraphQL over WebSocket for other clients; the app itself subscribes over SSE on the same path.
  gateway.attachWebSocket(server);
  const address = await listen(server, { port: gatewayPort, host: '127.0.0.1', portVariable: 'PORT' });
  const graphqlUrl = `http://127.0.0.1:${address.port}${config.graphqlPath}`;
  const web = await serveWebApp({ graphqlUrl, port: webPort }).catch((error: unknown) => {
    // vite says "Port N is already in use": name the variable to change, as the gateway's own listener does.
    throw /already in use/.test(String(error)) ? new ListenError(`WEB_PORT=${webPort}: the port is already in use on 127.0.0.1; choose another port`) : error;
  });

  console.log('');
  console.log(`Gateway:  ${graphqlUrl}`);
  console.log(`Portal:   ${sandbox ? `${portalUrl} (embedded sandbox: demo data, not a real portal)` : portalUrl}`);
  if (sandbox) console.log(`Tokens:   ${[DEMO_TOKENS.user, DEMO_TOKENS.user2, DEMO_TOKENS.admin].join(', ')}`);
  console.log(`Web app:  ${web.url}${sandbox ? `?token=${DEMO_TOKENS.user}` : ''}`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    gateway.beginShutdown();
    server.closeAllConnections();
    void Promise.all([web.close(), new Promise((resolve) => server.close(resolve))])
      .then(() => gateway.close())
      .then(() => sandbox?.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Configuration error:\n${error.message}`);
  else if (error instanceof ListenError) console.error(`Cannot listen: ${error.message}`);
  else console.error(`Failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
