import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv.ts';

describe('csv', () => {
  it('quotes what needs quoting', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(-3)).toBe('-3');
  });
  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@cmd')).toBe("'@cmd");
    // TAB and CR, the full-width ＝ ＋ － ＠, and any of them after blanks
    expect(csvField('\t=1+1')).toBe("'\t=1+1");
    expect(csvField('\r=1+1')).toBe(`"'\r=1+1"`);
    for (const c of ['\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']) expect(csvField(`${c}SUM(A1)`), c).toBe(`'${c}SUM(A1)`);
    expect(csvField('  =1+1')).toBe("'  =1+1");
    expect(csvField('a=b')).toBe('a=b');
  });
  it('writes a header and one line per row', () => {
    expect(toCsv([{ header: 'n', value: (r: { n: number }) => r.n }], [{ n: 1 }, { n: 2 }])).toBe('n\r\n1\r\n2\r\n');
  });
});
