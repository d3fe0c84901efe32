// CSV cells of the audit export: RFC 4180 quoting, and no cell a spreadsheet would run as a formula.
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../src/reports/csv-write.ts';
import { detailLines, localTime } from '../../src/admin/audit-log/format.ts';

describe('audit CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['=1+1', "'=1+1"],
    ['+62 812', "'+62 812"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['a=b', 'a=b'],
    ['', ''],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('ends each line with CRLF', () => {
    expect(csvLine(['a', 'b,c', ''])).toBe('a,"b,c",\r\n');
  });

  it("reads the time in the instansi's zone", () => {
    const instant = new Date('2026-03-31T17:30:00Z');
    expect(localTime(instant, 'Asia/Jakarta')).toBe('2026-04-01 00:30:00 WIB');
    expect(localTime(instant, 'Asia/Makassar')).toBe('2026-04-01 01:30:00 WITA');
    expect(localTime(instant, 'Asia/Jayapura')).toBe('2026-04-01 02:30:00 WIT');
  });

  it('renders the detail as key: value lines', () => {
    expect(detailLines({ unit: 'dinkes', units: ['a', 'b'], n: 3, ok: false, none: null, nested: { a: 1 } })).toEqual(['unit: dinkes', 'units: a, b', 'n: 3', 'ok: false', 'none: —', 'nested: {"a":1}']);
  });
});
