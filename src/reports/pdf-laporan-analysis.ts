// BAB IV Analisis of the Laporan SKM: the weakest and strongest unsur, the Rencana Tindak Lanjut of
// the period, the realisation of the previous period's plan, the trend of the IKM, and the ZI
// komponen hasil (IPAK, IPKP) with their worksheet values and WBK/WBBM verdicts.
import type { FollowUpAction } from '../admin/follow-up/store.ts';
import { fill } from '../i18n/index.ts';
import { type ScoreCard, ZI_THRESHOLDS, type ZiKind, ziWorksheetValue, type UnsurScore } from '../scoring/index.ts';
import { MUTU_COLOR, VERDICT_COLOR } from './palette.ts';
import { konversiColumns } from './pdf-charts.ts';
import type { Row } from './pdf-doc.ts';
import { type LaporanContext, runsZi } from './pdf-laporan-context.ts';
import { unsurTable } from './pdf-laporan-results.ts';
import { cardOf, countText, dayText, dm, indexText, joinWords, KIND_TEXT, konversiText, mutuText, periodTitle, STATUS_TEXT, thresholdText, unsurText } from './pdf-words.ts';
import { type ZiRow, ziTable, type ZiVerdict, ziVerdict } from './pdf-zi-table.ts';

/** Answered unsur from the lowest NRR up (ties keep the instrument's order). */
function rankedUnsur(card: ScoreCard): UnsurScore[] {
  return card.unsur.filter((u) => u.nrr !== null).sort((a, b) => a.nrr! - b.nrr!);
}

const figure = (u: UnsurScore) => `${unsurText(u)} (NRR ${indexText(u.nrr)}; konversi ${konversiText(u.konversi)}; mutu ${u.mutu})`;

/** The unsur at the bottom (or top) of the ranking, ties included. */
export function extremes(card: ScoreCard): { weakest: UnsurScore[]; strongest: UnsurScore[] } {
  const ranked = rankedUnsur(card);
  if (ranked.length === 0) return { weakest: [], strongest: [] };
  const low = ranked[0]!.nrr;
  const high = ranked[ranked.length - 1]!.nrr;
  return { weakest: ranked.filter((u) => u.nrr === low), strongest: ranked.filter((u) => u.nrr === high).reverse() };
}

/** "U8 Penanganan Pengaduan, Saran dan Masukan" for a follow-up's unsur code, named by the IKM instrument. */
export function unsurNamer(c: LaporanContext): (code: string) => string {
  const names = new Map<string, string>();
  for (const u of c.asks.ikm?.unsur ?? []) names.set(u.code, u.name);
  for (const u of c.ikm?.card.unsur ?? []) if (!names.has(u.code)) names.set(u.code, u.name);
  return (code) => unsurText({ code, name: names.get(code) ?? '' }).trim();
}

function strengths(c: LaporanContext, card: ScoreCard): void {
  const { r } = c;
  r.section('4.1 Unsur Terlemah dan Terkuat');
  const { weakest, strongest } = extremes(card);
  const below = rankedUnsur(card).filter((u) => u.mutu === 'C' || u.mutu === 'D');
  r.paragraph(
    `Unsur dengan nilai terendah adalah ${joinWords(weakest.map(figure))}. Unsur dengan nilai tertinggi adalah ${joinWords(strongest.map(figure))}. ${
      below.length === 0
        ? 'Seluruh unsur telah mencapai mutu B (Baik) atau lebih.'
        : `Unsur yang belum mencapai mutu B (konversi di bawah 76,61): ${joinWords(below.map(unsurText))}; unsur ini menjadi prioritas perbaikan.`
    }`,
  );
  r.table(
    [
      { header: 'Urutan', weight: 0.8, align: 'center' },
      { header: 'Unsur', weight: 4.6 },
      { header: 'NRR', weight: 1.1, align: 'right' },
      { header: 'Konversi', weight: 1.1, align: 'right' },
      { header: 'Mutu', weight: 0.8, align: 'center' },
    ],
    rankedUnsur(card).map((u, i) => ({
      cells: [String(i + 1), unsurText(u), indexText(u.nrr), konversiText(u.konversi), u.mutu ?? '–'],
      colors: [undefined, undefined, undefined, undefined, u.mutu ? MUTU_COLOR[u.mutu] : undefined],
    })),
    { caption: 'Unsur pelayanan dari nilai terendah ke tertinggi' },
  );
}

