/** Builds the app once for all browser test files (each file then serves the same build on its own port). */
import { buildWebApp } from '../../../examples/web/app-server.js';

export default async function setup(): Promise<void> {
  await buildWebApp({ quiet: true });
}
