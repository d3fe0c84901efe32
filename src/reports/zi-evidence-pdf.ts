// "Lembar Bukti Komponen Hasil ZI" of a unit and year, for the ZI evaluators (TPI, TPN): the IPAK
// and IPKP values to enter in the worksheet with the WBK/WBBM thresholds, how many triwulan the SKM
// ran, where the results were published (online and at the service point), how much of the
// follow-up plan is done, signed by the head of unit. One to two A4 pages.
import { parsePeriod } from '../results/period.ts';
import { type ScoreCard, ZI_THRESHOLDS, ziWorksheetValue } from '../scoring/index.ts';
import { MUTU_COLOR, PANEL, VERDICT_COLOR } from './palette.ts';
import { ReportPdf, type Row } from './pdf-doc.ts';
import { countText, dateText, indexText, KIND_TEXT, konversiText, mutuText, periodTitle, placeOf, shareText, thresholdText } from './pdf-words.ts';
import { type ZiRow, ziTable, type ZiVerdict, ziVerdict } from './pdf-zi-table.ts';
import type { ZiEvidence } from './zi-evidence.ts';

const verdictCell = (card: ScoreCard | null, which: 'wbk' | 'wbbm'): ZiVerdict => (card?.zi ? ziVerdict(card, which) : { text: 'belum diukur' });

/** "Triwulan III Tahun 2026" for a period code, the code itself if it is none */
const periodName = (code: string) => {
  const period = parsePeriod(code);
  return period ? periodTitle(period) : code;
};

