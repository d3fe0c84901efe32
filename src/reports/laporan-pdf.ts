// The Laporan Hasil Survei Kepuasan Masyarakat of a unit and period as a PDF (DOMAIN.md §2.5): the
// cover, Daftar Isi, BAB I–V written from the numbers, the head's signature, and the questionnaire
// and tabulation annexes. Built from the ScoreCards and tallies, so memory does not grow with the
// number of responses; only the per-respondent annex reads responses, capped at ANNEX_ROW_LIMIT.
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { Progress, UnitReportData } from './data.ts';
import { ReportPdf } from './pdf-doc.ts';
import { analisis } from './pdf-laporan-analysis.ts';
import { annexRows, kuesioner, tabulasi } from './pdf-laporan-annex.ts';
import { kesimpulan } from './pdf-laporan-closing.ts';
import { laporanContext, runsZi } from './pdf-laporan-context.ts';
import { pendahuluan, pengumpulanData } from './pdf-laporan-intro.ts';
import { hasil } from './pdf-laporan-results.ts';
import { periodTitle } from './pdf-words.ts';

/** Progress steps besides the annex rows: the cover, six chapters, and the finished file. */
const STEPS = 8;

export async function laporanPdf(db: Kysely<Database>, data: UnitReportData, opts: { createdAt?: Date; onProgress?: Progress } = {}): Promise<Buffer> {
  const createdAt = opts.createdAt ?? new Date();
  const period = periodTitle(data.period);
  const title = `Laporan Hasil Survei Kepuasan Masyarakat ${data.unit.name} ${period}`;
  const r = new ReportPdf({
    title,
    subject: `Survei Kepuasan Masyarakat (PermenPANRB 14/2017) ${data.unit.name}, ${data.instansi.name}, ${period}`,
    author: data.instansi.name,
    createdAt,
    logo: data.instansi.logo?.bytes ?? null,
    header: [data.instansi.name, `${data.unit.name} · Laporan SKM ${period}`],
  });
  const c = laporanContext(r, data, createdAt);
  const rows = annexRows(c);
  const total = STEPS + rows;
  let done = 0;
  const step = (n = 1) => {
    // the rows read may exceed the estimate if responses arrive meanwhile: never past the total
    done = Math.min(done + n, total - 1);
    opts.onProgress?.(done, total);
  };

  const zi = runsZi(c);
  r.cover({
    kicker: 'LAPORAN HASIL',
    title: 'SURVEI KEPUASAN MASYARAKAT',
    subtitle: zi.ipak || zi.ipkp ? `serta ${[zi.ipak && 'Indeks Persepsi Anti Korupsi (IPAK)', zi.ipkp && 'Indeks Persepsi Kualitas Pelayanan (IPKP)'].filter(Boolean).join(' dan ')}` : undefined,
    period: period.toUpperCase(),
    foot: [data.unit.name.toUpperCase(), data.instansi.name.toUpperCase(), data.period.code.slice(0, 4)],
  });
  r.reserveToc(1);
  step();
  for (const chapter of [pendahuluan, pengumpulanData, hasil, analisis, kesimpulan, kuesioner]) {
    chapter(c);
    step();
  }
  await tabulasi(c, db, step);
  const pdf = await r.finish();
  opts.onProgress?.(total, total);
  return pdf;
}
