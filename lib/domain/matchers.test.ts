import { describe, expect, it } from 'vitest';
import { formatMatchers, matcherHolds, parseMatcher, parseMatchers, silenceMatchersProblem, splitMatchers, type LabelMatcher } from './matchers.ts';
import { silenceBody } from './silences.ts';

const ok = (text: string): LabelMatcher[] => {
  const r = parseMatchers(text);
  if (!r.ok) throw new Error(`${text}: ${JSON.stringify(r.errors)}`);
  return r.matchers;
};
const err = (text: string) => {
  const r = parseMatchers(text);
  if (r.ok) throw new Error(`${text} parsed as ${JSON.stringify(r.matchers)}`);
  return r.errors;
};
const m = (name: string, op: LabelMatcher['op'], value: string): LabelMatcher => ({ name, op, value });

// The inputs and results of Alertmanager's own parser tests (pkg/labels/parse_test.go) and the
// examples in its ParseMatchers documentation.
describe('Alertmanager matcher grammar', () => {
  it.each<[string, LabelMatcher[]]>([
    ['{foo="bar"}', [m('foo', '=', 'bar')]],
    ['{foo=~"bar.*"}', [m('foo', '=~', 'bar.*')]],
    ['{foo!="bar"}', [m('foo', '!=', 'bar')]],
    ['{foo!~"bar.*"}', [m('foo', '!~', 'bar.*')]],
    ['{foo="bar", baz!="quux"}', [m('foo', '=', 'bar'), m('baz', '!=', 'quux')]],
    ['{foo="bar", baz!~"quux.*"}', [m('foo', '=', 'bar'), m('baz', '!~', 'quux.*')]],
    ['{foo="bar",baz!~".*quux", derp="wat"}', [m('foo', '=', 'bar'), m('baz', '!~', '.*quux'), m('derp', '=', 'wat')]],
    ['{foo="bar", instance=~"some-api.*"}', [m('foo', '=', 'bar'), m('instance', '=~', 'some-api.*')]],
    ['{foo=""}', [m('foo', '=', '')]],
    ['{foo="bar,quux", job="job1"}', [m('foo', '=', 'bar,quux'), m('job', '=', 'job1')]],
    ['{foo = "bar", dings != "bums", }', [m('foo', '=', 'bar'), m('dings', '!=', 'bums')]],
    ['foo=bar,dings!=bums', [m('foo', '=', 'bar'), m('dings', '!=', 'bums')]],
    ['foo=bar, dings!=bums', [m('foo', '=', 'bar'), m('dings', '!=', 'bums')]],
    ['{quote="She said: \\"Hi, ladies! That\'s gender-neutral…\\""}', [m('quote', '=', 'She said: "Hi, ladies! That\'s gender-neutral…"')]],
    ['statuscode=~"5.."', [m('statuscode', '=~', '5..')]],
    ['tricky=~~~', [m('tricky', '=~', '~~')]],
    ['trickier==\\\\=\\=\\"', [m('trickier', '=', '=\\=\\="')]],
    ['contains_quote != "\\"" , contains_comma !~ "foo,bar" , ', [m('contains_quote', '!=', '"'), m('contains_comma', '!~', 'foo,bar')]],
  ])('%s', (input, want) => {
    expect(ok(input)).toEqual(want);
  });

  it.each([
    ['job=', 'the value is missing'],
    ['job="value', 'never closed'],
    ['job=value"', 'not escaped'],
    ['trickier==\\\\=\\=\\""', 'not escaped'],
    ['contains_unescaped_quote = foo"bar', 'not escaped'],
    ['{invalid-name = "valid label"}', 'is not a label name'],
    ['{foo=~"invalid[regexp"}', 'not a valid regular expression'],
    // double-escaped strings (a JSON string pasted as is)
    ['"{foo=\\"bar"}', 'is not a label name'],
    ['"foo=\\"bar"', 'is not a label name'],
    ['"foo=\\"bar\\""', 'is not a label name'],
    ['"{foo=\\"bar\\"}"', 'is not a label name'],
    ['"foo="bar""', 'is not a label name'],
  ])('refuses %s', (input, message) => {
    const errors = err(input);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(message);
  });

  it('the quoted silence of the bug report: the quotes delimit the value, they are not part of it', () => {
    expect(ok('alertname="apps skew"')).toEqual([m('alertname', '=', 'apps skew')]);
    expect(matcherHolds(ok('alertname="apps skew"')[0]!, { alertname: 'apps skew' })).toBe(true);
    expect(ok('alertname=apps skew')).toEqual([m('alertname', '=', 'apps skew')]);
  });

  it('escapes: \\n is a line feed, \\\\ a backslash, a backslash before anything else stays (regular expressions)', () => {
    expect(ok('a="x\\ny"')[0]!.value).toBe('x\ny');
    expect(ok('a="x\\\\y"')[0]!.value).toBe('x\\y');
    expect(ok('server=~"10\\.0\\..*"')[0]).toEqual(m('server', '=~', '10\\.0\\..*'));
  });

  it('gives one error per matcher that does not parse, with its place in the list', () => {
    const errors = err('alertname="apps skew", bogus, server=~"(", severity=warning');
    expect(errors.map((e) => [e.index, e.text])).toEqual([
      [1, 'bogus'],
      [2, 'server=~"("'],
    ]);
    expect(errors[0]!.message).toContain('no operator');
  });

  it('refuses empty lists and empty items', () => {
    expect(err('')[0]!.message).toContain('no matchers');
    expect(err('{}')[0]!.message).toContain('no matchers');
    expect(err('a=b,,c=d')[0]).toMatchObject({ index: 1, message: expect.stringContaining('empty matcher') });
    expect(parseMatcher('=x')).toMatchObject({ ok: false, message: expect.stringContaining('label name is missing') });
  });

  it('splits at commas outside quotes only', () => {
    expect(splitMatchers('{a="1,2", b="x\\",y"}')).toEqual(['a="1,2"', 'b="x\\",y"']);
  });

  it('formats back to a text that parses to the same matchers', () => {
    const ms = [m('a', '=', 'say "hi"\\ok'), m('b', '=~', 'x.*'), m('c', '!=', 'line\nfeed')];
    expect(ok(formatMatchers(ms))).toEqual(ms);
  });

  it('a silence must have a matcher that needs a value', () => {
    expect(silenceMatchersProblem(ok('foo=~".*"'))).toContain('every alert');
    expect(silenceMatchersProblem(ok('foo!="bar"'))).toContain('every alert');
    expect(silenceMatchersProblem(ok('foo=~".*", alertname="x"'))).toBeNull();
  });
});

