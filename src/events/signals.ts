/**
 * A group signal: "group N changed", from Bitrix24 (an event says only which group) or from the gateway's own use
 * cases (which also say whose relation changed). It carries ids only: every subscriber re-reads as itself.
 */
export type SignalKind = 'ADD' | 'UPDATE' | 'DELETE';

export interface GroupSignal {
  groupId: number;
  kind: SignalKind;
  origin: 'bitrix24' | 'gateway';
  /** The portal's origin (group ids are per portal); undefined = the gateway's configured portal. */
  portal?: string;
  /** Users whose relation to the group changed, when the gateway made the change (Bitrix24 never says). */
  userIds?: number[];
}

export const BITRIX24_GROUP_EVENTS = {
  ONSONETGROUPADD: 'ADD',
  ONSONETGROUPUPDATE: 'UPDATE',
  ONSONETGROUPDELETE: 'DELETE',
} as const satisfies Record<string, SignalKind>;

type Bitrix24GroupEvent = keyof typeof BITRIX24_GROUP_EVENTS;

export function isGroupEventName(name: string): name is Bitrix24GroupEvent {
  return Object.hasOwn(BITRIX24_GROUP_EVENTS, name);
}

/** A positive integer id from `data.FIELDS.ID` (a string on the wire online, an integer in the offline queue). */
export function groupIdOf(raw: unknown): number | undefined {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '';
  if (!/^[1-9]\d{0,15}$/.test(text)) return undefined;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : undefined;
}

/** The gateway's change kinds (the use cases' reports) → the signal kind. */
export function signalKindOfChange(kind: string): SignalKind {
  if (kind === 'GROUP_DELETED') return 'DELETE';
  if (kind === 'GROUP_CREATED') return 'ADD';
  return 'UPDATE';
}
