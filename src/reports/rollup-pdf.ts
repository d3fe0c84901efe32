// "Rekapitulasi Hasil SKM, IPAK dan IPKP" of an instansi for a period, as a landscape PDF: every
// unit ranked by IKM konversi with n against the minimum, mutu, IPAK and IPKP with their ZI
// worksheet values, the WBK/WBBM thresholds met, publication and follow-up, the instansi's total,
// and a summary in words. Numbers are the RollupData's ScoreCards, formatted in Bahasa Indonesia.
import { sampleAdequacy, type ScoreCard } from '../scoring/index.ts';
import { MUTU_COLOR, PANEL, VERDICT_COLOR } from './palette.ts';
import { ReportPdf, type Row } from './pdf-doc.ts';
import { countText, dateText, dayText, indexText, konversiText, mutuText, periodTitle } from './pdf-words.ts';
import type { RollupData, RollupUnit } from './rollup-data.ts';
import { cardOf } from './rollup.ts';

/** "3,7161 / 16,26": the index and its ZI worksheet value, or '–' when not answered */
function ziCell(card: ScoreCard | null): string {
  return card?.zi ? `${indexText(card.index)} / ${konversiText(card.zi.worksheetValue)}` : '–';
}

/** Menuju WBK and WBBM need both indices over their thresholds; unknown while either is unanswered. */
function ziPredicate(t: { ipakWbk: boolean | null; ipakWbbm: boolean | null; ipkpWbk: boolean | null; ipkpWbbm: boolean | null }): { text: string; color?: string } {
  if (t.ipakWbk === null || t.ipkpWbk === null || t.ipakWbbm === null || t.ipkpWbbm === null) return { text: '–' };
  if (t.ipakWbbm && t.ipkpWbbm) return { text: 'WBK dan WBBM', color: VERDICT_COLOR.met };
  if (t.ipakWbk && t.ipkpWbk) return { text: 'WBK', color: VERDICT_COLOR.met };
  return { text: 'Belum', color: VERDICT_COLOR.notMet };
}

function sampleCell(u: { ikm: ScoreCard | null; sample: RollupUnit['sample'] }): { text: string; color?: string } {
  const n = countText(u.ikm?.respondents ?? 0);
  if (!u.sample) return { text: `${n} / –` };
  return { text: `${n} / ${countText(u.sample.minimum)}`, color: u.sample.met ? VERDICT_COLOR.met : VERDICT_COLOR.notMet };
}

function followUpCell(f: RollupUnit['followUp']): string {
  return f.total === 0 ? '–' : `${countText(f.done)} / ${countText(f.total)}`;
}

/** Units published and follow-up actions done / planned, over every unit. */
interface Totals {
  published: number;
  followUp: { done: number; total: number };
}

function totalsOf(units: RollupUnit[]): Totals {
  return {
    published: units.filter((u) => u.publication).length,
    followUp: units.reduce((t, u) => ({ done: t.done + u.followUp.done, total: t.total + u.followUp.total }), { done: 0, total: 0 }),
  };
}

