import { describe, expect, it } from 'vitest';
import { BUILTIN_INSTRUMENTS_V1 } from '../../migrations/builtin-instruments-v1.ts';
import { builtinInstruments, resolveInstrument } from '../../src/instruments/builtin.ts';
import { parseInstrument } from '../../src/instruments/schema.ts';

// Transcribed from DOMAIN.md §2.1, §3.1 and §3.2 (the regulation's wording), independently of the
// migration data they check.
const SKM_TABLE: [string, string, string, string[]][] = [
  ["U1", "Persyaratan", "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?", ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]],
  ["U2", "Sistem, Mekanisme, dan Prosedur", "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?", ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"]],
  ["U3", "Waktu Penyelesaian", "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?", ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"]],
  ["U4", "Biaya/Tarif", "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?", ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"]],
  ["U5", "Produk Spesifikasi Jenis Pelayanan", "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?", ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]],
  ["U6", "Kompetensi Pelaksana", "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?", ["Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"]],
  ["U7", "Perilaku Pelaksana", "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?", ["Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"]],
  ["U8", "Penanganan Pengaduan, Saran dan Masukan", "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?", ["Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"]],
  ["U9", "Sarana dan Prasarana", "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?", ["Buruk", "Cukup", "Baik", "Sangat baik"]],
];
const IPAK_TABLE: [string, string, string][] = [
  ["A1", "Diskriminasi pelayanan", "Tidak ada diskriminasi pelayanan pada unit layanan ini."],
  ["A2", "Kecurangan pelayanan", "Tidak ada pelayanan di luar prosedur/kecurangan pelayanan pada unit layanan ini."],
  ["A3", "Imbalan/gratifikasi", "Tidak ada penerimaan imbalan uang/barang/fasilitas di luar ketentuan yang berlaku pada unit layanan ini."],
  ["A4", "Pungutan liar", "Tidak ada pungutan liar (pungli) pada unit layanan ini."],
  ["A5", "Percaloan", "Tidak ada percaloan/perantara tidak resmi pada unit layanan ini."],
];
/** [unsur code, unsur name, [item code, statement][]] */
const IPKP_TABLE: [string, string, [string, string][]][] = [
  ["P1", "Informasi pelayanan", [["P1", "Informasi pelayanan pada unit layanan ini tersedia melalui media elektronik maupun non elektronik."]]],
  ["P2", "Persyaratan", [["P2", "Persyaratan pelayanan yang ditetapkan mudah dipenuhi/disiapkan."]]],
  ["P3", "Sistem, mekanisme, dan prosedur", [["P3", "Prosedur/alur pelayanan yang ditetapkan mudah diikuti/dilakukan."]]],
  ["P4", "Waktu penyelesaian", [["P4", "Jangka waktu penyelesaian pelayanan yang diterima sesuai dengan yang ditetapkan."]]],
  ["P5", "Tarif/biaya", [["P5", "Biaya pelayanan yang dibayarkan sesuai dengan biaya yang ditetapkan."]]],
  ["P6", "Produk pelayanan", [["P6", "Produk pelayanan yang diterima sesuai dengan yang dijanjikan."]]],
  ["P7", "Sarana dan prasarana", [["P7", "Sarana dan prasarana pendukung pelayanan memberikan kenyamanan."]]],
  ["P8", "Respon petugas", [["P8a", "Petugas pelayanan dan/atau aplikasi pelayanan online merespon dengan baik."], ["P8b", "Petugas pelayanan dan/atau aplikasi pelayanan online mampu memberikan informasi yang jelas."]]],
  ["P9", "Konsultasi dan pengaduan", [["P9a", "Keberadaan fasilitas pengaduan pelayanan mudah diketahui."], ["P9b", "Proses penanganan pengaduan mudah diketahui, jelas, dan tidak berbelit-belit."]]],
];
const SETUJU = ['Sangat tidak setuju', 'Tidak setuju', 'Setuju', 'Sangat setuju'];

describe('built-in instruments', () => {
  it('validate through the schema', () => {
    for (const def of BUILTIN_INSTRUMENTS_V1) expect(() => parseInstrument(def, def.id)).not.toThrow();
    expect(Object.keys(builtinInstruments)).toEqual(['skm', 'ipak', 'ipkp']);
  });

  it('SKM has the nine unsur of PermenPANRB 14/2017 word for word, U1…U9 in code order', () => {
    const skm = builtinInstruments.skm;
    expect(skm).toMatchObject({ id: 'skm', kind: 'ikm', scale: 4, name: 'Survei Kepuasan Masyarakat (SKM)' });
    expect(skm.unsur.map((u) => [u.code, u.name, u.items.map((i) => [i.code, i.text, i.labels])])).toEqual(
      SKM_TABLE.map(([code, name, text, labels]) => [code, name, [[code, text, labels]]]),
    );
  });

  it('IPAK has A1…A5 with the agreement scale', () => {
    const ipak = builtinInstruments.ipak;
    expect(ipak).toMatchObject({ id: 'ipak', kind: 'ipak', scale: 4, name: 'Indeks Persepsi Anti Korupsi (IPAK/IPK)' });
    expect(ipak.unsur.map((u) => [u.code, u.name, u.items.map((i) => [i.code, i.text, i.labels])])).toEqual(
      IPAK_TABLE.map(([code, name, text]) => [code, name, [[code, text, SETUJU]]]),
    );
  });

  it('IPKP has P1…P9 with sub-items P8a/P8b and P9a/P9b', () => {
    const ipkp = builtinInstruments.ipkp;
    expect(ipkp).toMatchObject({ id: 'ipkp', kind: 'ipkp', scale: 4, name: 'Indeks Persepsi Kualitas Pelayanan (IPKP)' });
    expect(ipkp.unsur.map((u) => [u.code, u.name, u.items.map((i) => [i.code, i.text, i.labels])])).toEqual(
      IPKP_TABLE.map(([code, name, items]) => [code, name, items.map(([c, t]) => [c, t, SETUJU])]),
    );
  });

  it('translate every name, unsur, item text and label into English', () => {
    for (const inst of Object.values(builtinInstruments)) {
      const en = inst.translations?.en;
      expect(en?.name).toBeTruthy();
      for (const u of inst.unsur) {
        expect(en?.unsur?.[u.code], `${inst.id} ${u.code}`).toBeTruthy();
        for (const item of u.items) {
          expect(en?.items?.[item.code]?.text, `${inst.id} ${item.code}`).toBeTruthy();
          expect(en?.items?.[item.code]?.labels, `${inst.id} ${item.code}`).toHaveLength(4);
        }
      }
    }
  });

  it('are frozen: shared objects cannot be changed by a caller', () => {
    expect(() => {
      (builtinInstruments.skm.unsur[0]!.items[0]!.labels as string[])[0] = 'x';
    }).toThrow(TypeError);
  });

  it('resolve by name; anything else is a file path', async () => {
    expect(await resolveInstrument('ipkp')).toBe(builtinInstruments.ipkp);
    await expect(resolveInstrument('SKM')).rejects.toThrow(/SKM: cannot read the instrument file \(no such file\)/);
  });
});
