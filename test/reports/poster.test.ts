import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';
import { PRIVACY_NOTE, posterPdf } from '../../src/reports/poster.ts';
import { formatValidUntil, slipsPdf } from '../../src/reports/slips.ts';
import { invitationUrl, newInvitationToken } from '../../src/survey/invitations.ts';
import { qrMatrix } from '../../src/survey/qr.ts';

const dir = mkdtempSync(join(tmpdir(), 'survei-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Page count and text of a PDF, read back with poppler's pdfinfo and pdftotext. */
function readPdf(pdf: Buffer, name = 'file.pdf') {
  const path = join(dir, name);
  writeFileSync(path, pdf);
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(info)![1]), pageSize: /^Page size:\s+(.*)$/m.exec(info)![1]!, info, text, flat: text.replace(/\s+/g, ' ') };
}

const poster = {
  url: 'https://survei.kab-contoh.go.id/s/abcd2345',
  instansiName: 'Pemerintah Kabupaten Contoh',
  unitName: 'Dinas Kependudukan dan Pencatatan Sipil',
  loketName: 'Loket 1 Perekaman KTP-el',
};

describe('the loket poster', () => {
  it('is one A4 page with the ask, whom it rates, the short URL and the privacy note', async () => {
    const pdf = await posterPdf(poster);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, pageSize, info, flat } = readPdf(pdf, 'poster.pdf');
    expect(pages).toBe(1);
    expect(pageSize).toContain('(A4)');
    expect(info).toMatch(/^Title:\s+Survei kepuasan - Dinas Kependudukan dan Pencatatan Sipil - Loket 1 Perekaman KTP-el$/m);
    for (const text of [
      'Bagaimana pelayanan kami?',
      'Pindai untuk mengisi survei',
      'How was our service? Scan to take the survey.',
      'PEMERINTAH KABUPATEN CONTOH',
      'Dinas Kependudukan dan Pencatatan Sipil',
      'Loket 1 Perekaman KTP-el',
      'survei.kab-contoh.go.id/s/abcd2345',
      PRIVACY_NOTE,
    ]) {
      expect(flat).toContain(text);
    }
  });

  it('keeps long names on the one page', async () => {
    const long = 'UPT Pusat Kesehatan Masyarakat Kecamatan Sukamaju Kabupaten Contoh Provinsi Jawa Barat Wilayah Selatan';
    const { pages, flat } = readPdf(await posterPdf({ ...poster, unitName: long, loketName: `Loket ${long}` }), 'long.pdf');
    expect(pages).toBe(1);
    expect(flat).toContain('UPT Pusat Kesehatan Masyarakat');
  });

  it('is the same file for the same input and time', async () => {
    const createdAt = new Date('2026-07-01T00:00:00Z');
    expect((await posterPdf({ ...poster, createdAt })).equals(await posterPdf({ ...poster, createdAt }))).toBe(true);
  });
});

describe('the QR drawn in the PDFs', () => {
  it('is the qrcode symbol (level M), as runs of dark modules', () => {
    const url = poster.url;
    const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const { size, runs } = qrMatrix(url);
    expect(size).toBe(modules.size);
    const drawn = new Uint8Array(size * size);
    for (const run of runs) for (let c = run.col; c < run.col + run.length; c++) drawn[run.row * size + c] = 1;
    expect(Array.from(drawn)).toEqual(Array.from(modules.data, (v) => (v ? 1 : 0)));
  });
});

describe('invitation slips', () => {
  const invitations = Array.from({ length: 11 }, () => ({
    url: invitationUrl('https://survei.kab-contoh.go.id', newInvitationToken()),
    expiresAt: new Date('2026-07-14T05:30:00Z'),
  }));

  it('puts 8 slips on a page, each with its own URL, validity and "Satu kali pakai"', async () => {
    const progress: number[] = [];
    const pdf = await slipsPdf({
      instansiName: 'Pemerintah Kabupaten Contoh',
      unitName: 'Dinas Kependudukan dan Pencatatan Sipil',
      loketName: 'Loket 1',
      timeZone: 'Asia/Jakarta',
      invitations,
      onProgress: (done) => progress.push(done),
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, text, flat } = readPdf(pdf, 'slips.pdf');
    expect(pages).toBe(2);
    expect(progress).toEqual([8, 11]);
    const count = (needle: string) => flat.split(needle).length - 1;
    expect(count('Satu kali pakai')).toBe(11);
    expect(count('Berlaku sampai 14 Juli 2026 pukul 12.30 WIB')).toBe(11);
    expect(count('Dinas Kependudukan dan Pencatatan Sipil')).toBe(11);
    expect(count('Loket: Loket 1')).toBe(11);
    // each slip's own URL: the host and path, then its token (on its own line when it does not fit)
    const compact = text.replace(/\s+/g, '');
    for (const { url } of invitations) expect(compact).toContain(url.replace('https://', ''));
  });

  it('writes the validity in the instansi\'s own zone', () => {
    const at = new Date('2026-01-31T17:05:00Z');
    expect(formatValidUntil(at, 'Asia/Jakarta')).toBe('1 Februari 2026 pukul 00.05 WIB');
    expect(formatValidUntil(at, 'Asia/Makassar')).toBe('1 Februari 2026 pukul 01.05 WITA');
    expect(formatValidUntil(at, 'Asia/Jayapura')).toBe('1 Februari 2026 pukul 02.05 WIT');
  });
});
