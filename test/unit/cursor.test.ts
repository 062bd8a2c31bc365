import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/schema/cursor.js';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

describe('cursor', () => {
  it.each([[0], [1], [49], [50], [123_456], [10_000_000]])('round-trips offset %i', (offset) => {
    const cursor = encodeCursor(offset);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('offset');
    expect(decodeCursor(cursor)).toBe(offset);
  });

  it('is the base64url of "offset:N"', () => {
    expect(encodeCursor(50)).toBe(b64('offset:50'));
    expect(decodeCursor(b64('offset:7'))).toBe(7);
  });

  it('gives different cursors for different offsets', () => {
    expect(new Set([0, 1, 2, 50, 51].map(encodeCursor)).size).toBe(5);
  });

  it.each([
    ['empty', ''],
    ['garbage text', 'hello world'],
    ['plain number', '50'],
    ['base64 with padding', Buffer.from('offset:5').toString('base64')],
    ['standard base64 alphabet (+ and /)', 'b2Zmc2V0+/'],
    ['non-base64url characters', 'b2Zmc2V0OjU.'],
    ['negative', b64('offset:-1')],
    ['above the maximum', b64('offset:10000001')],
    ['huge', b64(`offset:${'9'.repeat(30)}`)],
    ['leading zero', b64('offset:05')],
    ['fraction', b64('offset:1.5')],
    ['exponent', b64('offset:1e3')],
    ['hex', b64('offset:0x10')],
    ['trailing text', b64('offset:5abc')],
    ['whitespace', b64('offset: 5')],
    ['no digits', b64('offset:')],
    ['wrong prefix', b64('cursor:5')],
    ['upper-case prefix', b64('OFFSET:5')],
    ['missing colon', b64('offset5')],
    ['no prefix', b64('5')],
    ['Relay-style prefix', b64('arrayconnection:5')],
    ['longer than 64 characters', 'A'.repeat(65)],
    ['long prefix-valid cursor', b64(`offset:${'1'.repeat(60)}`)],
  ])('rejects %s', (_name, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});
