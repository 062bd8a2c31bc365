/** Live updates' public entry: what src/http/ and src/schema/ import. Free of GraphQL. */
export { createLiveUpdates, type LiveUpdates, type LiveUpdatesOptions, type ReportedChange } from './live-updates.js';
export { LiveHub, type GroupChangeEvent, type LiveCaller, type LiveRead, type LiveReader, type ViewerGroupsChangeEvent } from './live/hub.js';
export { LiveUpdateError, type LiveUpdateErrorCode } from './live/errors.js';
export { endWithErrorValue, type StreamItem } from './live/stream.js';
export type { GroupChangeKind } from './live/decide.js';
export type { GroupSignal, SignalKind } from './signals.js';