describe('silence bodies', () => {
  const base = { startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-02T00:00:00Z', comment: 'maintenance' };
  const issues = (matchers: unknown) => {
    const r = silenceBody.safeParse({ ...base, matchers });
    return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  };

  it('takes a text, a list of texts, or objects (literal values)', () => {
    expect(silenceBody.parse({ ...base, matchers: 'alertname="apps skew", severity=~"warn.*"' }).matchers).toEqual([m('alertname', '=', 'apps skew'), m('severity', '=~', 'warn.*')]);
    expect(silenceBody.parse({ ...base, matchers: ['alertname="apps skew"', 'server!=a:7700'] }).matchers).toEqual([m('alertname', '=', 'apps skew'), m('server', '!=', 'a:7700')]);
    expect(silenceBody.parse({ ...base, matchers: [{ name: 'alertname', value: 'x' }] }).matchers).toEqual([m('alertname', '=', 'x')]);
  });

  it('puts each error at its matcher', () => {
    expect(issues('alertname="apps skew", nonsense')).toEqual([{ path: 'matchers.1', message: expect.stringContaining('nonsense: no operator') }]);
    expect(issues(['a=b', 'c=~"["'])).toEqual([{ path: 'matchers.1', message: expect.stringContaining('regular expression') }]);
    expect(issues([{ name: 'a', op: '=~', value: '(' }])).toEqual([{ path: 'matchers.0', message: expect.stringContaining('regular expression') }]);
    expect(issues('')).toEqual([{ path: 'matchers.0', message: expect.stringContaining('no matchers') }]);
    expect(issues([])).toEqual([{ path: 'matchers', message: expect.stringContaining('no matchers') }]);
    expect(issues('foo=~".*"')).toEqual([{ path: 'matchers', message: expect.stringContaining('every alert') }]);
  });
});
