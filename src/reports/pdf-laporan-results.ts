// BAB III Hasil Pengolahan Data of the Laporan SKM: who answered (profile counts), the NRR,
// weighted NRR, konversi and mutu of every unsur with the IKM, the chart, the IKM of the unit with
// its 95 % interval, and the IKM per jenis layanan and per loket. Every number is the ScoreCard's.
import type { RespondentDimension } from '../db/types.ts';
import { ci95Text } from '../i18n/format.ts';
import { AGE_BANDS } from '../results/tally.ts';
import { MUTU_TABLE, type ScoreCard } from '../scoring/index.ts';
import { DISABILITY, EDUCATION, OCCUPATION } from '../survey/profile.ts';
import type { Slice } from './data.ts';
import { MUTU_COLOR, PANEL } from './palette.ts';
import { konversiBars } from './pdf-charts.ts';
import type { ReportPdf, Row } from './pdf-doc.ts';
import type { LaporanContext } from './pdf-laporan-context.ts';
import { countText, dm, indexText, KIND_TEXT, konversiText, mutuText, shareText, unsurText } from './pdf-words.ts';

const DIMENSIONS: { dimension: RespondentDimension; title: string; values: [string, string][] }[] = [
  { dimension: 'gender', title: 'Jenis kelamin', values: Object.entries(dm.genders) },
  { dimension: 'age_band', title: 'Usia', values: AGE_BANDS.map((band) => [band, dm.ageBands[band]]) },
  { dimension: 'education', title: 'Pendidikan', values: EDUCATION.map((o) => [o[0], o[1]]) },
  { dimension: 'occupation', title: 'Pekerjaan', values: OCCUPATION.map((o) => [o[0], o[1]]) },
  { dimension: 'disability', title: 'Disabilitas', values: DISABILITY.map((o) => [o[0], o[1]]) },
  { dimension: 'channel', title: 'Saluran pengisian', values: Object.entries(dm.channels) },
];

/** The weight 1/k of each answered unsur, as the exact fraction prints it. */
export function answeredUnsur(card: ScoreCard): number {
  return card.unsur.filter((u) => u.nrr !== null).length;
}

/** No | Unsur | NRR | NRR tertimbang | Konversi | Mutu, closed by the index row: the heart of the report. */
export function unsurTable(r: ReportPdf, card: ScoreCard, caption: string): void {
  const k = answeredUnsur(card);
  const short = KIND_TEXT[card.kind].short;
  const rows: Row[] = card.unsur.map((u, i) => ({
    cells: [
      String(i + 1),
      unsurText(u),
      indexText(u.nrr),
      u.nrr === null ? '–' : indexText(u.nrr / k),
      konversiText(u.konversi),
      u.mutu ?? '–',
    ],
    colors: [undefined, undefined, undefined, undefined, undefined, u.mutu ? MUTU_COLOR[u.mutu] : undefined],
  }));
  rows.push({
    cells: [`${short} (jumlah NRR tertimbang)`, indexText(card.index), konversiText(card.konversi), card.mutu ?? '–'],
    spans: [3, 1, 1, 1],
    bold: true,
    fill: PANEL,
    colors: [undefined, undefined, undefined, card.mutu ? MUTU_COLOR[card.mutu] : undefined],
  });
  r.table(
    [
      { header: 'No', weight: 0.55, align: 'center' },
      { header: 'Unsur', weight: 4.2 },
      { header: 'NRR', weight: 1.1, align: 'right' },
      { header: `NRR tertimbang (NRR × 1/${k})`, weight: 1.55, align: 'right' },
      { header: 'Konversi (NRR × 25)', weight: 1.35, align: 'right' },
      { header: 'Mutu', weight: 0.8, align: 'center' },
    ],
    rows,
    {
      caption,
      note: `NRR: nilai rata-rata jawaban tiap unsur (skala 1–4), ${k} unsur dijawab sehingga bobot tiap unsur 1/${k}. ${short} = jumlah NRR tertimbang; konversi = ${short} × 25.`,
    },
  );
}

