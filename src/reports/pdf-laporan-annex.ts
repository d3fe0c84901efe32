// The annexes of the Laporan SKM: Lampiran 1, the questionnaire as the unit asks it (items, the four
// answers with their values, the profile questions), and Lampiran 2, the tabulation the Tim Survei
// rechecks by hand: the answer distribution of every item (always, from the tallies) and, up to
// ANNEX_ROW_LIMIT respondents, one row per respondent streamed from the database.
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { messages } from '../i18n/index.ts';
import type { ScoredInstrument } from '../results/scorecard.ts';
import { EMPTY_HISTOGRAM, type Histogram, itemStats } from '../scoring/index.ts';
import { DISABILITY, EDUCATION, OCCUPATION } from '../survey/profile.ts';
import { streamResponses } from './data.ts';
import { PANEL } from './palette.ts';
import type { Row } from './pdf-doc.ts';
import { loadItemHistograms } from './pdf-item-tally.ts';
import type { LaporanContext } from './pdf-laporan-context.ts';
import { answeredUnsur } from './pdf-laporan-results.ts';
import { countText, indexText, KIND_TEXT, konversiText, mutuText } from './pdf-words.ts';

/**
 * Above this many IKM respondents the per-respondent rows are left to the XLSX tabulation: a PDF
 * of thousands of pages helps nobody, and the distribution table already lets every NRR be rechecked.
 */
export const ANNEX_ROW_LIMIT = 1000;

export function kuesioner(c: LaporanContext): void {
  const { r, data } = c;
  const t = messages('id');
  r.chapter('LAMPIRAN 1', 'Kuesioner', 'L1');
  if (data.questionnaire.length === 0) {
    r.paragraph(`${data.unit.name} belum menetapkan kuesioner.`);
  } else {
    r.paragraph(`Kuesioner berikut adalah kuesioner yang digunakan ${data.unit.name} saat laporan ini disusun, dengan kalimat dan pilihan jawaban seperti yang ditampilkan kepada responden. Angka di depan setiap pilihan jawaban adalah nilainya (1 sampai 4).`);
  }
  for (const [i, instrument] of data.questionnaire.entries()) {
    r.section(`L1.${i + 1} Kuesioner ${KIND_TEXT[instrument.kind].short}: ${instrument.name}`);
    const rows: Row[] = instrument.unsur.flatMap((u) =>
      u.items.map((item, j) => [item.code, j === 0 ? u.name : '', item.text, item.labels.map((label, v) => `${v + 1}  ${label}`).join('\n')]),
    );
    r.table(
      [
        { header: 'Kode', weight: 0.8 },
        { header: 'Unsur', weight: 2.1 },
        { header: 'Pertanyaan', weight: 4.4 },
        { header: 'Pilihan jawaban (nilai)', weight: 2.7 },
      ],
      rows,
      { caption: `Kuesioner ${KIND_TEXT[instrument.kind].short}` },
    );
  }
  r.section(`L1.${data.questionnaire.length + 1} Pertanyaan Profil Responden`);
  const options = (list: typeof EDUCATION) => list.map((o) => o[1]).join('; ');
  const profile: Row[] = [
    ...(data.layanan.length > 1 ? [[t.layananQuestion, data.layanan.map((l) => l.name).join('; ')]] : data.layanan.length === 1 ? [[t.layananQuestion, `tidak ditanyakan: hanya satu layanan (${data.layanan[0]!.name})`]] : []),
    [t.gender, `${t.genderL}; ${t.genderP}`],
    [t.age, 'angka 10–120'],
    [t.education, options(EDUCATION)],
    [t.occupation, options(OCCUPATION)],
    [t.disability, options(DISABILITY)],
    [t.saran, 'teks bebas, paling banyak 1.000 karakter'],
  ];
  r.table(
    [
      { header: 'Pertanyaan', weight: 3 },
      { header: 'Pilihan jawaban', weight: 7 },
    ],
    profile,
    { caption: 'Pertanyaan profil responden', note: 'Semua pertanyaan profil boleh dikosongkan. Nama, NIK dan nomor telepon tidak ditanyakan.' },
  );
}

