// The version-aware shaping of a delivered server list.
import { describe, expect, it } from 'vitest';
import { repeatsFor, shapedFor, shapeList } from './shape.ts';

const A = '10.0.0.1:7700';
const B = '10.0.0.2:7700';
const C = '10.0.0.3:7700';
const servers = [
  { address: A, up: true },
  { address: B, up: false },
  { address: C, up: true },
];

describe('shapeList', () => {
  it('tells versions apart at 5.1.0, the first that shuffles', () => {
    expect(['4.3.9', '5.0.1-beta', '5.1.0', '5.1.1', '6.0.0', '', null, undefined].map(shapedFor)).toEqual(['ordered', 'ordered', 'shuffled', 'shuffled', 'shuffled', 'unknown', 'unknown', 'unknown']);
  });

  it('below 5.1 keeps the strategy order: every first claim goes to the first live server', () => {
    const { servers: list, delivery } = shapeList([B, C, A], servers, '4.3.9');
    expect(list).toEqual([B, C, A]);
    expect(delivery).toMatchObject({ shapedFor: 'ordered', orderKept: true, takesEffect: 'next-start', intended: C, firstClaim: { [C]: 1 }, repeats: 1 });
  });

  it('from 5.1 the order is lost to the shuffle: first claims spread evenly over the live members, down ones kept for later', () => {
    const { servers: list, delivery } = shapeList([C, A, B], servers, '5.1.1');
    expect(list).toEqual([C, A, B]); // a down server stays: the worker holds this list until it restarts
    expect(delivery).toMatchObject({ shapedFor: 'shuffled', orderKept: false, intended: C, firstClaim: { [C]: 0.5, [A]: 0.5 } });
    expect(delivery.forVersions).toContain('5.1.0 and later');
  });

  it('drops repeated entries (no weighting by repetition) and says nothing of first claims for an unknown version', () => {
    const { servers: list, delivery } = shapeList([A, A, C, A], servers, undefined);
    expect(list).toEqual([A, C]);
    expect(delivery).toMatchObject({ shapedFor: 'unknown', orderKept: true, firstClaim: null, intended: A });
  });

  it('with a repeat share, lists the intended server often enough for a 5.1+ worker’s shuffle to give it that share', () => {
    expect([repeatsFor(0, 3), repeatsFor(0.8, 1), repeatsFor(0.8, 2), repeatsFor(0.8, 3), repeatsFor(2 / 3, 3), repeatsFor(0.5, 10)]).toEqual([1, 1, 4, 8, 4, 9]);
    const { servers: list, delivery } = shapeList([C, A, B], servers, '5.1.1', { repeatShare: 0.8 });
    // two live servers: C 4 times, A once, 4/5 of the first claims to C (B is down: listed, never the first live entry)
    expect(list).toEqual([C, C, C, C, A, B]);
    expect(delivery).toMatchObject({ repeats: 4, intended: C, firstClaim: { [C]: 0.8, [A]: 0.2 } });
    // below 5.1 the order does it: no repetition
    expect(shapeList([C, A, B], servers, '4.3.9', { repeatShare: 0.8 })).toMatchObject({ servers: [C, A, B], delivery: { repeats: 1 } });
  });

  it('with no live server names none as intended', () => {
    expect(shapeList([B], servers, '5.1.1').delivery).toMatchObject({ intended: null, firstClaim: {} });
  });
});
