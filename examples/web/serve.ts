/**
 * `npm run web`: the gateway on the embedded sandbox (or on BITRIX24_PORTAL_URL when set) plus the reference app,
 * built and served. PORT is the gateway's port (default 4000) and WEB_PORT the app's (default 5173); the app's URL is
 * printed last. Everything runs from node_modules: no network is needed after `npm ci`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createSandbox, DEMO_TOKENS, type Sandbox } from '../../src/sandbox/index.js';
import { createGateway } from '../../src/server.js';
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
  await buildWebApp();

  let sandbox: Sandbox | undefined;
  let portalUrl = process.env.BITRIX24_PORTAL_URL;
  if (!portalUrl) {
    sandbox = createSandbox();
    portalUrl = await sandbox.listen(0, '127.0.0.1');
  }
  const config = loadConfig({ ...process.env, BITRIX24_PORTAL_URL: portalUrl });
  const gateway = createGateway(config, { logger: createLogger({ level: config.logLevel }) });
  const server = createServer(gateway.yoga);
  await new Promise<void>((resolve) => server.listen(gatewayPort, '127.0.0.1', resolve));
  const graphqlUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${config.graphqlPath}`;
  const web = await serveWebApp({ graphqlUrl, port: webPort });

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
  console.error(error instanceof ConfigError ? `Configuration error:\n${error.message}` : `Failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
