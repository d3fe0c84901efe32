// Masking personal data in saran: NIK, phone numbers, e-mail addresses and names are hidden,
// ordinary numbers and words are left as written.
import { describe, expect, it } from 'vitest';
import { MASK, maskPersonalData } from '../../src/reports/mask.ts';

describe('maskPersonalData', () => {
  it.each([
    ['NIK saya 3201123456789012, tolong dicek', `NIK saya ${MASK.nik}, tolong dicek`],
    ['NIK: 3201 1234 5678 9012.', `NIK: ${MASK.nik}.`],
    ['nik 320112-345678-9012 ya', `nik ${MASK.nik} ya`],
    ['NIK 3201.1234.5678.9012', `NIK ${MASK.nik}`],
    ['NIK 32.01.12.010190.0001 dan 32 01 12 010190 0001', `NIK ${MASK.nik} dan ${MASK.nik}`],
    ['NIK 3201123456789012 antre 12 kali', `NIK ${MASK.nik} antre 12 kali`],
    ['kode 2024 3201123456789012', `kode 2024 ${MASK.nik}`],
    ['dua NIK 3201123456789012 3201123456789013', `dua NIK ${MASK.nik} ${MASK.nik}`],
  ])('masks the NIK in %j', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it.each([
    ['hubungi 081234567890', `hubungi ${MASK.phone}`],
    ['WA 0812-3456-7890 ya', `WA ${MASK.phone} ya`],
    ['telp 0812 3456 7890', `telp ${MASK.phone}`],
    ['HP: 0812.3456.789', `HP: ${MASK.phone}`],
    ['+62 812 3456 7890 atau +62-812-3456-7890', `${MASK.phone} atau ${MASK.phone}`],
    ['+6281234567890', MASK.phone],
    ['62 812 3456 7890', MASK.phone],
    ['6281234567890.', `${MASK.phone}.`],
    ['kantor +62 21 1234 5678', `kantor ${MASK.phone}`],
    ['(0812) 3456-7890', MASK.phone],
  ])('masks the phone number in %j', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it.each([
    ['kirim ke budi.santoso@gmail.com ya', `kirim ke ${MASK.email} ya`],
    ['Email: siti_n+skm@dinkes.kab-uji.go.id.', `Email: ${MASK.email}.`],
    ['a@b.id dan C.D@E.CO.ID', `${MASK.email} dan ${MASK.email}`],
  ])('masks the e-mail address in %j', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it.each([
    ['Nama saya Budi Santoso, saya kecewa', `Nama saya ${MASK.name}, saya kecewa`],
    ['nama saya: Siti', `nama saya: ${MASK.name}`],
    ['NAMA SAYA adalah Ahmad Yani Putra Lubis', `NAMA SAYA adalah ${MASK.name} Lubis`],
    ['nama saya M. Yusuf Hakim dari desa', `nama saya ${MASK.name} dari desa`],
    ['Saya bernama Siti. Saya senang', `Saya bernama ${MASK.name}. Saya senang`],
    ['My name is John Smith and I waited', `My name is ${MASK.name} and I waited`],
    ['my name is O’Brien', `my name is ${MASK.name}`],
    ['Nama saya Ni Made Ayu', `Nama saya ${MASK.name}`],
  ])('masks the name in %j', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it('masks everything in one text', () => {
    expect(maskPersonalData('Nama saya Budi, NIK 3201123456789012, HP 081234567890, email budi@mail.com')).toBe(
      `Nama saya ${MASK.name}, NIK ${MASK.nik}, HP ${MASK.phone}, email ${MASK.email}`,
    );
  });

  it.each([
    'Antre 3 jam, padahal hanya perlu 10 menit.',
    'Biaya Rp 50.000, seharusnya gratis. Ada yang bayar Rp 1.500.000!',
    'Buka 08.00-16.00 WIB, tapi loket tutup jam 14.00.',
    'Tanggal 12-08-2024 dan 08/09/2025 saya datang.',
    'Nomor antrean 0812, loket 3, tahun 2025, ruang 101.',
    'Jam 08 09 10 11 ramai sekali.',
    'NIK belum jadi setelah 2 minggu; sudah 3 kali datang.',
    'nama saya tidak dipanggil-panggil',
    'Saya bernama samaran saja',
    'Nilai 4/4, 100%, 3,5 dari 4.',
    'No. registrasi 123456789012345 (15 digit) dan 12345678901234567 (17 digit).',
    'Pelayanan sangat baik, terima kasih!',
    '',
  ])('leaves %j as written', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  it('does not touch markup (escaping is the page’s job) and is the same however often applied', () => {
    const text = '<script>alert("0812-3456-7890")</script>';
    const once = maskPersonalData(text);
    expect(once).toBe(`<script>alert("${MASK.phone}")</script>`);
    expect(maskPersonalData(once)).toBe(once);
  });
});
