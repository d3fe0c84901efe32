// What every report of a unit and period reads (the Laporan SKM, the tabulation, the exports): the
// ScoreCards and their slices from the tallies, the unit's profile, population, follow-up and
// publication, and, for the per-respondent annexes, the counted responses as a stream of batches.
// Every number a report prints comes from these ScoreCards, so it is the dashboard's number.
import { type Kysely, sql } from 'kysely';
import type { TimeZone } from '../config.ts';
import type { Channel, Database, ResponseProfile } from '../db/types.ts';
import type { Instrument } from '../instruments/schema.ts';
import { type FollowUpAction, listFollowUps } from '../admin/follow-up/store.ts';
import { dashboardMessages } from '../i18n/admin-dashboard.ts';
import { type RespondentBreakdown, loadRespondentBreakdown } from '../results/breakdowns.ts';
import { foldPending } from '../results/fold.ts';
import { type Period, periodBefore, periodsEndingWith } from '../results/period.ts';
import { currentPublication, type Publication } from '../results/publication.ts';
import { type DateRange, loadScoreCardSlices, type ScoredInstrument } from '../results/scorecard.ts';
import { loadTrend, type TrendPoint } from '../results/trend.ts';
import { type SampleAdequacy, sampleAdequacy } from '../scoring/index.ts';

/** How many periods of the report's kind the trend shows, ending with the report's own. */
const REPORT_TREND_PERIODS = 4;

const dm = dashboardMessages('id');

export interface ReportInstansi {
  id: string;
  slug: string;
  name: string;
  timeZone: TimeZone;
  /** PNG or JPEG only (what a PDF can embed); an SVG logo is left out */
  logo: { bytes: Uint8Array; type: 'image/png' | 'image/jpeg' } | null;
}

/** An instansi row as the report pages print it: the logo kept only when it is a PNG or JPEG. */
export function toReportInstansi(row: { id: string; slug: string; name: string; time_zone: string; logo: Uint8Array | null; logo_type: string | null }): ReportInstansi {
  const type = row.logo_type;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    timeZone: row.time_zone as TimeZone,
    logo: row.logo && (type === 'image/png' || type === 'image/jpeg') ? { bytes: row.logo, type } : null,
  };
}

export interface ReportUnit {
  id: string;
  slug: string;
  name: string;
  headName: string | null;
  headNip: string | null;
  address: string | null;
}

export interface Slice {
  /** null: responses without a loket (or layanan) */
  id: string | null;
  name: string;
  cards: ScoredInstrument[];
}

export type Progress = (done: number, total: number) => void;

export interface UnitReportData {
  instansi: ReportInstansi;
  unit: ReportUnit;
  period: Period;
  /** IKM first, then IPAK, IPKP (as loadScoreCards orders them); empty when nothing was answered */
  cards: ScoredInstrument[];
  perLayanan: Slice[];
  perLoket: Slice[];
  respondents: RespondentBreakdown;
  /** the service users the Tim Survei entered for the period (null: not entered) */
  population: number | null;
  /** minimum (Krejcie & Morgan) against the IKM's respondents; null without a population */
  sample: SampleAdequacy | null;
  /** the last REPORT_TREND_PERIODS periods of the report's kind, oldest first, the report's last */
  trend: TrendPoint[];
  followUps: FollowUpAction[];
  previousPeriod: Period;
  /** the plan of the period before, with its realisation (status, evidence) */
  previousFollowUps: FollowUpAction[];
  /** the newest visible publication of the unit for the period */
  publication: Publication | undefined;
  /** the instruments the unit runs, as it asks them now (the questionnaire annex) */
  questionnaire: Instrument[];
  /** first and last local day with a counted response in the period */
  fieldwork: { from: string; to: string } | null;
  lokets: { id: string; code: string; name: string }[];
  layanan: { id: string; name: string }[];
}

