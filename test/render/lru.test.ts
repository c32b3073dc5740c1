import { describe, expect, it } from 'vitest';
import { LruCache } from '../../server/render/lru.ts';

describe('LruCache', () => {
  it('evicts the least recently used entries past its character budget', () => {
    const cache = new LruCache(12);
    cache.set('a', 'xxx'); // 4 chars
    cache.set('b', 'xxx'); // 8
    expect(cache.get('a')).toBe('xxx'); // a is now the most recent
    cache.set('c', 'xxx'); // 12
    cache.set('d', 'xxx'); // 16: b goes
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('xxx');
    expect(cache.chars).toBe(12);
  });

  it('replaces a key without counting it twice, and skips values bigger than the budget', () => {
    const cache = new LruCache(10);
    cache.set('k', 'aaaa');
    cache.set('k', 'bb');
    expect(cache.chars).toBe(3);
    cache.set('huge', 'x'.repeat(20));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('k')).toBe('bb');
    cache.clear();
    expect(cache.chars).toBe(0);
  });
});
