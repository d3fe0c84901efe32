// The ZI evidence of a unit and year (types in zi-evidence.ts): the year's IKM, IPAK and IPKP, the
// four triwulan, the year's publications online, the results posters printed for the counter (from
// the audit log) and how much of the year's follow-up plan is done.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.ts';
import { foldPending } from '../results/fold.ts';
import { parsePeriod } from '../results/period.ts';
import { loadScoreCardSlices } from '../results/scorecard.ts';
import { loadTrend } from '../results/trend.ts';
import type { ScoreCard } from '../scoring/index.ts';
import { cardOf, currentUnitPublications, reportInstansi } from './rollup.ts';
import type { ZiEvidence, ZiIndexEvidence } from './zi-evidence.ts';

/** Every period code of a year: the year, its semesters and its triwulan. */
function yearPeriodCodes(year: number): string[] {
  return [String(year), `${year}-S1`, `${year}-S2`, `${year}-Q1`, `${year}-Q2`, `${year}-Q3`, `${year}-Q4`];
}

function ziIndex(card: ScoreCard | null): ZiIndexEvidence {
  return { card, worksheetValue: card?.zi?.worksheetValue ?? null, wbk: card?.zi?.wbk.met ?? null, wbbm: card?.zi?.wbbm.met ?? null };
}

export async function loadZiEvidence(db: Kysely<Database>, unitId: string, year: number): Promise<ZiEvidence> {
  const unit = await db.selectFrom('unit').where('id', '=', unitId).select(['id', 'instansi_id', 'slug', 'name', 'head_name', 'head_nip', 'address']).executeTakeFirstOrThrow();
  const whole = parsePeriod(String(year));
  if (!whole) throw new RangeError(`year must have four digits (got ${year})`);
  const quarters = [1, 2, 3, 4].map((q) => parsePeriod(`${year}-Q${q}`)!);
  const codes = yearPeriodCodes(year);
  const scope = { unitIds: [unitId] };
  // fold once, so the year and its triwulan count the same responses
  await foldPending(db);
  const [instansi, yearCards, trend, publications, posters, followUps] = await Promise.all([
    reportInstansi(db, unit.instansi_id),
    loadScoreCardSlices(db, scope, { ranges: [{ from: whole.from, to: whole.to }] }),
    loadTrend(db, scope, quarters),
    currentUnitPublications(db, unit.instansi_id, codes),
    // a poster counts for the year whose results it showed, whenever it was printed
    db
      .selectFrom('audit_log')
      .where('action', '=', 'publication.poster')
      .where('target_type', '=', 'unit')
      .where('target_id', '=', unitId)
      .where(sql<string>`detail->>'period'`, 'in', codes)
      .select(['at', sql<string>`detail->>'loket'`.as('loket'), sql<string>`detail->>'period'`.as('period')])
      .orderBy('at')
      .orderBy('id')
      .execute(),
    db.selectFrom('follow_up').where('unit_id', '=', unitId).where('period', 'in', codes).select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute(),
  ]);
  const cards = yearCards.get('1');
  const skmPeriods = trend.map((point) => {
    const ikm = cardOf(point.cards, 'ikm');
    return { code: point.period.code, respondents: ikm?.respondents ?? 0, konversi: ikm?.konversi ?? null, mutu: ikm?.mutu ?? null };
  });
  const total = followUps.reduce((n, r) => n + Number(r.n), 0);
  const done = Number(followUps.find((r) => r.status === 'done')?.n ?? 0);
  return {
    instansi,
    unit: { id: unit.id, slug: unit.slug, name: unit.name, headName: unit.head_name, headNip: unit.head_nip, address: unit.address },
    year,
    ikm: cardOf(cards, 'ikm'),
    ipak: ziIndex(cardOf(cards, 'ipak')),
    ipkp: ziIndex(cardOf(cards, 'ipkp')),
    skmPeriods,
    periodsRun: skmPeriods.filter((p) => p.respondents > 0).length,
    publishedOnline: (publications.get(unitId) ?? []).sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime() || a.period.localeCompare(b.period)),
    publishedAtServicePoint: posters.map((p) => ({ at: p.at, loket: p.loket, period: p.period })),
    followUp: { total, done, share: total === 0 ? null : done / total },
  };
}
