// The instansi's rekapitulasi for a period: every unit's IKM, IPAK (IPK) and IPKP with n against
// the minimum, the thresholds met, publication and follow-up status, ranked by IKM.
import type { Kysely } from 'kysely';
import type { FollowUpStatus, Database } from '../db/types.ts';
import type { Period } from '../results/period.ts';
import type { ScoredInstrument } from '../results/scorecard.ts';
import type { SampleAdequacy, ScoreCard } from '../scoring/index.ts';
import type { ReportInstansi } from './data.ts';

export interface RollupUnit {
  unit: { id: string; slug: string; name: string; active: boolean };
  /** the unit's own cards for the period (null: that index was not answered) */
  ikm: ScoreCard | null;
  ipak: ScoreCard | null;
  ipkp: ScoreCard | null;
  population: number | null;
  /** against the IKM's respondents; null without a population */
  sample: SampleAdequacy | null;
  /** the ZI thresholds on the worksheet values (null: the index was not answered) */
  thresholds: { ipakWbk: boolean | null; ipakWbbm: boolean | null; ipkpWbk: boolean | null; ipkpWbbm: boolean | null };
  /** the newest visible publication of the unit for the period */
  publication: { revision: number; publishedAt: Date } | null;
  followUp: Record<FollowUpStatus, number> & { total: number };
  /** 1 = highest IKM konversi (ties share a rank); null without an IKM */
  rank: number | null;
}

export interface RollupData {
  instansi: ReportInstansi;
  period: Period;
  /** ranked: by IKM konversi descending, then by name; units without an IKM last */
  units: RollupUnit[];
  /** the instansi as a whole (all units pooled), as the dashboard's instansi view shows it */
  total: ScoredInstrument[];
}

export type LoadRollup = (db: Kysely<Database>, instansiId: string, period: Period) => Promise<RollupData>;
