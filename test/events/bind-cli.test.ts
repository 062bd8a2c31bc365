/** npm run events:bind as a real process against the sandbox portal. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, DEMO_TOKENS, type Sandbox } from '../../src/sandbox/index.js';

const run = promisify(execFile);
const HANDLER = 'http://127.0.0.1:4000/bitrix24/events';
let sandbox: Sandbox;

async function bind(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/events/bind-cli.ts', ...args], {
      env: { ...process.env, BITRIX24_PORTAL_URL: sandbox.url },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  sandbox = createSandbox();
  await sandbox.listen(0, '127.0.0.1');
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('npm run events:bind', () => {
  it('binds the three group events once (a second run finds them bound), never printing the token', async () => {
    const first = await bind('--token', DEMO_TOKENS.admin, '--handler', HANDLER);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('bound 3 event(s)');
    const second = await bind('--token', DEMO_TOKENS.admin, '--handler', HANDLER);
    expect(second.stdout).toContain('bound 0 event(s)');
    expect(sandbox.events.bindings().map((b) => b.event)).toEqual(['ONSONETGROUPADD', 'ONSONETGROUPUPDATE', 'ONSONETGROUPDELETE']);
    expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toContain(DEMO_TOKENS.admin);
    const binds = sandbox.requestLog().filter((entry) => entry.method === 'event.bind');
    expect(binds).toHaveLength(3);
  }, 60_000);

  it('binds the offline queue with --offline', async () => {
    const r = await bind('--token', DEMO_TOKENS.admin, '--offline');
    expect(r.code).toBe(0);
    expect(sandbox.events.bindings().every((b) => b.offline)).toBe(true);
  }, 60_000);

  it('fails with the portal refusal for a non-admin offline bind, without the token', async () => {
    const r = await bind('--token', DEMO_TOKENS.user, '--offline');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('events:bind failed');
    expect(r.stderr).not.toContain(DEMO_TOKENS.user + ' ');
    expect(sandbox.events.bindings()).toEqual([]);
  }, 60_000);

  it('prints the portal refusal without the token, even when its error_description echoes it', async () => {
    sandbox.faults.failSubCall({ method: 'event.get', error: 'INVALID_CREDENTIALS', errorDescription: `Invalid request credentials: ${DEMO_TOKENS.admin}`, status: 400 });
    const r = await bind('--token', DEMO_TOKENS.admin, '--offline');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('events:bind failed: Bitrix24 event.get: INVALID_CREDENTIALS');
    expect(r.stdout + r.stderr).not.toContain(DEMO_TOKENS.admin);
    sandbox.faults.clear();
  }, 60_000);

  it('refuses bad arguments before any call', async () => {
    const r = await bind('--handler', HANDLER);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--token is required');
    expect(sandbox.requestLog()).toEqual([]);
  }, 60_000);
});
