// What every chapter of the Laporan SKM reads: the report's data, the cards it is about, and the
// document being written.
import type { Instrument } from '../instruments/schema.ts';
import type { ScoredInstrument } from '../results/scorecard.ts';
import type { UnitReportData } from './data.ts';
import type { ReportPdf } from './pdf-doc.ts';
import { cardOf, periodTitle } from './pdf-words.ts';

export interface LaporanContext {
  r: ReportPdf;
  data: UnitReportData;
  /** the IKM (and IPAK, IPKP) card of the period; undefined when not answered */
  ikm: ScoredInstrument | undefined;
  ipak: ScoredInstrument | undefined;
  ipkp: ScoredInstrument | undefined;
  /** the instrument of each kind the unit asks now */
  asks: { ikm: Instrument | undefined; ipak: Instrument | undefined; ipkp: Instrument | undefined };
  /** "Triwulan III Tahun 2026" */
  periodName: string;
  createdAt: Date;
}

export function laporanContext(r: ReportPdf, data: UnitReportData, createdAt: Date): LaporanContext {
  const find = (kind: Instrument['kind']) => data.questionnaire.find((q) => q.kind === kind);
  return {
    r,
    data,
    ikm: cardOf(data.cards, 'ikm', data.questionnaire),
    ipak: cardOf(data.cards, 'ipak', data.questionnaire),
    ipkp: cardOf(data.cards, 'ipkp', data.questionnaire),
    asks: { ikm: find('ikm'), ipak: find('ipak'), ipkp: find('ipkp') },
    periodName: periodTitle(data.period),
    createdAt,
  };
}

/** The unit runs (or in this period answered) IPAK or IPKP: the report carries the ZI parts. */
export function runsZi(c: LaporanContext): { ipak: boolean; ipkp: boolean } {
  return { ipak: Boolean(c.asks.ipak || c.ipak), ipkp: Boolean(c.asks.ipkp || c.ipkp) };
}