const sumOf = (h: Histogram) => h[0] + 2 * h[1] + 3 * h[2] + 4 * h[3];

/** Every item of the card's instrument with its histogram and the weight of its mean in the index. */
function itemsOf(si: ScoredInstrument, histograms: Map<string, Histogram> | undefined) {
  const k = answeredUnsur(si.card);
  return si.instrument.unsur.flatMap((u) => {
    const withHistogram = u.items.map((item) => ({ code: item.code, histogram: histograms?.get(item.code) ?? EMPTY_HISTOGRAM }));
    const answered = withHistogram.filter((item) => itemStats(item.histogram) !== null).length;
    const score = si.card.unsur.find((s) => s.code === u.code);
    return withHistogram.map((item, j) => ({
      ...item,
      // the unsur's NRR is printed once, on its last item's row
      last: j === withHistogram.length - 1,
      nrr: score?.nrr ?? null,
      mean: itemStats(item.histogram)?.mean ?? null,
      weight: answered === 0 || k === 0 ? 0 : 1 / (k * answered),
    }));
  });
}

function distribution(c: LaporanContext, si: ScoredInstrument, histograms: Map<string, Histogram> | undefined, section: string): void {
  const { r } = c;
  const card = si.card;
  const short = KIND_TEXT[card.kind].short;
  const k = answeredUnsur(card);
  r.section(section);
  const rows: Row[] = itemsOf(si, histograms).map((item) => {
    const h = item.histogram;
    const n = h[0] + h[1] + h[2] + h[3];
    return [
      item.code,
      ...h.map(countText),
      countText(n),
      countText(sumOf(h)),
      indexText(item.mean),
      item.last ? indexText(item.nrr) : '',
      item.last && item.nrr !== null ? indexText(item.nrr / k) : '',
    ];
  });
  rows.push({ cells: [`${short} (jumlah NRR tertimbang)`, indexText(card.index)], spans: [9, 1], bold: true, fill: PANEL });
  rows.push({ cells: [`${short} unit pelayanan (${short} × 25)`, konversiText(card.konversi)], spans: [9, 1], bold: true, fill: PANEL });
  rows.push({ cells: ['Mutu pelayanan', mutuText(card)], spans: [7, 3], bold: true, fill: PANEL });
  r.table(
    [
      { header: 'Kode', weight: 1 },
      { header: 'Nilai 1', weight: 0.9, align: 'right' },
      { header: 'Nilai 2', weight: 0.9, align: 'right' },
      { header: 'Nilai 3', weight: 0.9, align: 'right' },
      { header: 'Nilai 4', weight: 0.9, align: 'right' },
      { header: 'Jumlah jawaban', weight: 1.1, align: 'right' },
      { header: 'Jumlah nilai', weight: 1.1, align: 'right' },
      { header: 'Rata-rata item', weight: 1.1, align: 'right' },
      { header: 'NRR unsur', weight: 1.1, align: 'right' },
      { header: `NRR × 1/${k}`, weight: 1.3, align: 'right' },
    ],
    rows,
    {
      caption: `Distribusi jawaban ${short} ${c.periodName}`,
      fontSize: 8.5,
      note: `Kolom "Nilai 1" sampai "Nilai 4": banyaknya jawaban bernilai 1, 2, 3 dan 4. Jumlah nilai = 1 × n1 + 2 × n2 + 3 × n3 + 4 × n4; rata-rata item = jumlah nilai ÷ jumlah jawaban; NRR unsur = rata-rata item-itemnya; ${short} = jumlah NRR × 1/${k}.`,
    },
  );
}

/** 'YYYY-MM-DD' → "21/11/2026" */
const shortDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

