import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { displayUrl, listen, ListenError, listenErrorMessage } from '../../src/listen.js';

describe('displayUrl', () => {
  it.each([
    ['0.0.0.0', 4000, '/graphql', 'http://localhost:4000/graphql'],
    ['::', 4000, '/graphql', 'http://localhost:4000/graphql'],
    ['[::]', 4000, '/graphql', 'http://localhost:4000/graphql'],
    ['', 4000, '/graphql', 'http://localhost:4000/graphql'],
    ['127.0.0.1', 4000, '/graphql', 'http://127.0.0.1:4000/graphql'],
    ['::1', 4000, '/graphql', 'http://[::1]:4000/graphql'],
    ['[::1]', 4000, '/graphql', 'http://[::1]:4000/graphql'],
    ['fe80::1', 8080, '/api/graphql', 'http://[fe80::1]:8080/api/graphql'],
    ['gateway.internal', 4000, '/graphql', 'http://gateway.internal:4000/graphql'],
  ])('%j:%i%s → %s', (host, port, path, expected) => {
    expect(displayUrl(host, port, path)).toBe(expected);
    // Whatever it prints parses as a URL with that port.
    expect(new URL(expected).port).toBe(String(port));
  });
});

describe('listenErrorMessage', () => {
  const target = { port: 4000, host: 'not-a-host', portVariable: 'PORT', hostVariable: 'HOST' };
  it.each([
    ['EADDRINUSE', 'PORT=4000: the port is already in use on not-a-host; stop the process that holds it or choose another port'],
    ['EACCES', 'PORT=4000: permission denied on not-a-host (ports below 1024 need privileges); choose a port from 1024 to 65535'],
    ['ENOTFOUND', 'HOST=not-a-host: the name does not resolve to an address; use an address of this machine such as 0.0.0.0 (all IPv4 interfaces), :: (all interfaces), 127.0.0.1 or ::1'],
    ['EAI_AGAIN', 'HOST=not-a-host: the name does not resolve to an address; use an address of this machine such as 0.0.0.0 (all IPv4 interfaces), :: (all interfaces), 127.0.0.1 or ::1'],
    ['EADDRNOTAVAIL', 'HOST=not-a-host: not an address of this machine; use one of its addresses, or 0.0.0.0 / :: for all interfaces'],
    ['EWHATEVER', 'cannot listen on HOST=not-a-host, PORT=4000 (EWHATEVER)'],
  ])('%s → one line naming the variable', (code, message) => {
    const error = Object.assign(new Error(`listen ${code}`), { code });
    expect(listenErrorMessage(error, target)).toBe(message);
    expect(message).not.toContain('\n');
  });

  it('names the fixed host without a variable when none chose it', () => {
    expect(listenErrorMessage({ code: 'EADDRNOTAVAIL' }, { port: 0, host: '127.0.0.1', portVariable: 'SANDBOX_PORT' })).toBe(
      'host 127.0.0.1: not an address of this machine; use one of its addresses, or 0.0.0.0 / :: for all interfaces',
    );
  });
});

describe('listen', () => {
  it('rejects with a ListenError naming PORT when the port is taken, and leaves no listener behind', async () => {
    const holder = createTcpServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    const server = createServer();
    const failure = await listen(server, { port, host: '127.0.0.1', portVariable: 'PORT', hostVariable: 'HOST' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ListenError);
    expect((failure as Error).message).toBe(`PORT=${port}: the port is already in use on 127.0.0.1; stop the process that holds it or choose another port`);
    expect(server.listening).toBe(false);
    await new Promise<void>((resolve) => holder.close(() => resolve()));
  });

  it('resolves with the address it listens on', async () => {
    const server = createServer();
    const address = await listen(server, { port: 0, host: '127.0.0.1', portVariable: 'PORT' });
    expect(address.address).toBe('127.0.0.1');
    expect(address.port).toBeGreaterThan(0);
    expect(server.listenerCount('error')).toBe(0);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
