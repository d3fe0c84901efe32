import { describe, expect, it } from 'vitest';
import { localDate, parsePeriod, periodOf } from '../../src/results/period.ts';

describe('periods in the instansi time zone', () => {
  it('cuts days at local midnight in WIB, WITA and WIT', () => {
    const instant = new Date('2026-03-31T16:30:00Z'); // 23:30 WIB, 00:30 WITA, 01:30 WIT
    expect(localDate(instant, 'Asia/Jakarta')).toBe('2026-03-31');
    expect(localDate(instant, 'Asia/Makassar')).toBe('2026-04-01');
    expect(localDate(instant, 'Asia/Jayapura')).toBe('2026-04-01');
    // the same as the zone database says, across a year of hours
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3 * 3_600_000 + 17 * 60_000) {
      for (const zone of ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const) {
        expect(localDate(new Date(t), zone)).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(t)));
      }
    }
  });

  it('knows triwulan, semester and tahun', () => {
    expect(parsePeriod('2026-Q1')).toEqual({ code: '2026-Q1', kind: 'triwulan', from: '2026-01-01', to: '2026-03-31' });
    expect(parsePeriod('2028-Q1')!.to).toBe('2028-03-31');
    expect(parsePeriod('2026-S2')).toEqual({ code: '2026-S2', kind: 'semester', from: '2026-07-01', to: '2026-12-31' });
    expect(parsePeriod('2026')).toEqual({ code: '2026', kind: 'tahun', from: '2026-01-01', to: '2026-12-31' });
    expect(parsePeriod('2026-Q5')).toBeUndefined();
    expect(periodOf('2026-05-03', 'triwulan').code).toBe('2026-Q2');
    expect(periodOf('2026-07-01', 'semester').code).toBe('2026-S2');
  });
});