function rencana(c: LaporanContext, card: ScoreCard | undefined): void {
  const { r, data } = c;
  const name = unsurNamer(c);
  r.section('4.2 Rencana Tindak Lanjut');
  if (data.followUps.length === 0) {
    const weakest = card ? rankedUnsur(card).slice(0, 3) : [];
    r.paragraph(
      `Belum ada rencana tindak lanjut yang dicatat untuk ${c.periodName}.${weakest.length ? ` Rencana tindak lanjut perlu disusun terutama untuk unsur dengan nilai terendah, yaitu ${joinWords(weakest.map(unsurText))}.` : ''}`,
    );
    return;
  }
  r.paragraph(`Berdasarkan hasil survei ${c.periodName}, ${data.unit.name} menetapkan rencana tindak lanjut berikut untuk unsur yang menjadi prioritas perbaikan.`);
  r.table(
    [
      { header: 'No', weight: 0.5, align: 'center' },
      { header: 'Prioritas unsur', weight: 2.4 },
      { header: 'Program/Kegiatan', weight: 4 },
      { header: 'Waktu', weight: 1.6 },
      { header: 'Penanggung jawab', weight: 2 },
    ],
    data.followUps.map((f, i) => [String(i + 1), name(f.unsurCode), f.action, f.due ? dayText(f.due) : 'Belum ditetapkan', f.owner ?? '–']),
    { caption: `Rencana tindak lanjut ${c.periodName}` },
  );
}

function evidenceText(f: FollowUpAction): string {
  const parts = [f.evidence, f.evidenceFileName && `berkas: ${f.evidenceFileName}`].filter((x): x is string => Boolean(x));
  return parts.length ? parts.join('; ') : '–';
}

function realisasi(c: LaporanContext): void {
  const { r, data } = c;
  const name = unsurNamer(c);
  const previous = periodTitle(data.previousPeriod);
  r.section(`4.3 Realisasi Rencana Tindak Lanjut ${previous}`);
  const plan = data.previousFollowUps;
  if (plan.length === 0) {
    r.paragraph(`Tidak ada rencana tindak lanjut yang dicatat untuk ${previous}, sehingga tidak ada realisasi yang dilaporkan.`);
    return;
  }
  const count = (status: FollowUpAction['status']) => plan.filter((f) => f.status === status).length;
  r.paragraph(
    `Dari ${countText(plan.length)} kegiatan dalam rencana tindak lanjut ${previous}, ${countText(count('done'))} telah selesai, ${countText(count('in_progress'))} dalam proses dan ${countText(count('planned'))} masih direncanakan.`,
  );
  r.table(
    [
      { header: 'No', weight: 0.5, align: 'center' },
      { header: 'Unsur', weight: 2.1 },
      { header: 'Program/Kegiatan', weight: 3.1 },
      { header: 'Penanggung jawab', weight: 1.7 },
      { header: 'Status', weight: 1.65 },
      { header: 'Bukti', weight: 2.35 },
    ],
    plan.map((f, i) => ({
      cells: [String(i + 1), name(f.unsurCode), f.action, f.owner ?? '–', STATUS_TEXT[f.status], evidenceText(f)],
      colors: [undefined, undefined, undefined, undefined, f.status === 'done' ? VERDICT_COLOR.met : undefined, undefined],
    })),
    { caption: `Realisasi rencana tindak lanjut ${previous}` },
  );
}

