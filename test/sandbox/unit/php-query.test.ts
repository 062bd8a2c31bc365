import { describe, expect, it } from 'vitest';
import { encodeBitrixJson } from '../../../src/sandbox/json.js';
import { parsePhpQuery, phpIntval, phpIsTrue, phpUrlDecode, splitPhpKey } from '../../../src/sandbox/php-query.js';

describe('parsePhpQuery (PHP parse_str)', () => {
  it('nests brackets, appends [] and mixes explicit indexes', () => {
    expect(parsePhpQuery('FILTER[%NAME]=Pro&ID[]=5&ID[1]=6&ORDER[ID]=ASC')).toEqual({
      FILTER: { '%NAME': 'Pro' },
      ID: ['5', '6'],
      ORDER: { ID: 'ASC' },
    });
  });

  it('decodes keys before parsing brackets and + as space', () => {
    expect(parsePhpQuery('FILTER%5B%25NAME%5D=a+b%20c')).toEqual({ FILTER: { '%NAME': 'a b c' } });
  });

  it('deep nesting and appends after the highest integer key', () => {
    expect(parsePhpQuery('a[x][y][]=1&a[x][y][]=2&b[5]=x&b[]=y')).toEqual({
      a: { x: { y: ['1', '2'] } },
      b: { '5': 'x', '6': 'y' },
    });
  });

  it('keys not exactly 0..n-1 in order stay objects', () => {
    expect(parsePhpQuery('a[1]=x&a[0]=y')).toEqual({ a: { '1': 'x', '0': 'y' } });
    expect(Array.isArray(parsePhpQuery('a[1]=x&a[0]=y').a)).toBe(false);
    expect(Array.isArray(parsePhpQuery('a[0]=x&a[1]=y').a)).toBe(true);
  });

  it('later values win; a scalar is replaced by an array and back', () => {
    expect(parsePhpQuery('a=1&a=2')).toEqual({ a: '2' });
    expect(parsePhpQuery('a=1&a[b]=2')).toEqual({ a: { b: '2' } });
    expect(parsePhpQuery('a[b]=2&a=1')).toEqual({ a: '1' });
  });

  it('base-name quirks: dots and spaces become _, unmatched [ becomes _, text after ] ignored', () => {
    expect(parsePhpQuery('a.b=1&c d=2')).toEqual({ a_b: '1', c_d: '2' });
    expect(parsePhpQuery('a[b=1')).toEqual({ a_b: '1' });
    expect(parsePhpQuery('a[b]c=1')).toEqual({ a: { b: '1' } });
    expect(splitPhpKey('x[a][b')).toEqual({ base: 'x', path: ['a'] });
  });

  it('ignores empty names, empty parts, and keys without a value become ""', () => {
    expect(parsePhpQuery('&=1&[a]=2&flag&')).toEqual({ flag: '' });
  });

  it('accepts a leading ? and keeps UTF-8', () => {
    expect(parsePhpQuery('?NAME=%D0%9E%D1%82%D0%B4%D0%B5%D0%BB')).toEqual({ NAME: 'Отдел' });
    expect(phpUrlDecode('100%')).toBe('100%');
  });
});

describe('PHP casts', () => {
  it('(bool) like PHP', () => {
    for (const v of [undefined, null, false, 0, '0', '', [], {}]) expect(phpIsTrue(v)).toBe(false);
    for (const v of [true, 1, '1', 'false', 'N', ' ', [0], { a: 1 }]) expect(phpIsTrue(v)).toBe(true);
  });

  it('(int) like PHP', () => {
    expect(phpIntval('12abc')).toBe(12);
    expect(phpIntval(' -7')).toBe(-7);
    expect(phpIntval('abc')).toBe(0);
    expect(phpIntval(3.9)).toBe(3);
    expect(phpIntval(true)).toBe(1);
    expect(phpIntval(['x'])).toBe(1);
    expect(phpIntval(undefined)).toBe(0);
  });
});

describe('encodeBitrixJson', () => {
  it('hex-escapes <>&\'" and escapes slashes, keeps unicode raw', () => {
    expect(encodeBitrixJson({ a: `R&D <x> "q" it's a/b Ж` })).toBe(
      '{"a":"R\\u0026D \\u003Cx\\u003E \\u0022q\\u0022 it\\u0027s a\\/b Ж"}',
    );
  });

  it('does not break an escaped backslash before a closing quote', () => {
    const s = encodeBitrixJson({ a: 'back\\', b: '"' });
    expect(JSON.parse(s)).toEqual({ a: 'back\\', b: '"' });
    expect(s).toBe('{"a":"back\\\\","b":"\\u0022"}');
  });
});