/** Everything the reports of one unit and period print; the unit must exist. */
export async function loadUnitReport(db: Kysely<Database>, unitId: string, period: Period): Promise<UnitReportData> {
  const unitRow = await db
    .selectFrom('unit as u')
    .innerJoin('instansi as i', 'i.id', 'u.instansi_id')
    .where('u.id', '=', unitId)
    .select(['u.id', 'u.slug', 'u.name', 'u.head_name', 'u.head_nip', 'u.address', 'i.id as instansi_id', 'i.slug as instansi_slug', 'i.name as instansi_name', 'i.time_zone', 'i.logo', 'i.logo_type'])
    .executeTakeFirstOrThrow();
  const scope = { unitIds: [unitId] };
  const range: DateRange = { from: period.from, to: period.to };
  const previousPeriod = periodBefore(period);
  // fold once, so every read below counts the same responses
  await foldPending(db);
  const [main, perLayanan, perLoket, trend, respondents, population, followUps, previousFollowUps, publication, questionnaire, fieldwork, lokets, layanan] = await Promise.all([
    loadScoreCardSlices(db, scope, { ranges: [range] }),
    loadScoreCardSlices(db, scope, { range, by: 'layanan' }),
    loadScoreCardSlices(db, scope, { range, by: 'loket' }),
    loadTrend(db, scope, periodsEndingWith(period, REPORT_TREND_PERIODS)),
    loadRespondentBreakdown(db, scope, range),
    db.selectFrom('population').where('unit_id', '=', unitId).where('period', '=', period.code).select('users').executeTakeFirst(),
    listFollowUps(db, unitId, period.code),
    listFollowUps(db, unitId, previousPeriod.code),
    currentPublication(db, { instansiId: unitRow.instansi_id, unitId }, period.code),
    unitQuestionnaire(db, unitId),
    db
      .selectFrom('response_tally')
      .where('unit_id', '=', unitId)
      .where('local_date', '>=', range.from)
      .where('local_date', '<=', range.to)
      .where('respondents', '>', 0)
      .select([sql<string | null>`min(local_date)::text`.as('from'), sql<string | null>`max(local_date)::text`.as('to')])
      .executeTakeFirst(),
    db.selectFrom('loket').where('unit_id', '=', unitId).select(['id', 'code', 'name']).orderBy('code').execute(),
    db.selectFrom('layanan').where('unit_id', '=', unitId).select(['id', 'name']).orderBy('name').execute(),
  ]);
  const cards = main.get('1') ?? [];
  const ikm = cards.find((c) => c.card.kind === 'ikm');
  const users = population?.users ?? null;
  const slices = (map: Map<string | null, ScoredInstrument[]>, names: Map<string, string>, none: string): Slice[] =>
    [...map.entries()]
      .map(([id, list]) => ({ id, name: id === null ? none : (names.get(id) ?? id), cards: list }))
      .sort((a, b) => (a.id === null ? 1 : b.id === null ? -1 : a.name.localeCompare(b.name, 'id')));
  return {
    instansi: toReportInstansi({ id: unitRow.instansi_id, slug: unitRow.instansi_slug, name: unitRow.instansi_name, time_zone: unitRow.time_zone, logo: unitRow.logo, logo_type: unitRow.logo_type }),
    unit: { id: unitRow.id, slug: unitRow.slug, name: unitRow.name, headName: unitRow.head_name, headNip: unitRow.head_nip, address: unitRow.address },
    period,
    cards,
    perLayanan: slices(perLayanan, new Map(layanan.map((l) => [l.id, l.name])), dm.noLayanan),
    perLoket: slices(perLoket, new Map(lokets.map((l) => [l.id, `${l.code} – ${l.name}`])), dm.noLoket),
    respondents,
    population: users,
    sample: users === null ? null : sampleAdequacy(ikm?.card.respondents ?? 0, users),
    trend,
    followUps,
    previousPeriod,
    previousFollowUps,
    publication,
    questionnaire,
    fieldwork: fieldwork?.from && fieldwork.to ? { from: fieldwork.from, to: fieldwork.to } : null,
    lokets,
    layanan,
  };
}

