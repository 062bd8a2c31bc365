/**
 * Graceful shutdown of the real process (src/main.ts): on SIGTERM it stops accepting connections, finishes the
 * request in flight, and exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;
let child: ChildProcess | undefined;
let output = '';

beforeAll(async () => {
  sandbox = createSandbox();
  await sandbox.listen(0, '127.0.0.1');
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await sandbox.close();
});

async function waitFor<T>(probe: () => T | undefined, what: string, attempts = 1_000): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const value = probe();
    if (value !== undefined) return value;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}; process output:\n${output}`);
}

describe('graceful shutdown', () => {
  it('finishes the request in flight, refuses new connections, and exits 0', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', BITRIX24_PORTAL_URL: sandbox.url, LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '10000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    const endpoint = await waitFor(() => /GraphQL endpoint: (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(output)?.[1], 'the endpoint line');

    // The upstream answers this one slowly, so it is still in flight when the signal arrives.
    sandbox.faults.enqueue({ kind: 'latency', latencyMs: 700 });
    const inFlight = request(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-user' },
      body: JSON.stringify({ query: '{ group(id: "2") { id } }' }),
    });
    await waitFor(() => (sandbox.faults.state().queued.length === 0 ? true : undefined), 'the upstream call to start');

    child.kill('SIGTERM');
    await waitFor(() => (output.includes('shutting down') ? true : undefined), 'the shutdown log line');
    const refused = await request(endpoint, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).then(
      () => 'accepted',
      (error: { code?: string }) => error.code,
    );
    expect(refused).toBe('ECONNREFUSED');

    const response = await inFlight;
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ data: { group: { id: '2' } } });
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"stopped"');
  });
});

describe('start-up configuration errors', () => {
  it.each([
    [{ NODE_ENV: 'production' }, 'BITRIX24_PORTAL_URL must be set when NODE_ENV=production'],
    [{ BITRIX24_PORTAL_URL: 'http://portal.example.com' }, 'BITRIX24_PORTAL_URL must use https'],
    [{ BITRIX24_PORTAL_URL: 'https://portal.example.com', BITRIX24_RATE_LIMIT: 'fast' }, 'BITRIX24_RATE_LIMIT must be'],
    [{ PORT: 'eighty' }, 'PORT must be a port number'],
  ])('%o stops the start with a message naming the variable', async (env, message) => {
    const run = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, BITRIX24_PORTAL_URL: '', NODE_ENV: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    run.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    run.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => run.on('exit', resolve));
    expect(code).toBe(1);
    expect(text).toContain('Configuration error');
    expect(text).toContain(message);
  });
});