function tren(c: LaporanContext): void {
  const { r, data } = c;
  r.section('4.4 Tren IKM');
  const points = data.trend.map((p) => ({ period: p.period, card: cardOf(p.cards, 'ikm', data.questionnaire)?.card }));
  const rows: Row[] = points.map((p, i) => {
    const before = i > 0 ? points[i - 1]!.card?.konversi : undefined;
    const k = p.card?.konversi ?? null;
    const change = k !== null && before !== undefined && before !== null ? k - before : null;
    return {
      cells: [
        periodTitle(p.period),
        countText(p.card?.respondents ?? 0),
        indexText(p.card?.index ?? null),
        konversiText(k),
        p.card ? mutuText(p.card) : '–',
        change === null ? '–' : `${change > 0 ? '+' : ''}${konversiText(change)}`,
      ],
      colors: [undefined, undefined, undefined, undefined, p.card?.mutu ? MUTU_COLOR[p.card.mutu] : undefined, undefined],
    };
  });
  const last = points[points.length - 1];
  const previous = points[points.length - 2];
  r.paragraph(
    last?.card?.konversi != null && previous?.card?.konversi != null
      ? `Dibandingkan ${periodTitle(previous.period)} (konversi ${konversiText(previous.card.konversi)}), IKM ${c.periodName} ${
          last.card.konversi > previous.card.konversi ? `naik ${konversiText(last.card.konversi - previous.card.konversi)} poin` : last.card.konversi < previous.card.konversi ? `turun ${konversiText(previous.card.konversi - last.card.konversi)} poin` : 'tetap'
        }. Tabel berikut memuat IKM ${points.length} periode terakhir.`
      : `Tabel berikut memuat IKM ${points.length} periode terakhir; periode tanpa jawaban ditandai "–".`,
  );
  r.table(
    [
      { header: 'Periode', weight: 2.6 },
      { header: 'Responden', weight: 1.2, align: 'right' },
      { header: 'IKM', weight: 1.1, align: 'right' },
      { header: 'Konversi', weight: 1.1, align: 'right' },
      { header: 'Mutu', weight: 1.5 },
      { header: 'Perubahan konversi', weight: 1.4, align: 'right' },
    ],
    rows,
    { caption: 'Tren IKM' },
  );
  // a chart of nothing but "no data" says less than the table above it
  if (points.some((p) => p.card?.konversi != null)) {
    konversiColumns(
      r,
      points.map((p) => ({ label: periodTitle(p.period), value: p.card?.konversi ?? null, text: p.card ? konversiText(p.card.konversi) : 'tidak ada data', mutu: p.card?.mutu ?? null })),
      'Tren konversi IKM',
    );
  }
}

/** The verdict, with a note when the threshold lies inside the 95 % interval. */
function verdict(card: ScoreCard, which: 'wbk' | 'wbbm'): ZiVerdict & { note: string | null } {
  const shown = ziVerdict(card, which);
  if (!shown.within) return { ...shown, note: null };
  const result = card.zi![which];
  const values = { threshold: thresholdText(result.threshold), low: indexText(card.ci95![0]), high: indexText(card.ci95![1]) };
  const message = fill(result.met ? dm.metWithinMargin : dm.notMetWithinMargin, values);
  return { ...shown, note: `${KIND_TEXT[card.kind].short}, ${which === 'wbk' ? 'Menuju WBK' : 'Menuju WBBM'}: ${message}` };
}

/** "memenuhi ambang Menuju WBK (3,20) tetapi belum memenuhi ambang Menuju WBBM (3,60)" */
export function ziVerdictText(card: ScoreCard): string {
  const zi = card.zi!;
  const wbk = `ambang Menuju WBK (${thresholdText(zi.wbk.threshold)})`;
  const wbbm = `ambang Menuju WBBM (${thresholdText(zi.wbbm.threshold)})`;
  if (zi.wbk.met && zi.wbbm.met) return `memenuhi ${wbk} dan ${wbbm}`;
  if (zi.wbk.met) return `memenuhi ${wbk} tetapi belum memenuhi ${wbbm}`;
  if (zi.wbbm.met) return `memenuhi ${wbbm} tetapi belum memenuhi ${wbk}`;
  return `belum memenuhi ${wbk} maupun ${wbbm}`;
}

const UNANSWERED: ZiVerdict = { text: 'belum dijawab' };