export async function ziEvidencePdf(e: ZiEvidence, opts: { createdAt?: Date } = {}): Promise<Buffer> {
  const createdAt = opts.createdAt ?? new Date();
  const tz = e.instansi.timeZone;
  const year = String(e.year);
  const r = new ReportPdf({
    title: `Lembar Bukti Komponen Hasil ZI ${e.unit.name} Tahun ${year}`,
    subject: `Komponen hasil Zona Integritas (IPAK, IPKP, SKM, publikasi, tindak lanjut), ${e.unit.name}, ${e.instansi.name}, tahun ${year}`,
    author: e.instansi.name,
    createdAt,
    logo: e.instansi.logo?.bytes ?? null,
    header: [e.instansi.name, `${e.unit.name} · Lembar Bukti Komponen Hasil ZI ${year}`],
  });
  r.titleBlock('LEMBAR BUKTI KOMPONEN HASIL ZONA INTEGRITAS', [e.unit.name, `${e.instansi.name} · Tahun ${year}`]);

  r.section('1. Indeks Persepsi Anti Korupsi dan Kualitas Pelayanan');
  r.paragraph(
    `IPAK (Indeks Persepsi Anti Korupsi, juga disebut IPK) dan IPKP (Indeks Persepsi Kualitas Pelayanan) ${e.unit.name} dari seluruh jawaban tahun ${year}, dengan nilai yang dimasukkan ke lembar kerja evaluasi Zona Integritas:`,
  );
  const notes: string[] = [];
  const rows = (['ipak', 'ipkp'] as const).map((kind): ZiRow => {
    const { card } = e[kind];
    const wbk = verdictCell(card, 'wbk');
    const wbbm = verdictCell(card, 'wbbm');
    if (wbk.within || wbbm.within) notes.push(`${KIND_TEXT[kind].short}: ambang ada di dalam interval 95 % (${indexText(card!.ci95![0])} – ${indexText(card!.ci95![1])}), jadi putusannya hanya berlaku dalam batas margin of error.`);
    return { label: kind === 'ipak' ? 'IPAK (IPK)' : 'IPKP', card, wbk, wbbm };
  });
  ziTable(r, rows, {
    indexHeader: 'Indeks (1–4)',
    weights: [1.3, 1.3, 1.1, 1.1, 1.4, 1.9, 1.9],
    caption: `Komponen hasil Zona Integritas tahun ${year}`,
    note: [
      `Nilai lembar kerja ZI = indeks ÷ 4 × 17,5. Ambang: IPAK minimal ${thresholdText(ZI_THRESHOLDS.ipak.wbk)} (${konversiText(ziWorksheetValue(ZI_THRESHOLDS.ipak.wbk))}) untuk Menuju WBK dan WBBM; IPKP minimal ${thresholdText(ZI_THRESHOLDS.ipkp.wbk)} (${konversiText(ziWorksheetValue(ZI_THRESHOLDS.ipkp.wbk))}) untuk Menuju WBK dan ${thresholdText(ZI_THRESHOLDS.ipkp.wbbm)} (${konversiText(ziWorksheetValue(ZI_THRESHOLDS.ipkp.wbbm))}) untuk Menuju WBBM (PermenPANRB 90/2021).`,
      ...notes.map((n) => `* ${n}`),
    ].join(' '),
  });

  r.section('2. Pelaksanaan Survei Kepuasan Masyarakat');
  r.paragraph(
    `SKM dilaksanakan pada ${e.periodsRun} dari 4 triwulan tahun ${year}.${e.ikm ? ` IKM tahun ${year} secara keseluruhan adalah ${konversiText(e.ikm.konversi)} dengan mutu ${mutuText(e.ikm)}, dari ${countText(e.ikm.respondents)} responden.` : ` Belum ada jawaban IKM pada tahun ${year}.`}`,
  );
  r.table(
    [
      { header: 'Triwulan', weight: 3 },
      { header: 'Responden', weight: 1.3, align: 'right' },
      { header: 'IKM (konversi)', weight: 1.3, align: 'right' },
      { header: 'Mutu', weight: 1.2, align: 'center' },
      { header: 'Keterangan', weight: 2 },
    ],
    [
      ...e.skmPeriods.map(
        (p): Row => ({
          cells: [periodName(p.code), countText(p.respondents), konversiText(p.konversi), p.mutu ?? '–', p.respondents > 0 ? 'Dilaksanakan' : 'Tidak ada jawaban'],
          colors: [undefined, undefined, undefined, p.mutu ? MUTU_COLOR[p.mutu] : undefined, p.respondents > 0 ? VERDICT_COLOR.met : VERDICT_COLOR.notMet],
        }),
      ),
      { cells: [`Jumlah: ${e.periodsRun} dari 4 triwulan`, countText(e.skmPeriods.reduce((n, p) => n + p.respondents, 0)), konversiText(e.ikm?.konversi ?? null), e.ikm?.mutu ?? '–', ''], bold: true, fill: PANEL },
    ],
    { caption: `SKM per triwulan tahun ${year}` },
  );

  r.section('3. Publikasi Hasil');
  const online = e.publishedOnline;
  const counter = e.publishedAtServicePoint;
  r.paragraph(
    online.length > 0 && counter.length > 0
      ? `Hasil survei tahun ${year} dapat diakses secara daring (${online.length} publikasi) dan di tempat pelayanan (${counter.length} kali poster hasil dicetak untuk loket).`
      : online.length > 0
        ? `Hasil survei tahun ${year} dipublikasikan secara daring (${online.length} publikasi); belum tercatat poster hasil yang dicetak untuk tempat pelayanan.`
        : counter.length > 0
          ? `Poster hasil survei dicetak untuk tempat pelayanan (${counter.length} kali), tetapi belum ada publikasi daring untuk tahun ${year}.`
          : `Belum ada publikasi hasil survei tahun ${year}, baik secara daring maupun di tempat pelayanan.`,
  );
  if (online.length > 0) {
    r.table(
      [
        { header: 'Periode', weight: 3 },
        { header: 'Revisi', weight: 1, align: 'right' },
        { header: 'Tanggal publikasi', weight: 2.5 },
      ],
      online.map((p) => [periodName(p.period), String(p.revision), dateText(p.publishedAt, tz)]),
      { caption: 'Publikasi daring (halaman hasil survei unit)' },
    );
  }
  if (counter.length > 0) {
    r.table(
      [
        { header: 'Tanggal cetak', weight: 2.5 },
        { header: 'Loket (kode)', weight: 2 },
        { header: 'Hasil periode', weight: 3 },
      ],
      counter.map((p) => [dateText(p.at, tz), p.loket, periodName(p.period)]),
      { caption: 'Poster hasil survei di tempat pelayanan' },
    );
  }

  r.section('4. Tindak Lanjut Hasil Survei');
  r.paragraph(
    e.followUp.total === 0
      ? `Belum ada rencana tindak lanjut yang dicatat untuk periode tahun ${year}.`
      : `${countText(e.followUp.done)} dari ${countText(e.followUp.total)} kegiatan rencana tindak lanjut tahun ${year} telah selesai (${shareText(e.followUp.done, e.followUp.total)}).`,
  );

  r.signature(
    {
      place: placeOf(e.instansi.name),
      date: dateText(createdAt, tz),
      role: `Kepala ${e.unit.name}`,
      name: e.unit.headName,
      nip: e.unit.headNip,
    },
    'Demikian lembar bukti ini dibuat dengan sebenarnya, dari data survei yang tercatat pada tanggal penandatanganan, untuk digunakan dalam evaluasi Zona Integritas.',
  );
  return r.finish();
}