function characteristics(c: LaporanContext): void {
  const { r, data } = c;
  const { counts, respondents: total } = data.respondents;
  r.section('3.1 Karakteristik Responden');
  r.paragraph(
    `Sebanyak ${countText(total)} responden mengisi kuesioner pada ${c.periodName}. Pertanyaan profil tidak wajib dijawab; responden yang tidak mengisi dicatat sebagai "${dm.blank}". Persentase dihitung terhadap seluruh responden.`,
  );
  const table = r.startTable(
    [
      { header: 'Karakteristik', weight: 2.3 },
      { header: 'Kategori', weight: 3.2 },
      { header: 'Jumlah', weight: 1.2, align: 'right' },
      { header: 'Persentase', weight: 1.3, align: 'right' },
    ],
    { caption: 'Karakteristik responden', zebra: false },
  );
  for (const [g, { dimension, title, values }] of DIMENSIONS.entries()) {
    const map = counts[dimension];
    const entries: [string, number][] = values.map(([code, label]) => [label, map.get(code) ?? 0]);
    const blank = map.get(null) ?? 0;
    if (blank > 0) entries.push([dm.blank, blank]);
    const fill = g % 2 === 1 ? PANEL : '#ffffff';
    // one characteristic per page: its rows are read together
    table.group([
      ...entries.map(([label, n], i): Row => ({ cells: [i === 0 ? title : '', label, countText(n), shareText(n, total)], fill })),
      { cells: ['', 'Jumlah', countText(total), shareText(total, total)], fill, bold: true },
    ]);
  }
  table.end();
}

function mutuReference(r: ReportPdf): void {
  const bounds = MUTU_TABLE.map((row, i) => {
    const upper = i === 0 ? 100 : MUTU_TABLE[i - 1]!.min - 0.01;
    const lower = Number.isFinite(row.min) ? row.min : 25;
    return { ...row, lower, upper };
  });
  r.table(
    [
      { header: 'Nilai interval (NI)', weight: 2.2, align: 'center' },
      { header: 'Nilai interval konversi (NIK)', weight: 2.6, align: 'center' },
      { header: 'Mutu pelayanan', weight: 1.6, align: 'center' },
      { header: 'Kinerja unit pelayanan', weight: 2.4 },
    ],
    bounds.map((b) => ({
      cells: [`${indexText(b.lower / 25)} – ${indexText(b.upper / 25)}`, `${konversiText(b.lower)} – ${konversiText(b.upper)}`, b.mutu, b.kinerja],
      colors: [undefined, undefined, MUTU_COLOR[b.mutu], undefined],
    })),
    { caption: 'Nilai persepsi, interval, mutu dan kinerja unit pelayanan (PermenPANRB 14/2017)', note: 'Mutu ditetapkan dari konversi yang dibulatkan dua desimal.' },
  );
}

function sliceTable(r: ReportPdf, slices: Slice[], what: string, caption: string): void {
  const rows: Row[] = [];
  for (const slice of slices) {
    const ikm = slice.cards.find((s) => s.card.kind === 'ikm')?.card;
    if (!ikm) continue;
    rows.push({
      cells: [String(rows.length + 1), slice.name, countText(ikm.respondents), indexText(ikm.index), konversiText(ikm.konversi), mutuText(ikm)],
      colors: [undefined, undefined, undefined, undefined, undefined, ikm.mutu ? MUTU_COLOR[ikm.mutu] : undefined],
    });
  }
  if (rows.length === 0) {
    r.paragraph(`Tidak ada jawaban IKM yang tercatat per ${what} pada periode ini.`);
    return;
  }
  r.table(
    [
      { header: 'No', weight: 0.55, align: 'center' },
      { header: what[0]!.toUpperCase() + what.slice(1), weight: 4.2 },
      { header: 'Responden', weight: 1.2, align: 'right' },
      { header: 'IKM', weight: 1.1, align: 'right' },
      { header: 'Konversi', weight: 1.1, align: 'right' },
      { header: 'Mutu', weight: 1.5 },
    ],
    rows,
    { caption },
  );
}