function zonaIntegritas(c: LaporanContext): void {
  const { r, data } = c;
  const runs = runsZi(c);
  r.section('4.5 Indeks Persepsi Anti Korupsi dan Kualitas Pelayanan');
  if (!runs.ipak && !runs.ipkp) {
    r.paragraph(`${data.unit.name} tidak melaksanakan survei IPAK (IPK) maupun IPKP pada ${c.periodName}, sehingga laporan ini tidak memuat nilai komponen hasil Zona Integritas.`);
    return;
  }
  r.paragraph(
    'IPAK (Indeks Persepsi Anti Korupsi, yang juga disebut IPK) dan IPKP (Indeks Persepsi Kualitas Pelayanan) dihitung seperti IKM: rata-rata NRR unsur pada skala 1–4. Nilai pada lembar kerja evaluasi Zona Integritas adalah indeks ÷ 4 × 17,5 (masing-masing berbobot 17,5 dari 100). Ambang menurut PermenPANRB Nomor 90 Tahun 2021 tercantum pada tabel berikut.',
  );
  const kinds: ZiKind[] = (['ipak', 'ipkp'] as const).filter((k) => runs[k]);
  const threshold = (value: number) => `indeks minimal ${thresholdText(value)} (nilai ${konversiText(ziWorksheetValue(value))})`;
  r.table(
    [
      { header: 'Indeks', weight: 1.5 },
      { header: 'Menuju WBK', weight: 3 },
      { header: 'Menuju WBBM', weight: 3 },
    ],
    kinds.map((k) => [KIND_TEXT[k].short, threshold(ZI_THRESHOLDS[k].wbk), threshold(ZI_THRESHOLDS[k].wbbm)]),
    { caption: 'Ambang komponen hasil Zona Integritas' },
  );
  const scored = kinds.map((k) => ({ kind: k, si: k === 'ipak' ? c.ipak : c.ipkp }));
  const notes: string[] = [];
  const rows = scored.map(({ kind, si }): ZiRow => {
    const card = si?.card;
    const label = KIND_TEXT[kind].short;
    if (!card || !card.zi) return { label, card: null, wbk: UNANSWERED, wbbm: UNANSWERED };
    const wbk = verdict(card, 'wbk');
    const wbbm = verdict(card, 'wbbm');
    for (const v of [wbk, wbbm]) if (v.note) notes.push(v.note);
    return { label, card, wbk, wbbm };
  });
  ziTable(r, rows, {
    indexHeader: 'Nilai indeks',
    weights: [1, 1.2, 1.2, 1.1, 1.3, 1.6, 1.6],
    caption: `IPAK dan IPKP ${c.periodName}`,
    note: notes.length ? `* ${notes.join(' ')}` : undefined,
  });
  for (const { kind, si } of scored) {
    const card = si?.card;
    if (!card || !card.zi) {
      r.paragraph(`${KIND_TEXT[kind].long} (${KIND_TEXT[kind].short}) belum dijawab pada ${c.periodName}.`);
      continue;
    }
    r.paragraph(
      `${KIND_TEXT[kind].long} (${KIND_TEXT[kind].short}) ${data.unit.name} adalah ${indexText(card.index)} (konversi ${konversiText(card.konversi)}; interval 95 %: ${indexText(card.ci95?.[0] ?? null)} – ${indexText(card.ci95?.[1] ?? null)}), dengan nilai lembar kerja ZI ${konversiText(card.zi.worksheetValue)}, sehingga ${ziVerdictText(card)}.`,
    );
    unsurTable(r, card, `Nilai per unsur ${KIND_TEXT[kind].short} ${c.periodName}`);
  }
}

export function analisis(c: LaporanContext): void {
  const { r } = c;
  r.chapter('BAB IV', 'Analisis', '4');
  const card = c.ikm?.card;
  if (card && card.index !== null) strengths(c, card);
  else {
    r.section('4.1 Unsur Terlemah dan Terkuat');
    r.paragraph(`Belum ada jawaban IKM pada ${c.periodName}, sehingga unsur terlemah dan terkuat belum dapat ditentukan.`);
  }
  rencana(c, card);
  realisasi(c);
  tren(c);
  zonaIntegritas(c);
}
