// The pure parts of follow-up: the period before, the evidence's type by its bytes, its stored name
// and download header.
import { describe, expect, it } from 'vitest';
import { attachmentHeader, evidenceName, sniffEvidence } from '../../src/admin/follow-up/evidence.ts';
import { recentPeriods } from '../../src/admin/follow-up/periods.ts';
import { periodBefore } from '../../src/results/period.ts';
import { parsePeriod } from '../../src/results/period.ts';

describe('follow-up periods', () => {
  it.each([
    ['2026-Q1', '2025-Q4'],
    ['2026-Q3', '2026-Q2'],
    ['2026-S1', '2025-S2'],
    ['2026-S2', '2026-S1'],
    ['2026', '2025'],
  ])('the period before %s is %s', (code, before) => {
    expect(periodBefore(parsePeriod(code)!)).toEqual(parsePeriod(before));
  });

  it('offers the last eight triwulan, two semesters and two years', () => {
    expect(recentPeriods('2026-05-10')).toEqual(['2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3', '2025-Q2', '2025-Q1', '2024-Q4', '2024-Q3', '2026-S1', '2025-S2', '2026', '2025']);
  });
});

describe('follow-up evidence', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);

  it('knows a PDF, PNG or JPEG by its first bytes and nothing else', () => {
    expect(sniffEvidence(new TextEncoder().encode('%PDF-1.7'))?.type).toBe('application/pdf');
    expect(sniffEvidence(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))?.type).toBe('image/png');
    expect(sniffEvidence(bytes(0xff, 0xd8, 0xff, 0xdb))?.type).toBe('image/jpeg');
    expect(sniffEvidence(new TextEncoder().encode('<html>%PDF-'))).toBeUndefined();
    expect(sniffEvidence(bytes(0x89, 0x50, 0x4e, 0x47))).toBeUndefined();
    expect(sniffEvidence(bytes())).toBeUndefined();
  });

  it.each([
    ['C:\\fakepath\\Notulen Rapat.PDF', '.pdf', 'Notulen Rapat.pdf'],
    ['../../etc/passwd', '.pdf', 'passwd.pdf'],
    ['foto.jpeg', '.png', 'foto.png'],
    ['halaman.html', '.pdf', 'halaman.html.pdf'],
    ['ber\u0000kas\u202e.pdf', '.pdf', 'berkas.pdf'],
    ['', '.jpg', 'bukti.jpg'],
    ['x'.repeat(300), '.pdf', `${'x'.repeat(196)}.pdf`],
  ])('stores %j as %j', (uploaded, extension, stored) => {
    expect(evidenceName(uploaded, extension)).toBe(stored);
  });

  it('sends the name as an attachment, plain and in UTF-8', () => {
    expect(attachmentHeader('Laporan "TW 2" é.pdf')).toBe(`attachment; filename="Laporan _TW 2_ _.pdf"; filename*=UTF-8''Laporan%20%22TW%202%22%20%C3%A9.pdf`);
  });
});