function summary(data: RollupData, period: string, totals: Totals): string[] {
  const units = data.units;
  const surveyed = units.filter((u) => u.ikm);
  const respondents = surveyed.reduce((n, u) => n + u.ikm!.respondents, 0);
  const total = cardOf(data.total, 'ikm');
  const out: string[] = [];
  if (surveyed.length === 0 || !total) {
    out.push(`Pada ${period} belum ada unit di lingkungan ${data.instansi.name} yang memperoleh jawaban SKM.`);
  } else {
    const best = surveyed[0]!;
    const worst = surveyed[surveyed.length - 1]!;
    out.push(
      `Pada ${period}, ${countText(surveyed.length)} dari ${countText(units.length)} unit di lingkungan ${data.instansi.name} telah melaksanakan SKM dengan ${countText(respondents)} responden. IKM ${data.instansi.name} secara keseluruhan adalah ${konversiText(total.konversi)} dengan mutu ${mutuText(total)}.${
        surveyed.length > 1
          ? ` IKM tertinggi diperoleh ${best.unit.name} (${konversiText(best.ikm!.konversi)}) dan terendah ${worst.unit.name} (${konversiText(worst.ikm!.konversi)}).`
          : ''
      }`,
    );
  }
  const withPopulation = units.filter((u) => u.sample);
  const met = withPopulation.filter((u) => u.sample!.met).length;
  out.push(
    withPopulation.length === 0
      ? 'Belum ada unit yang mengisi populasi pengguna layanan, sehingga kecukupan jumlah responden belum dapat dinilai.'
      : `${countText(met)} dari ${countText(withPopulation.length)} unit yang mengisi populasi telah memenuhi jumlah minimum responden (Krejcie dan Morgan)${units.length > withPopulation.length ? `; ${countText(units.length - withPopulation.length)} unit belum mengisi populasi` : ''}.`,
  );
  const measured = units.filter((u) => u.thresholds.ipakWbk !== null && u.thresholds.ipkpWbk !== null);
  if (measured.length > 0) {
    const wbk = measured.filter((u) => u.thresholds.ipakWbk && u.thresholds.ipkpWbk).length;
    const wbbm = measured.filter((u) => u.thresholds.ipakWbbm && u.thresholds.ipkpWbbm).length;
    out.push(`Dari ${countText(measured.length)} unit yang mengukur IPAK dan IPKP, ${countText(wbk)} unit memenuhi ambang komponen hasil Menuju WBK dan ${countText(wbbm)} unit memenuhi ambang Menuju WBBM.`);
  }
  const { published } = totals;
  const { total: plan, done } = totals.followUp;
  out.push(
    `${countText(published)} dari ${countText(units.length)} unit telah mempublikasikan hasilnya. ${
      plan === 0 ? 'Belum ada rencana tindak lanjut yang dicatat untuk periode ini.' : `Dari ${countText(plan)} kegiatan tindak lanjut, ${countText(done)} telah selesai.`
    }`,
  );
  return out;
}

