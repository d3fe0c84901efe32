// The report downloads (GET, for anyone who reaches the unit; the instansi's own for those who read
// all of it): every number comes from the same ScoreCards the dashboard shows.
// - /admin/reports/:unit/laporan.pdf, tabulasi.xlsx, jawaban.csv, scorecard.csv, data.json (?period=)
//   and zi-bukti.pdf (?year=);
// - /admin/reports/_instansi/rekap.pdf, rekap.xlsx, export.json, export.zip (?period=).
// The tabulation and the responses carry per-respondent data: each download of them is audited.
import { type Context, Hono } from 'hono';
import { loadUnitReport } from '../../reports/data.ts';
import { laporanPdf } from '../../reports/laporan-pdf.ts';
import { loadQuarterlyExport, writeQuarterlyZip } from '../../reports/quarterly.ts';
import { writeResponsesCsv } from '../../reports/responses-csv.ts';
import { loadRollup } from '../../reports/rollup.ts';
import { rollupPdf } from '../../reports/rollup-pdf.ts';
import { writeRollupXlsx } from '../../reports/rollup-xlsx.ts';
import { scoreCardsCsv } from '../../reports/scorecards-csv.ts';
import { writeTabulationXlsx } from '../../reports/tabulation-xlsx.ts';
import { loadZiEvidence } from '../../reports/zi-evidence-load.ts';
import { ziEvidencePdf } from '../../reports/zi-evidence-pdf.ts';
import { loadScoreCards } from '../../results/scorecard.ts';
import { unitInReach } from '../access.ts';
import { audit } from '../audit.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { CONTENT_TYPES, sendDownload, streamDownload } from './download.ts';
import { INSTANSI_SCOPE, instansiInReach, requiredPeriod, requiredYear } from './scope.ts';

type Ctx = Context<AdminEnv>;

export function downloadRoutes({ db }: AdminDeps) {
  const app = new Hono<AdminEnv>();

  async function unitAndPeriod(c: Ctx) {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit')!);
    return { unit, period: requiredPeriod(c.req.query('period'), c.get('lang')) };
  }

  async function instansiAndPeriod(c: Ctx) {
    const instansi = await instansiInReach(db, c.get('user'));
    return { instansi, period: requiredPeriod(c.req.query('period'), c.get('lang')) };
  }

  /** Per-respondent data left the workspace: who, which unit, which file and period. */
  async function auditExport(c: Ctx, unit: { id: string; instansiId: string }, format: string, period: string) {
    await audit(db, { instansiId: unit.instansiId, userId: c.get('user').id, action: 'report.export', targetType: 'unit', targetId: unit.id, detail: { format, period }, address: c.get('address') });
  }

  app.get('/admin/reports/:unit/laporan.pdf', async (c) => {
    const { unit, period } = await unitAndPeriod(c);
    const pdf = await laporanPdf(db, await loadUnitReport(db, unit.id, period));
    return sendDownload(c, { type: CONTENT_TYPES.pdf, filename: `laporan-skm-${unit.slug}-${period.code}.pdf` }, pdf);
  });

  app.get('/admin/reports/:unit/tabulasi.xlsx', async (c) => {
    const { unit, period } = await unitAndPeriod(c);
    const data = await loadUnitReport(db, unit.id, period);
    await auditExport(c, unit, 'xlsx', period.code);
    return streamDownload(c, { type: CONTENT_TYPES.xlsx, filename: `tabulasi-skm-${unit.slug}-${period.code}.xlsx` }, (sink) => writeTabulationXlsx(db, data, sink));
  });

  app.get('/admin/reports/:unit/jawaban.csv', async (c) => {
    const { unit, period } = await unitAndPeriod(c);
    const data = await loadUnitReport(db, unit.id, period);
    await auditExport(c, unit, 'csv', period.code);
    return streamDownload(c, { type: CONTENT_TYPES.csv, filename: `jawaban-${unit.slug}-${period.code}.csv` }, (sink) => writeResponsesCsv(db, data, sink));
  });

  app.get('/admin/reports/:unit/scorecard.csv', async (c) => {
    const { unit, period } = await unitAndPeriod(c);
    const cards = await loadScoreCards(db, { unitIds: [unit.id] }, { from: period.from, to: period.to });
    const csv = scoreCardsCsv(cards.map((card) => ({ unit: unit.slug, period: period.code, card })));
    return sendDownload(c, { type: CONTENT_TYPES.csv, filename: `scorecard-${unit.slug}-${period.code}.csv` }, csv);
  });

  app.get('/admin/reports/:unit/data.json', async (c) => {
    const { unit, period } = await unitAndPeriod(c);
    const doc = await loadQuarterlyExport(db, unit.instansiId, period, { unitId: unit.id });
    return sendDownload(c, { type: CONTENT_TYPES.json, filename: `data-${unit.slug}-${period.code}.json` }, `${JSON.stringify(doc, null, 2)}\n`);
  });

  app.get('/admin/reports/:unit/zi-bukti.pdf', async (c) => {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit'));
    const year = requiredYear(c.req.query('year'), c.get('lang'));
    const pdf = await ziEvidencePdf(await loadZiEvidence(db, unit.id, year));
    return sendDownload(c, { type: CONTENT_TYPES.pdf, filename: `bukti-zi-${unit.slug}-${year}.pdf` }, pdf);
  });

  app.get(`/admin/reports/${INSTANSI_SCOPE}/rekap.pdf`, async (c) => {
    const { instansi, period } = await instansiAndPeriod(c);
    const pdf = await rollupPdf(await loadRollup(db, instansi.id, period));
    return sendDownload(c, { type: CONTENT_TYPES.pdf, filename: `rekapitulasi-${instansi.slug}-${period.code}.pdf` }, pdf);
  });

  app.get(`/admin/reports/${INSTANSI_SCOPE}/rekap.xlsx`, async (c) => {
    const { instansi, period } = await instansiAndPeriod(c);
    const data = await loadRollup(db, instansi.id, period);
    return streamDownload(c, { type: CONTENT_TYPES.xlsx, filename: `rekapitulasi-${instansi.slug}-${period.code}.xlsx` }, (sink) => writeRollupXlsx(data, sink));
  });

  app.get(`/admin/reports/${INSTANSI_SCOPE}/export.json`, async (c) => {
    const { instansi, period } = await instansiAndPeriod(c);
    const doc = await loadQuarterlyExport(db, instansi.id, period);
    return sendDownload(c, { type: CONTENT_TYPES.json, filename: `ekspor-${instansi.slug}-${period.code}.json` }, `${JSON.stringify(doc, null, 2)}\n`);
  });

  app.get(`/admin/reports/${INSTANSI_SCOPE}/export.zip`, async (c) => {
    const { instansi, period } = await instansiAndPeriod(c);
    const doc = await loadQuarterlyExport(db, instansi.id, period);
    return streamDownload(c, { type: CONTENT_TYPES.zip, filename: `ekspor-${instansi.slug}-${period.code}.zip` }, (sink) => writeQuarterlyZip(doc, sink));
  });

  return app;
}
