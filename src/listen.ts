/**
 * Listening on HOST:PORT, and saying in one line what went wrong when that fails. Node reports a taken port or a
 * host name that does not resolve as an `error` event with a stack trace; an operator needs the variable to change.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';

/** Where a listener was asked to listen, and the environment variables that chose it. */
export interface ListenTarget {
  port: number;
  host: string;
  portVariable: string;
  /** Unset when the host is fixed by the code rather than chosen by a variable. */
  hostVariable?: string;
}

export class ListenError extends Error {
  override readonly name = 'ListenError';
}

/** One line naming the variable to change and what would work, for the errno codes a listen can fail with. */
export function listenErrorMessage(error: unknown, target: ListenTarget): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'UNKNOWN';
  const { port, host, portVariable, hostVariable } = target;
  const hostSetting = hostVariable ? `${hostVariable}=${host}` : `host ${host}`;
  switch (code) {
    case 'EADDRINUSE':
      return `${portVariable}=${port}: the port is already in use on ${host}; stop the process that holds it or choose another port`;
    case 'EACCES':
      return `${portVariable}=${port}: permission denied on ${host} (ports below 1024 need privileges); choose a port from 1024 to 65535`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return `${hostSetting}: the name does not resolve to an address; use an address of this machine such as 0.0.0.0 (all IPv4 interfaces), :: (all interfaces), 127.0.0.1 or ::1`;
    case 'EADDRNOTAVAIL':
      return `${hostSetting}: not an address of this machine; use one of its addresses, or 0.0.0.0 / :: for all interfaces`;
    default:
      return `cannot listen on ${hostSetting}, ${portVariable}=${port} (${code})`;
  }
}

/** `server.listen` as a promise that rejects with a one-line ListenError instead of an unhandled `error` event. */
export function listen(server: Server, target: ListenTarget): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: unknown) => reject(new ListenError(listenErrorMessage(error, target)));
    server.once('error', onError);
    server.listen(target.port, target.host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * The URL to print for a listener: a wildcard address becomes `localhost` (it is not something to browse to), and an
 * IPv6 literal gets the brackets a URL needs (`http://[::1]:4000/graphql`).
 */
export function displayUrl(host: string, port: number, path: string): string {
  const wildcard = host === '' || host === '0.0.0.0' || host === '::' || host === '[::]';
  const bare = host.replace(/^\[|\]$/g, '');
  const shown = wildcard ? 'localhost' : isIP(bare) === 6 ? `[${bare}]` : host;
  return `http://${shown}:${port}${path}`;
}
