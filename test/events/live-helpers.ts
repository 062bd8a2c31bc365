/**
 * Live-update test helpers: subscription clients over real sockets (SSE in yoga's distinct-connections mode, and
 * graphql-ws over `ws`), and the Bitrix24 side (binding the gateway's intake at the sandbox).
 */
import { createClient, type Client } from 'graphql-ws';
import { request } from 'undici';
import WebSocket from 'ws';
import { createSandbox, DEMO_TOKENS, type Sandbox } from '../../src/sandbox/index.js';

export interface Message {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface LiveStream {
  /** The next message; rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<Message>;
  /** Resolves when the server completed the stream (after any error message). */
  readonly completed: Promise<void>;
  close(): Promise<void>;
}

/** The application token the sandbox puts in every event (deterministic per app). */
export const SANDBOX_APPLICATION_TOKEN = createSandbox().events.applicationToken();

class Inbox {
  private readonly items: Message[] = [];
  private waiters: ((m: Message) => void)[] = [];
  push(message: Message): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(message);
    else this.items.push(message);
  }
  next(timeoutMs: number): Promise<Message> {
    const item = this.items.shift();
    if (item) return Promise.resolve(item);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no live message within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (m: Message): void => {
        clearTimeout(timer);
        resolve(m);
      };
      this.waiters.push(waiter);
    });
  }
}

/** GraphQL over SSE: one POST with `accept: text/event-stream` per subscription. */
export async function subscribeSse(url: string, query: string, variables: Record<string, unknown>, token: string | null): Promise<LiveStream> {
  const controller = new AbortController();
  const response = await request(url, {
    method: 'POST',
    headers: {
      accept: 'text/event-stream',
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  const inbox = new Inbox();
  let markComplete!: () => void;
  const completed = new Promise<void>((resolve) => (markComplete = resolve));
  if (!(response.headers['content-type'] ?? '').toString().startsWith('text/event-stream')) {
    // A refusal before the stream starts: a single JSON result.
    const body = (await response.body.json()) as Message;
    inbox.push(body);
    markComplete();
    return { next: (t = 5000) => inbox.next(t), completed, close: async () => undefined };
  }
  void (async () => {
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += (chunk as Buffer).toString('utf8');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: ?(.*)$/m.exec(frame)?.[1];
          if (event === 'next' && data) inbox.push(JSON.parse(data) as Message);
          if (event === 'complete') markComplete();
        }
      }
    } catch {
      // aborted by close()
    }
    markComplete();
  })();
  return {
    next: (t = 5000) => inbox.next(t),
    completed,
    async close() {
      controller.abort();
    },
  };
}

/** One graphql-ws connection; `subscribe` opens an operation on it. */
export function connectWs(url: string, token: string | null): { client: Client; closed: Promise<{ code: number; reason: string }> } {
  let onClosed!: (e: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: token === null ? {} : { authorization: `Bearer ${token}` },
    on: {
      closed: (event) => {
        const e = event as { code?: number; reason?: string };
        onClosed({ code: e.code ?? 0, reason: e.reason ?? '' });
      },
    },
  });
  return { client, closed };
}

export function subscribeWs(client: Client, query: string, variables: Record<string, unknown>): LiveStream {
  const inbox = new Inbox();
  let markComplete!: () => void;
  const completed = new Promise<void>((resolve) => (markComplete = resolve));
  const dispose = client.subscribe(
    { query, variables },
    {
      next: (value) => inbox.push(value as Message),
      error: (error) => {
        inbox.push({ errors: Array.isArray(error) ? (error as Message['errors']) : [{ message: String((error as { reason?: string }).reason ?? error) }] });
        markComplete();
      },
      complete: () => markComplete(),
    },
  );
  return {
    next: (t = 5000) => inbox.next(t),
    completed,
    async close() {
      dispose();
    },
  };
}

/** event.bind at the sandbox, as an administrator would with `npm run events:bind`. */
export async function bindIntake(sandbox: Sandbox, handler: string): Promise<void> {
  for (const event of ['ONSONETGROUPADD', 'ONSONETGROUPUPDATE', 'ONSONETGROUPDELETE']) {
    const r = await restCall(sandbox, 'event.bind', { event, handler }, DEMO_TOKENS.admin);
    if (r.result !== true) throw new Error(`event.bind failed: ${JSON.stringify(r)}`);
  }
}

export async function bindOffline(sandbox: Sandbox): Promise<void> {
  for (const event of ['ONSONETGROUPADD', 'ONSONETGROUPUPDATE', 'ONSONETGROUPDELETE']) {
    const r = await restCall(sandbox, 'event.bind', { event, event_type: 'offline' }, DEMO_TOKENS.admin);
    if (r.result !== true) throw new Error(`event.bind failed: ${JSON.stringify(r)}`);
  }
}

/** A REST call straight at the sandbox portal (another client of the portal, not the gateway). */
export async function restCall(sandbox: Sandbox, method: string, params: Record<string, unknown>, token: string): Promise<Record<string, unknown>> {
  const r = await request(`${sandbox.url}/rest/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...params, auth: token }),
  });
  return (await r.body.json()) as Record<string, unknown>;
}

export const GROUP_CHANGED = /* GraphQL */ `
  subscription GroupChanged($ids: [ID!]!) {
    groupChanged(ids: $ids) { kind groupId group { id name memberCount } }
  }
`;

export const VIEWER_GROUPS_CHANGED = /* GraphQL */ `
  subscription ViewerGroupsChanged {
    viewerGroupsChanged { groupId group { id name } }
  }
`;