export function hasil(c: LaporanContext): void {
  const { r, data } = c;
  r.chapter('BAB III', 'Hasil Pengolahan Data', '3');
  const ikm = c.ikm?.card;
  if (data.respondents.respondents === 0) {
    r.section('3.1 Karakteristik Responden');
    r.paragraph(`Belum ada respons yang dihitung pada ${c.periodName}, sehingga karakteristik responden dan nilai IKM belum dapat disajikan.`);
    return;
  }
  characteristics(c);
  if (!ikm) {
    r.section('3.2 Nilai Unsur Pelayanan');
    r.paragraph(`Pada ${c.periodName} belum ada jawaban atas kuesioner IKM, sehingga nilai unsur dan IKM belum dapat disajikan.`);
    return;
  }

  r.section('3.2 Nilai Unsur Pelayanan');
  r.paragraph(
    'Nilai rata-rata (NRR) setiap unsur adalah jumlah nilai jawaban dibagi jumlah jawaban pada unsur tersebut. IKM adalah rata-rata NRR seluruh unsur yang dijawab, yaitu jumlah NRR × 1/k dengan k jumlah unsur, lalu dikonversi ke skala 25–100 dengan dikalikan 25. Mutu pelayanan ditetapkan dengan tabel berikut.',
  );
  mutuReference(r);
  unsurTable(r, ikm, `Nilai per unsur pelayanan ${c.periodName}`);
  konversiBars(
    r,
    ikm.unsur.map((u) => ({ label: unsurText(u), value: u.konversi, text: u.konversi === null ? 'tidak dijawab' : konversiText(u.konversi), mutu: u.mutu })),
    `Konversi per unsur pelayanan ${c.periodName}`,
  );

  r.section('3.3 Indeks Kepuasan Masyarakat Unit Pelayanan');
  r.figures([
    { label: 'IKM (skala 1–4)', value: indexText(ikm.index) },
    { label: 'Konversi (25–100)', value: konversiText(ikm.konversi), color: ikm.mutu ? MUTU_COLOR[ikm.mutu] : undefined },
    { label: 'Mutu pelayanan', value: ikm.mutu ?? '–', color: ikm.mutu ? MUTU_COLOR[ikm.mutu] : undefined, detail: ikm.kinerja ? `kinerja ${ikm.kinerja}` : undefined },
    { label: 'Responden', value: countText(ikm.respondents) },
  ]);
  r.paragraph(
    `Nilai IKM ${data.unit.name} pada ${c.periodName} adalah ${indexText(ikm.index)} pada skala 1–4, atau ${konversiText(ikm.konversi)} setelah dikonversi, sehingga mutu pelayanan ${ikm.mutu} dengan kinerja unit pelayanan ${ikm.kinerja}. Dengan tingkat kepercayaan 95 %, nilai IKM berada pada rentang ${ci95Text(ikm, dm, 'id')}.${mutuBoundaryNote(ikm)}`,
  );

  r.section('3.4 IKM per Jenis Layanan');
  sliceTable(r, data.perLayanan, 'jenis layanan', `IKM per jenis layanan ${c.periodName}`);
  r.section('3.5 IKM per Loket');
  sliceTable(r, data.perLoket, 'loket', `IKM per loket ${c.periodName}`);
}

/** A mutu boundary inside the 95 % interval: the letter could differ in a repeated survey. */
function mutuBoundaryNote(card: ScoreCard): string {
  if (!card.ci95) return '';
  const [low, high] = card.ci95.map((v) => v * 25) as [number, number];
  const inside = MUTU_TABLE.filter((row) => Number.isFinite(row.min) && low <= row.min && row.min <= high);
  if (inside.length === 0) return '';
  return ` Batas mutu ${inside.map((row) => `${row.mutu} (${konversiText(row.min)})`).join(' dan ')} berada di dalam rentang tersebut, sehingga dengan jumlah responden ini mutu pelayanan sebenarnya dapat berbeda satu tingkat.`;
}
