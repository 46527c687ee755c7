// The version-aware shaping of a delivered server list.
import { describe, expect, it } from 'vitest';
import { shapedFor, shapeList } from './shape.ts';

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
    expect(delivery).toMatchObject({ shapedFor: 'ordered', orderKept: true, takesEffect: 'next-start', intended: C, firstClaim: { [C]: 1 } });
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

  it('with no live server names none as intended', () => {
    expect(shapeList([B], servers, '5.1.1').delivery).toMatchObject({ intended: null, firstClaim: {} });
  });
});
