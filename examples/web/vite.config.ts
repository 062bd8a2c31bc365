import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app talks to the gateway at VITE_GRAPHQL_URL (default: /graphql on its own origin). `npm run web` serves the
// built app with vite's preview server and proxies /graphql to the gateway, so the browser sees one origin (no CORS).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
});
