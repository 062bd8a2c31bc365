import type { Bitrix24Session } from '../bitrix24/index.js';
import type { ChangeSink } from './changes.js';
import type { Loaders } from './loaders.js';

/** What every use case gets: the caller's session, the caller's loaders, and where to report what changed. */
export interface WorkgroupContext {
  /** The caller's session; throws (UNAUTHENTICATED upstairs) when the caller sent no token, before any call. */
  session(): Bitrix24Session;
  readonly loaders: Loaders;
  readonly changes: ChangeSink;
  /** BITRIX24_D7_API: the D7 controller `socialnetwork.api.*` may be called (docs/lifecycle.md). */
  readonly d7Api: boolean;
}