/** The instruments a unit runs (enabled first, in the unit's order), each as its current version asks it. */
async function unitQuestionnaire(db: Kysely<Database>, unitId: string): Promise<Instrument[]> {
  const rows = await db
    .selectFrom('unit_instrument as ui')
    .innerJoin('instrument_version as v', 'v.id', 'ui.version_id')
    .where('ui.unit_id', '=', unitId)
    .where('ui.enabled', '=', true)
    .select('v.definition')
    .orderBy('ui.position')
    .execute();
  return rows.map((r) => r.definition as Instrument);
}

/** One counted response as the annexes and exports list it. */
export interface ReportResponse extends ResponseProfile {
  id: string;
  submittedAt: Date;
  localDate: string;
  channel: Channel;
  loketCode: string | null;
  loketName: string | null;
  layananName: string | null;
  /** answers by instrument id (the definition's id, as ScoreCard.instrument names it), then item code */
  answers: Map<string, Record<string, number>>;
}

const RESPONSE_BATCH = 1000;

/**
 * The counted (not excluded) responses of the units in a range, oldest day first, in batches: memory
 * stays at one batch whatever the number of responses. Keyset paging on (local_date, id).
 */
export async function* streamResponses(db: Kysely<Database>, unitIds: readonly string[], range: DateRange, batchSize = RESPONSE_BATCH): AsyncGenerator<ReportResponse[]> {
  if (unitIds.length === 0) return;
  // instrument.code is the definition's id (every version of an instrument keeps it)
  const versions = await db.selectFrom('instrument_version as v').innerJoin('instrument as i', 'i.id', 'v.instrument_id').select(['v.id', 'i.code']).execute();
  const instrumentOf = new Map(versions.map((v) => [v.id, v.code]));
  const [lokets, layanan] = await Promise.all([
    db.selectFrom('loket').where('unit_id', 'in', [...unitIds]).select(['id', 'code', 'name']).execute(),
    db.selectFrom('layanan').where('unit_id', 'in', [...unitIds]).select(['id', 'name']).execute(),
  ]);
  const loketOf = new Map(lokets.map((l) => [l.id, l]));
  const layananOf = new Map(layanan.map((l) => [l.id, l.name]));
  let after: { day: string; id: string } | null = null;
  for (;;) {
    let query = db
      .selectFrom('response')
      .where('unit_id', 'in', [...unitIds])
      .where('local_date', '>=', range.from)
      .where('local_date', '<=', range.to)
      .where('excluded_at', 'is', null)
      .select(['id', 'submitted_at', sql<string>`local_date::text`.as('local_date'), 'channel', 'loket_id', 'layanan_id', 'gender', 'age', 'education', 'occupation', 'disability', 'saran', 'answers'])
      .orderBy('local_date')
      .orderBy('id')
      .limit(batchSize);
    if (after) {
      const { day, id } = after;
      query = query.where(sql<boolean>`(local_date, id) > (${day}::date, ${id}::uuid)`);
    }
    const rows = await query.execute();
    if (rows.length === 0) return;
    yield rows.map((r) => {
      const answers = new Map<string, Record<string, number>>();
      for (const [versionId, items] of Object.entries(r.answers)) {
        const instrument = instrumentOf.get(versionId) ?? versionId;
        answers.set(instrument, { ...answers.get(instrument), ...items });
      }
      const loket = r.loket_id ? loketOf.get(r.loket_id) : undefined;
      return {
        id: r.id,
        submittedAt: r.submitted_at,
        localDate: r.local_date,
        channel: r.channel,
        loketCode: loket?.code ?? null,
        loketName: loket?.name ?? null,
        layananName: r.layanan_id ? (layananOf.get(r.layanan_id) ?? null) : null,
        gender: r.gender,
        age: r.age,
        education: r.education,
        occupation: r.occupation,
        disability: r.disability,
        saran: r.saran,
        answers,
      };
    });
    const last = rows[rows.length - 1]!;
    after = { day: last.local_date, id: last.id };
    if (rows.length < batchSize) return;
  }
}