export async function rollupPdf(data: RollupData, opts: { createdAt?: Date } = {}): Promise<Buffer> {
  const createdAt = opts.createdAt ?? new Date();
  const period = periodTitle(data.period);
  const tz = data.instansi.timeZone;
  const totals = totalsOf(data.units);
  const r = new ReportPdf({
    title: `Rekapitulasi Hasil SKM, IPAK dan IPKP ${data.instansi.name} ${period}`,
    subject: `Rekapitulasi Survei Kepuasan Masyarakat, Indeks Persepsi Anti Korupsi dan Indeks Persepsi Kualitas Pelayanan, ${data.instansi.name}, ${period}`,
    author: data.instansi.name,
    createdAt,
    landscape: true,
    logo: data.instansi.logo?.bytes ?? null,
    header: [data.instansi.name, `Rekapitulasi SKM, IPAK dan IPKP · ${period}`],
  });
  r.titleBlock('REKAPITULASI HASIL SKM, IPAK DAN IPKP', [data.instansi.name, `${period} (${dayText(data.period.from)} – ${dayText(data.period.to)})`]);

  r.section('Ringkasan');
  for (const line of summary(data, period, totals)) r.paragraph(line, { after: 4 });

  r.section('Peringkat Unit');
  const rows: Row[] = data.units.map((u) => {
    const sample = sampleCell(u);
    const predicate = ziPredicate(u.thresholds);
    return {
      cells: [
        u.rank === null ? '–' : String(u.rank),
        u.unit.active ? u.unit.name : `${u.unit.name} (nonaktif)`,
        sample.text,
        konversiText(u.ikm?.konversi ?? null),
        u.ikm ? mutuText(u.ikm) : '–',
        ziCell(u.ipak),
        ziCell(u.ipkp),
        predicate.text,
        u.publication ? `Revisi ${u.publication.revision}, ${dateText(u.publication.publishedAt, tz)}` : 'Belum',
        followUpCell(u.followUp),
      ],
      colors: [undefined, undefined, sample.color, undefined, u.ikm?.mutu ? MUTU_COLOR[u.ikm.mutu] : undefined, undefined, undefined, predicate.color, u.publication ? undefined : VERDICT_COLOR.notMet, undefined],
    };
  });
  const ikm = cardOf(data.total, 'ikm');
  const ipak = cardOf(data.total, 'ipak');
  const ipkp = cardOf(data.total, 'ipkp');
  // a pooled minimum only when every unit surveyed entered its population: otherwise n and N would not match
  const surveyed = data.units.filter((u) => u.ikm);
  const pooled = ikm && surveyed.every((u) => u.population !== null) ? sampleAdequacy(ikm.respondents, surveyed.reduce((n, u) => n + u.population!, 0)) : null;
  const totalSample = sampleCell({ ikm, sample: pooled });
  const totalPredicate = ziPredicate({ ipakWbk: ipak?.zi?.wbk.met ?? null, ipakWbbm: ipak?.zi?.wbbm.met ?? null, ipkpWbk: ipkp?.zi?.wbk.met ?? null, ipkpWbbm: ipkp?.zi?.wbbm.met ?? null });
  const followUps = totals.followUp;
  rows.push({
    cells: [
      `${data.instansi.name} (seluruh unit)`,
      totalSample.text,
      konversiText(ikm?.konversi ?? null),
      ikm ? mutuText(ikm) : '–',
      ziCell(ipak),
      ziCell(ipkp),
      totalPredicate.text,
      `${countText(totals.published)} dari ${countText(data.units.length)} unit`,
      followUps.total === 0 ? '–' : `${countText(followUps.done)} / ${countText(followUps.total)}`,
    ],
    spans: [2, 1, 1, 1, 1, 1, 1, 1, 1],
    bold: true,
    fill: PANEL,
    colors: [undefined, totalSample.color, undefined, ikm?.mutu ? MUTU_COLOR[ikm.mutu] : undefined, undefined, undefined, totalPredicate.color, undefined, undefined],
  });
  r.table(
    [
      { header: 'Peringkat', weight: 1.05, align: 'center' },
      { header: 'Unit', weight: 2.8 },
      { header: 'Responden / minimum', weight: 1.35, align: 'right' },
      { header: 'IKM (konversi)', weight: 1.15, align: 'right' },
      { header: 'Mutu', weight: 1.7 },
      { header: 'IPAK (indeks / nilai ZI)', weight: 1.45, align: 'right' },
      { header: 'IPKP (indeks / nilai ZI)', weight: 1.45, align: 'right' },
      { header: 'Ambang ZI terpenuhi', weight: 1.2 },
      { header: 'Publikasi', weight: 1.75 },
      { header: 'Tindak lanjut selesai', weight: 1.05, align: 'right' },
    ],
    rows,
    {
      caption: `Peringkat unit menurut IKM ${period}`,
      note: 'Peringkat menurut konversi IKM (nilai sama, peringkat sama). Responden / minimum: jumlah responden IKM dan jumlah minimum menurut Krejcie dan Morgan dari populasi yang diisi unit ("–": populasi belum diisi). Nilai ZI = indeks ÷ 4 × 17,5. Ambang ZI: Menuju WBK bila IPAK minimal 3,60 dan IPKP minimal 3,20; Menuju WBBM bila keduanya minimal 3,60. Tindak lanjut: kegiatan selesai dari seluruh kegiatan rencana tindak lanjut periode ini.',
    },
  );
  r.paragraph(`Disusun pada ${dateText(createdAt, tz)} dari data survei yang tercatat pada tanggal tersebut.`, { italic: true, size: 8.5, align: 'left' });
  return r.finish();
}
