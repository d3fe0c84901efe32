// The machine-readable export of an instansi for a period (any kind; "quarterly" because the
// triwulan is the norm): every unit's ScoreCards, per layanan too, with the counts national systems
// ask for. One read of the tallies per slicing for all units together, whatever their number.
// The document is checked against its published schema before it leaves.
import { type Kysely, sql } from 'kysely';
import type { Channel, Database } from '../db/types.ts';
import type { Period } from '../results/period.ts';
import { respondentsOf } from '../results/publication.ts';
import { loadScoreCardSlices, type ScoredInstrument } from '../results/scorecard.ts';
import { QUARTERLY_EXPORT_SCHEMA, type QuarterlyExport, quarterlyExportSchema } from './quarterly-schema.ts';
import { cardOf, loadUnitFacts, sampleOf } from './rollup.ts';

export { type QuarterlyExport, quarterlyExportSchema } from './quarterly-schema.ts';
export { writeQuarterlyZip } from './quarterly-zip.ts';

type Channels = Record<Channel, number>;
const noChannels = (): Channels => ({ qr: 0, kiosk: 0, invitation: 0, paper: 0 });

/**
 * The export of every unit of the instansi for the period, or, with `unitId`, of that unit only
 * (the per-unit JSON of `survei report --format json`); the unit must belong to the instansi.
 */
export async function loadQuarterlyExport(db: Kysely<Database>, instansiId: string, period: Period, opts: { unitId?: string } = {}): Promise<QuarterlyExport> {
  let unitQuery = db
    .selectFrom('unit as u')
    .leftJoin('unit as p', 'p.id', 'u.parent_id')
    .where('u.instansi_id', '=', instansiId)
    .select(['u.id', 'u.slug', 'u.name', 'u.active', 'p.slug as parent'])
    .orderBy('u.slug');
  if (opts.unitId) unitQuery = unitQuery.where('u.id', '=', opts.unitId);
  const [instansi, units] = await Promise.all([
    db.selectFrom('instansi').where('id', '=', instansiId).select(['slug', 'name', 'time_zone']).executeTakeFirstOrThrow(),
    unitQuery.execute(),
  ]);
  if (opts.unitId && units.length === 0) throw new Error(`unit ${opts.unitId} is not a unit of instansi ${instansi.slug}`);
  const facts = await loadUnitFacts(db, instansiId, period, units, {
    keepAll: Boolean(opts.unitId),
    extra: (unitIds, range) =>
      Promise.all([
        loadScoreCardSlices(db, { unitIds }, { range, by: 'layanan' }),
        unitIds.length === 0
          ? []
          : db
              .selectFrom('respondent_tally')
              .where('unit_id', 'in', unitIds)
              .where('local_date', '>=', range.from)
              .where('local_date', '<=', range.to)
              .where('dimension', '=', 'channel')
              .select(['unit_id', 'value', sql<number>`sum(respondents)`.as('n')])
              .groupBy(['unit_id', 'value'])
              .execute(),
        unitIds.length === 0 ? [] : db.selectFrom('layanan').where('unit_id', 'in', unitIds).select(['id', 'unit_id', 'name']).execute(),
      ]),
  });
  const [perLayanan, channelRows, layanan] = facts.extra;
  const channelsOf = new Map<string, Channels>();
  const totalChannels = noChannels();
  for (const r of channelRows) {
    const channel = r.value as Channel;
    const counts = channelsOf.get(r.unit_id) ?? noChannels();
    counts[channel] += Number(r.n);
    totalChannels[channel] += Number(r.n);
    channelsOf.set(r.unit_id, counts);
  }
  const layananOf = new Map<string, { name: string; scorecards: ScoredInstrument[] }[]>();
  for (const l of layanan) {
    const cards = perLayanan.get(l.id);
    if (!cards) continue;
    const list = layananOf.get(l.unit_id) ?? [];
    list.push({ name: l.name, scorecards: cards });
    layananOf.set(l.unit_id, list);
  }
  const totalCards = facts.total;
  const doc: QuarterlyExport = {
    schema: QUARTERLY_EXPORT_SCHEMA,
    generatedAt: new Date().toISOString(),
    period: { code: period.code, kind: period.kind, from: period.from, to: period.to },
    instansi: { slug: instansi.slug, name: instansi.name, timeZone: instansi.time_zone as QuarterlyExport['instansi']['timeZone'] },
    units: facts.units.map((u) => {
      const cards = facts.perUnit.get(u.id) ?? [];
      const unitPopulation = facts.population(u.id);
      const sample = sampleOf(unitPopulation, cardOf(cards, 'ikm'));
      const publication = facts.publication(u.id);
      return {
        slug: u.slug,
        name: u.name,
        parent: u.parent,
        active: u.active,
        population: unitPopulation,
        minimumSample: sample?.minimum ?? null,
        sampleMet: sample?.met ?? null,
        respondents: respondentsOf(cards),
        channels: channelsOf.get(u.id) ?? noChannels(),
        publication: publication ? { revision: publication.revision, publishedAt: publication.publishedAt.toISOString() } : null,
        followUp: facts.followUp(u.id),
        scorecards: cards.map((c) => c.card),
        perLayanan: (layananOf.get(u.id) ?? [])
          .sort((a, b) => a.name.localeCompare(b.name, 'id'))
          .map((l) => ({ name: l.name, scorecards: l.scorecards.map((c) => c.card) })),
      };
    }),
    total: { respondents: respondentsOf(totalCards), channels: totalChannels, scorecards: totalCards.map((c) => c.card) },
  };
  return quarterlyExportSchema.parse(doc);
}
