import { loadConfig } from '../src/config.js';
import { createGateway } from '../src/server.js';
const g = createGateway(loadConfig({ BITRIX24_PORTAL_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'silent' }));
for (const p of ['/health', '/ready', '/metrics']) {
  const r = await g.yoga.fetch('http://x' + p);
  console.log(p, r.status, [...r.headers], (await r.text()).slice(0, 100));
}
await g.close();
export {};
