import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultTexts, paramFields, paramsOf } from './param-fields.ts';
import { getStrategy, STRATEGIES } from './strategies/index.ts';

const fieldsOf = (kind: string) => paramFields(z.toJSONSchema(STRATEGIES.find((s) => s.kind === kind)!.params, { io: 'input' }) as object);

describe('paramFields: a strategy schema as form fields', () => {
  it('reads every parameter of the catalogue with its type, bounds and default', () => {
    expect(fieldsOf('bounded-load')).toEqual([
      { name: 'epsilon', type: 'number', default: 0.25, exclusiveMinimum: 0, maximum: 10 },
      { name: 'rebalance', type: 'enum', default: 'consistent', options: ['consistent', 'minimal'] },
    ]);
    expect(fieldsOf('least-loaded')).toEqual([{ name: 'choices', type: 'integer', default: 2, minimum: 1, maximum: 1000 }]);
    expect(fieldsOf('zone-aware').map((f) => [f.name, f.default])).toEqual([
      ['overload', 1.25],
      ['latencySlackMs', 5],
    ]);
    expect(fieldsOf('rendezvous')).toEqual([]);
    // every parameter of every strategy gets a field, and its default is what the schema fills in
    for (const s of STRATEGIES) {
      const fields = fieldsOf(s.kind);
      expect(fields.map((f) => f.name), s.kind).toEqual(Object.keys(s.params.parse({}) as object));
      expect(paramsOf(fields, defaultTexts(fields)).params, s.kind).toEqual(s.params.parse({}));
    }
  });

  it('reads booleans and strings, and leaves shapes no field fits to the JSON box', () => {
    const schema = z.toJSONSchema(z.object({ on: z.boolean().default(true), label: z.string().optional(), list: z.array(z.number()) }), { io: 'input' }) as object;
    expect(paramFields(schema)).toEqual([
      { name: 'on', type: 'boolean', default: true },
      { name: 'label', type: 'string', default: null },
    ]);
  });
});

describe('paramsOf: the typed-in texts back into parameters', () => {
  const fields = [...fieldsOf('bounded-load'), ...fieldsOf('least-loaded')];

  it('gives numbers as numbers, and leaves an empty field to the default', () => {
    expect(paramsOf(fields, { epsilon: ' 0.5 ', rebalance: 'minimal', choices: '' })).toEqual({ params: { epsilon: 0.5, rebalance: 'minimal' }, problems: [] });
  });

  it('names each field that is wrong, with the bound it broke', () => {
    const out = paramsOf(fields, { epsilon: '0', rebalance: 'most', choices: '2.5' });
    expect(out.problems).toEqual([
      { field: 'epsilon', key: 'above', values: { min: 0 } },
      { field: 'rebalance', key: 'option', values: { options: 'consistent, minimal' } },
      { field: 'choices', key: 'integer' },
    ]);
    expect(out.params).toEqual({});
    expect(paramsOf(fields, { epsilon: 'x', choices: '1001' }).problems).toEqual([
      { field: 'epsilon', key: 'number' },
      { field: 'choices', key: 'max', values: { max: 1000 } },
    ]);
    expect(paramsOf(fields, { choices: '0' }).problems).toEqual([{ field: 'choices', key: 'min', values: { min: 1 } }]);
  });

  it('agrees with the strategy schema on what it accepts', () => {
    const bl = getStrategy('bounded-load').params;
    for (const epsilon of ['-1', '0', '0.01', '10', '10.5', 'abc']) {
      const out = paramsOf(fields.slice(0, 2), { epsilon });
      expect(out.problems.length === 0, epsilon).toBe(bl.safeParse({ epsilon: Number(epsilon) }).success);
    }
  });
});
