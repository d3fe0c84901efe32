// The ZI evidence sheet of a unit and year: the komponen hasil values the ZI worksheet takes (IPAK
// and IPKP worksheet values), how many SKM periods were run, whether the results were published
// online and at the service point, and the share of follow-up actions done.
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { ScoreCard } from '../scoring/index.ts';
import type { ReportInstansi, ReportUnit } from './data.ts';

export interface ZiIndexEvidence {
  /** the year's card (null: not answered in the year) */
  card: ScoreCard | null;
  /** index ÷ 4 × 17.5, 2 decimals */
  worksheetValue: number | null;
  wbk: boolean | null;
  wbbm: boolean | null;
}

export interface ZiEvidence {
  instansi: ReportInstansi;
  unit: ReportUnit;
  year: number;
  ikm: ScoreCard | null;
  ipak: ZiIndexEvidence;
  ipkp: ZiIndexEvidence;
  /** the four triwulan of the year with their IKM (null: no response in that triwulan) */
  skmPeriods: { code: string; respondents: number; konversi: number | null; mutu: ScoreCard['mutu'] }[];
  /** how many triwulan had responses */
  periodsRun: number;
  /** the periods of the year (any kind) with a visible unit publication: results online */
  publishedOnline: { period: string; revision: number; publishedAt: Date }[];
  /** when the unit's results poster was printed for the counter (audit log), showing results of a period of the year (`period`) */
  publishedAtServicePoint: { at: Date; loket: string; period: string }[];
  /** follow-up actions of the year's periods */
  followUp: { total: number; done: number; share: number | null };
}

export type LoadZiEvidence = (db: Kysely<Database>, unitId: string, year: number) => Promise<ZiEvidence>;
