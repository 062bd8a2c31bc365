/**
 * Opaque offset cursors for the groups connection. Bitrix24 lists page by offset (`start`), so a cursor is the
 * offset of a row, base64url-encoded so clients treat it as opaque. Pure functions.
 */
const PREFIX = 'offset:';
/** Bitrix24 offsets beyond this are meaningless for any real portal, and it keeps arithmetic exact. */
const MAX_OFFSET = 10_000_000;

export function encodeCursor(offset: number): string {
  return Buffer.from(`${PREFIX}${offset}`, 'utf8').toString('base64url');
}

/** The offset a cursor points at, or null when it is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  if (cursor.length > 64 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(PREFIX)) return null;
  const digits = decoded.slice(PREFIX.length);
  if (!/^(0|[1-9]\d*)$/.test(digits)) return null;
  const offset = Number(digits);
  return offset <= MAX_OFFSET ? offset : null;
}