async function perRespondent(c: LaporanContext, db: Kysely<Database>, si: ScoredInstrument, histograms: Map<string, Histogram> | undefined, section: string, tick: (rows: number) => void): Promise<void> {
  const { r, data } = c;
  const card = si.card;
  r.section(section);
  if (card.respondents > ANNEX_ROW_LIMIT) {
    r.paragraph(
      `Tabulasi per responden tidak dicetak dalam laporan ini karena jumlah responden IKM (${countText(card.respondents)}) melebihi ${countText(ANNEX_ROW_LIMIT)}. Tabulasi lengkap, satu baris per responden beserta rumus jumlah, NRR dan IKM yang dapat diperiksa ulang, tersedia dalam berkas XLSX (tabulasi) ${data.unit.name} ${c.periodName}. Distribusi jawaban di atas memuat seluruh responden.`,
    );
    return;
  }
  const items = itemsOf(si, histograms);
  r.paragraph(`Satu baris per responden IKM, urut tanggal pengisian; sel kosong berarti pertanyaan tidak dijawab. Baris di bawah tabel memuat jumlah nilai, NRR dan ${KIND_TEXT.ikm.short}.`);
  const table = r.startTable(
    [{ header: 'No', weight: 1.1, align: 'right' }, { header: 'Tanggal', weight: 2.2 }, ...items.map((item) => ({ header: item.code, weight: 1, align: 'center' as const }))],
    { caption: `Tabulasi per responden IKM ${c.periodName}`, fontSize: 8 },
  );
  let n = 0;
  for await (const batch of streamResponses(db, [data.unit.id], data.period)) {
    for (const response of batch) {
      const answers = response.answers.get(card.instrument);
      if (!answers) continue;
      n++;
      table.row([String(n), shortDay(response.localDate), ...items.map((item) => (answers[item.code] === undefined ? '' : String(answers[item.code])))]);
    }
    tick(batch.length);
  }
  const spans = [2, ...items.map(() => 1)];
  table.group([
    { cells: ['Jumlah nilai', ...items.map((item) => countText(sumOf(item.histogram)))], spans, bold: true, fill: PANEL },
    { cells: ['NRR', ...items.map((item) => indexText(item.mean))], spans, bold: true, fill: PANEL },
    { cells: ['NRR tertimbang', ...items.map((item) => (item.mean === null ? '–' : indexText(item.mean * item.weight)))], spans, bold: true, fill: PANEL },
    { cells: [`IKM ${indexText(card.index)}; konversi ${konversiText(card.konversi)}; mutu ${mutuText(card)}`], spans: [2 + items.length], bold: true, fill: PANEL },
  ]);
  table.end();
}

/** Lampiran 2; `onRows` counts the responses read for the per-respondent rows. */
export async function tabulasi(c: LaporanContext, db: Kysely<Database>, onRows: (rows: number) => void): Promise<void> {
  const { r, data } = c;
  r.chapter('LAMPIRAN 2', 'Tabulasi Data', 'L2');
  const scored = [c.ikm, c.ipak, c.ipkp].filter((s): s is ScoredInstrument => s !== undefined);
  if (scored.length === 0) {
    r.paragraph(`Belum ada respons yang dihitung pada ${c.periodName}, sehingga tidak ada data untuk ditabulasi.`);
    return;
  }
  r.paragraph(
    `Lampiran ini memuat data yang menjadi dasar perhitungan, agar Tim Survei dapat memeriksa ulang setiap nilai: distribusi jawaban setiap item dari seluruh responden${c.ikm ? ', lalu tabulasi per responden IKM' : ''}.`,
  );
  const histograms = await loadItemHistograms(db, data.unit.id, data.period);
  let section = 0;
  for (const si of scored) distribution(c, si, histograms.get(si.card.instrument), `L2.${++section} Distribusi Jawaban ${KIND_TEXT[si.card.kind].short}`);
  if (c.ikm) await perRespondent(c, db, c.ikm, histograms.get(c.ikm.card.instrument), `L2.${++section} Tabulasi per Responden IKM`, onRows);
}

/** How many responses the per-respondent annex will read (0 above the cap): part of the progress total. */
export function annexRows(c: LaporanContext): number {
  return c.ikm && c.ikm.card.respondents <= ANNEX_ROW_LIMIT ? c.data.respondents.respondents : 0;
}
