/**
 * Builds the reference app and serves it with vite's own preview server, which also proxies the app's /graphql to
 * the gateway: the browser sees one origin, so no CORS configuration is needed and SSE subscriptions pass through.
 * Used by `npm run web` (serve.ts) and by the browser tests (test/e2e/web/).
 */
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';

const CONFIG_FILE = fileURLToPath(new URL('./vite.config.ts', import.meta.url));

export interface WebAppBuildOptions {
  quiet?: boolean;
  /**
   * Build the app to send its operations by hash, for a gateway with TRUSTED_DOCUMENTS=1 (VITE_TRUSTED_DOCUMENTS=1,
   * examples/web/src/client.ts). Default: whatever VITE_TRUSTED_DOCUMENTS says in the environment.
   */
  trustedDocuments?: boolean;
  /** Where the build goes, relative to examples/web; default dist. Two builds served at once need two places. */
  outDir?: string;
}

/** `vite build` of examples/web into examples/web/dist; vite prints each file's size (and gzip size) unless silent. */
export async function buildWebApp(options: WebAppBuildOptions = {}): Promise<void> {
  await build({
    configFile: CONFIG_FILE,
    logLevel: options.quiet ? 'warn' : 'info',
    ...(options.outDir === undefined ? {} : { build: { outDir: options.outDir, emptyOutDir: true } }),
    ...(options.trustedDocuments === undefined
      ? {}
      : { define: { 'import.meta.env.VITE_TRUSTED_DOCUMENTS': JSON.stringify(options.trustedDocuments ? '1' : '0') } }),
  });
}

export interface WebAppServer {
  /** The app's address, e.g. http://127.0.0.1:5173/ */
  url: string;
  close(): Promise<void>;
}

export interface WebAppOptions {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql */
  graphqlUrl: string;
  port: number;
  /** The build to serve, relative to examples/web (as given to buildWebApp); default dist. */
  outDir?: string;
}

/**
 * Serves examples/web/dist or `outDir` (build it first) on 127.0.0.1:`port` (0: any free port), with /graphql proxied
 * to the gateway.
 */
export async function serveWebApp(options: WebAppOptions): Promise<WebAppServer> {
  const target = new URL(options.graphqlUrl);
  const host = '127.0.0.1';
  const server: PreviewServer = await preview({
    configFile: CONFIG_FILE,
    logLevel: 'warn',
    ...(options.outDir === undefined ? {} : { build: { outDir: options.outDir } }),
    preview: {
      port: options.port,
      strictPort: true,
      host,
      open: false,
      proxy: {
        // The app calls /graphql on its own origin; the gateway may use another GRAPHQL_PATH.
        '^/graphql(\\?.*)?$': { target: target.origin, rewrite: (path) => path.replace(/^\/graphql/, target.pathname) },
      },
    },
  });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('vite preview did not report a TCP address');
  return { url: `http://${host}:${address.port}/`, close: () => server.close() };
}
