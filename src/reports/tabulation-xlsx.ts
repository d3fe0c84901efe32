// The tabulation workbook of a unit and period (issue 6): Rekap, Tabulasi, Profil, Saran, IPAK and
// IPKP. The per-respondent Tabulasi streams from the database into the zip, so memory stays flat
// whatever the number of responses; every computed cell is a live formula whose cached value is the
// ScoreCard's number, so Excel, LibreOffice and our dashboard show the same IKM.
import { once } from 'node:events';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { dashboardMessages } from '../i18n/admin-dashboard.ts';
import { periodName, rangeName } from '../i18n/format.ts';
import type { InstrumentKind } from '../instruments/schema.ts';
import type { ScoredInstrument } from '../results/scorecard.ts';
import { type Progress, streamResponses, type UnitReportData } from './data.ts';
import { columnLetter } from './score-csv.ts';
import { addSheet, type Cell, FMT, openWorkbook, orderSheets, userText, type Workbook, writeRow } from './xlsx-book.ts';
import { writeProfilSheet } from './xlsx-profil.ts';
import { startSaran, startTabulasi, type TabulasiFooter } from './xlsx-tabulasi.ts';
import { AnswerTotals } from './xlsx-totals.ts';
import { UNSUR_TABLE_WIDTHS, type UnsurSources, writeFacts, writeMutuLegend, writeTitle, writeUnsurTable } from './xlsx-unsur.ts';

export const TABULATION_SHEETS = ['Rekap', 'Tabulasi', 'Profil', 'Saran', 'IPAK', 'IPKP'] as const;

const dm = dashboardMessages('id');

const TITLES: Record<InstrumentKind, string> = {
  ikm: 'Indeks Kepuasan Masyarakat (IKM)',
  ipak: 'Indeks Persepsi Anti Korupsi (IPAK/IPK)',
  ipkp: 'Indeks Persepsi Kualitas Pelayanan (IPKP)',
};

/**
 * Writes the workbook into `sink` and ends it. Rejects (leaving `sink` unfinished, for the caller to
 * destroy) when the responses change while it is written, since the cached values would then
 * disagree with the rows.
 */
export async function writeTabulationXlsx(db: Kysely<Database>, data: UnitReportData, sink: NodeJS.WritableStream, opts: { onProgress?: Progress } = {}): Promise<void> {
  const workbook = openWorkbook(sink);
  const cardOf = (kind: InstrumentKind) => data.cards.find((c) => c.card.kind === kind);
  const ikm = cardOf('ikm');
  // the big sheets first: a sheet added while another streams is held in memory until that one is zipped
  const tabulasi = startTabulasi(workbook, ikm?.instrument ?? data.questionnaire.find((i) => i.kind === 'ikm'), data.instansi.timeZone);
  const saran = startSaran(workbook);
  const totals = new AnswerTotals();
  let done = 0;
  for await (const batch of streamResponses(db, [data.unit.id], { from: data.period.from, to: data.period.to })) {
    for (const response of batch) {
      tabulasi.add(response);
      saran.add(response);
      totals.add(response.answers);
    }
    done += batch.length;
    opts.onProgress?.(done, Math.max(done, data.respondents.respondents));
    // a slow reader (a download) holds the zip back; wait rather than pile rows up in memory
    if ('writableNeedDrain' in sink && sink.writableNeedDrain) await once(sink, 'drain');
  }
  totals.assertMatches(data.cards);
  const footer = tabulasi.finish(ikm, totals);
  saran.finish();

  const heading: [string, string][] = [
    ['Instansi', userText(data.instansi.name)!],
    ['Unit pelayanan', userText(data.unit.name)!],
    ['Periode', `${periodName(data.period, dm, 'id')} (${rangeName(data.period, dm)})`],
  ];
  writeRekap(workbook, data, heading, ikm, footer, totals);
  writeProfilSheet(workbook, data.respondents, heading);
  for (const kind of ['ipak', 'ipkp'] as const) writeIndexSheet(workbook, data, heading, kind, cardOf(kind), totals);
  orderSheets(workbook, TABULATION_SHEETS);
  await workbook.commit();
}

