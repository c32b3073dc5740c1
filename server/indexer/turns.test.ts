import { describe, expect, it } from 'vitest';
import { turnsOf } from './turns.ts';

const holdLoop = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('turnsOf', () => {
  it('lets waiting callbacks run once work has held the loop past a slice, and not before', async () => {
    const nextTurn = turnsOf(50);
    let ran = 0;
    setImmediate(() => ran++);
    expect(nextTurn()).toBeUndefined();
    holdLoop(55);
    await nextTurn();
    expect(ran).toBe(1);
    // A new slice starts after the turn.
    setImmediate(() => ran++);
    expect(nextTurn()).toBeUndefined();
    expect(ran).toBe(1);
  });
});