function writeRekap(workbook: Workbook, data: UnitReportData, heading: [string, string][], ikm: ScoredInstrument | undefined, footer: TabulasiFooter | null, totals: AnswerTotals): void {
  const sheet = addSheet(workbook, 'Rekap', UNSUR_TABLE_WIDTHS);
  writeTitle(sheet, `Rekapitulasi ${TITLES.ikm}`);
  const facts: [string, Cell][] = [...heading, ['Jumlah responden (n)', { value: ikm?.card.respondents ?? 0, numFmt: FMT.count }]];
  if (data.sample && data.population !== null) {
    facts.push(
      ['Populasi pengguna layanan', { value: data.population, numFmt: FMT.count }],
      ['Minimum responden (Krejcie & Morgan)', { value: data.sample.minimum, numFmt: FMT.count }],
      ['Kecukupan sampel', data.sample.met ? dm.sampleMet : dm.sampleNotMet],
    );
  }
  writeFacts(sheet, facts);
  writeRow(sheet, []);
  if (!ikm || !footer || ikm.card.index === null) {
    writeRow(sheet, ['Belum ada jawaban IKM pada periode ini.']);
  } else {
    // answers, sum and NRR of each unsur are the Tabulasi's footer cells
    const tab = (columns: number[], row: number) =>
      columns.length === 1 ? `Tabulasi!${columnLetter(columns[0]!)}${row}` : `SUM(Tabulasi!${columnLetter(columns[0]!)}${row}:${columnLetter(columns.at(-1)!)}${row})`;
    const instrumentId = ikm.instrument.id;
    writeUnsurTable(sheet, ikm, 'IKM', (unsur): UnsurSources => {
      const columns = footer.unsurColumns.get(unsur.code)!;
      const items = ikm.instrument.unsur.find((u) => u.code === unsur.code)!.items;
      const sum = items.reduce((n, item) => n + totals.item(instrumentId, item.code).sum, 0);
      return {
        answers: { formula: tab(columns, footer.answers), result: unsur.answers },
        total: { formula: tab(columns, footer.total), result: sum },
        nrr: unsur.nrr === null ? null : () => `Tabulasi!${columnLetter(columns[0]!)}${footer.nrr}`,
      };
    });
    writeMutuLegend(sheet);
  }
  sheet.commit();
}

function writeIndexSheet(workbook: Workbook, data: UnitReportData, heading: [string, string][], kind: 'ipak' | 'ipkp', scored: ScoredInstrument | undefined, totals: AnswerTotals): void {
  const name = kind.toUpperCase();
  const sheet = addSheet(workbook, name, UNSUR_TABLE_WIDTHS);
  writeTitle(sheet, TITLES[kind]);
  if (!scored || scored.card.index === null) {
    const runs = data.questionnaire.some((i) => i.kind === kind);
    writeRow(sheet, [runs ? `Belum ada jawaban ${name} pada periode ini.` : `Unit ini tidak menjalankan survei ${name} pada periode ini.`]);
    sheet.commit();
    return;
  }
  writeFacts(sheet, [...heading, ['Jumlah responden (n)', { value: scored.card.respondents, numFmt: FMT.count }]]);
  writeRow(sheet, []);
  const id = scored.instrument.id;
  writeUnsurTable(sheet, scored, name, (unsur): UnsurSources => {
    const items = scored.instrument.unsur.find((u) => u.code === unsur.code)!.items.map((item) => totals.item(id, item.code)).filter((t) => t.count > 0);
    return {
      answers: unsur.answers,
      total: items.reduce((n, t) => n + t.sum, 0),
      // one item: sum ÷ answers on the row; several: the mean of the item means, spelled out
      nrr: items.length === 0 ? null : items.length === 1 ? (row) => `D${row}/C${row}` : () => `AVERAGE(${items.map((t) => `${t.sum}/${t.count}`).join(',')})`,
    };
  });
  sheet.commit();
}
