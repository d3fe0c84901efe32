// Publications: a unit's (or the whole instansi's) results for a period, frozen as they were when
// the Tim Survei published them. Later responses, exclusions or imports never change a published
// number; publishing again makes a new revision that says what changed. The snapshot's zod schema
// is the public contract: the open-data API validates its answers with it and documents it.
import { type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { audit } from '../admin/audit.ts';
import type { Database } from '../db/types.ts';
import { AppError } from '../http/errors.ts';
import { INSTRUMENT_KINDS } from '../instruments/schema.ts';
import { sampleAdequacy } from '../scoring/index.ts';
import type { ScoreCard } from '../scoring/index.ts';
import { type Period, parsePeriod } from './period.ts';
import { loadScoreCardSlices, type ScoredInstrument } from './scorecard.ts';

type Db = Kysely<Database> | Transaction<Database>;

const mutu = z.enum(['A', 'B', 'C', 'D']);
const threshold = z.object({ threshold: z.number(), met: z.boolean() });

/** `ScoreCard` (scoring/types.ts) as JSON; keep the two in step. */
export const scoreCardSchema = z.object({
  instrument: z.string().describe('instrument code, e.g. "skm"'),
  kind: z.enum(INSTRUMENT_KINDS),
  respondents: z.number().int().min(0),
  unsur: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      answers: z.number().int().min(0),
      nrr: z.number().nullable().describe('nilai rata-rata 1–4, unrounded'),
      konversi: z.number().nullable().describe('NRR × 25, 2 decimals'),
      mutu: mutu.nullable(),
    }),
  ),
  index: z.number().nullable().describe('1–4, unrounded'),
  konversi: z.number().nullable().describe('index × 25, 2 decimals'),
  mutu: mutu.nullable(),
  kinerja: z.enum(['Sangat Baik', 'Baik', 'Kurang Baik', 'Tidak Baik']).nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable().describe('95 % interval of the index'),
  zi: z.object({ worksheetValue: z.number(), wbk: threshold, wbbm: threshold }).nullable().optional().describe('IPAK and IPKP only: the ZI worksheet value and the WBK/WBBM verdicts'),
});

/** One number that differs between two revisions (or between a publication and the live results). */
export const changeSchema = z.object({
  instrument: z.string(),
  kind: z.enum(INSTRUMENT_KINDS),
  /** the unsur code, for a change in one unsur */
  unsur: z.string().nullable(),
  field: z.enum(['respondents', 'index', 'konversi', 'mutu', 'nrr', 'added', 'removed']),
  from: z.union([z.number(), z.string()]).nullable(),
  to: z.union([z.number(), z.string()]).nullable(),
});
export type Change = z.infer<typeof changeSchema>;

export const publishedInstrumentSchema = z.object({
  card: scoreCardSchema,
  /** the instrument's name and its English names, so the public page speaks both languages */
  name: z.string(),
  en: z.object({ name: z.string().nullable(), unsur: z.record(z.string(), z.string()) }),
  versions: z.array(z.number().int()).describe('instrument versions answered in the period'),
});
export type PublishedInstrument = z.infer<typeof publishedInstrumentSchema>;

export const snapshotSchema = z.object({
  schema: z.literal(1),
  period: z.object({ code: z.string(), kind: z.enum(['triwulan', 'semester', 'tahun']), from: z.string(), to: z.string() }),
  instruments: z.array(publishedInstrumentSchema).describe('IKM first, then IPAK, then IPKP'),
  /** respondents of the IKM (or of the largest instrument when there is no IKM) */
  respondents: z.number().int().min(0),
  population: z.number().int().nullable().describe('service users in the period, as the unit entered them'),
  minimumSample: z.number().int().nullable().describe('Krejcie–Morgan minimum for the population'),
  changes: z.array(changeSchema).describe('what differs from the previous revision; empty for revision 1'),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

export interface PublicationScope {
  instansiId: string;
  /** null: the whole instansi */
  unitId: string | null;
}

export interface Publication {
  id: string;
  instansiId: string;
  unitId: string | null;
  period: string;
  revision: number;
  snapshot: Snapshot;
  publishedAt: Date;
  publishedBy: string | null;
  unpublishedAt: Date | null;
}

/** A `publication` row as the app speaks of it. */
export function toPublication(row: { id: string; instansi_id: string; unit_id: string | null; period: string; revision: number; scorecard: unknown; published_at: Date; published_by: string | null; unpublished_at: Date | null }): Publication {
  return {
    id: row.id,
    instansiId: row.instansi_id,
    unitId: row.unit_id,
    period: row.period,
    revision: row.revision,
    snapshot: row.scorecard as Snapshot,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
    unpublishedAt: row.unpublished_at,
  };
}

async function unitIdsOf(db: Db, scope: PublicationScope): Promise<string[]> {
  if (scope.unitId) return [scope.unitId];
  const rows = await db.selectFrom('unit').where('instansi_id', '=', scope.instansiId).select('id').execute();
  return rows.map((r) => r.id);
}

function published(scored: ScoredInstrument): PublishedInstrument {
  const en = scored.instrument.translations?.en;
  return { card: scored.card, name: scored.instrument.name, en: { name: en?.name ?? null, unsur: { ...(en?.unsur ?? {}) } }, versions: scored.versions };
}

/** How a publication counts respondents: the IKM's, else the largest instrument's. */
export function respondentsOf(instruments: readonly { card: ScoreCard }[]): number {
  const ikm = instruments.find((i) => i.card.kind === 'ikm');
  return ikm?.card.respondents ?? Math.max(0, ...instruments.map((i) => i.card.respondents));
}

/** The live results of a scope and period, in the snapshot's shape (changes left empty). */
export async function liveSnapshot(db: Kysely<Database>, scope: PublicationScope, period: Period): Promise<Snapshot> {
  const unitIds = await unitIdsOf(db, scope);
  const [slices, population] = await Promise.all([
    loadScoreCardSlices(db, { unitIds }, { ranges: [{ from: period.from, to: period.to }] }),
    unitIds.length === 0 ? [] : db.selectFrom('population').where('unit_id', 'in', unitIds).where('period', '=', period.code).select('users').execute(),
  ]);
  const instruments = (slices.get('1') ?? []).map(published);
  const respondents = respondentsOf(instruments);
  // the instansi's population is the sum over the units that entered one (as on the dashboard)
  const users = population.length === 0 ? null : population.reduce((n, p) => n + p.users, 0);
  return {
    schema: 1,
    period: { code: period.code, kind: period.kind, from: period.from, to: period.to },
    instruments,
    respondents,
    population: users,
    minimumSample: users === null || users < 1 ? null : sampleAdequacy(respondents, users).minimum,
    changes: [],
  };
}

/** Every published number of `next` that differs from `before`, per instrument and unsur. */
export function compareSnapshots(before: Pick<Snapshot, 'instruments'>, next: Pick<Snapshot, 'instruments'>): Change[] {
  const changes: Change[] = [];
  const was = new Map(before.instruments.map((i) => [i.card.instrument, i.card]));
  const now = new Map(next.instruments.map((i) => [i.card.instrument, i.card]));
  const change = (card: ScoreCard, unsur: string | null, field: Change['field'], from: Change['from'], to: Change['to']) =>
    changes.push({ instrument: card.instrument, kind: card.kind, unsur, field, from, to });
  for (const [code, card] of now) {
    const old = was.get(code);
    if (!old) {
      change(card, null, 'added', null, card.konversi);
      continue;
    }
    if (old.respondents !== card.respondents) change(card, null, 'respondents', old.respondents, card.respondents);
    if (old.index !== card.index) change(card, null, 'index', old.index, card.index);
    if (old.konversi !== card.konversi) change(card, null, 'konversi', old.konversi, card.konversi);
    if (old.mutu !== card.mutu) change(card, null, 'mutu', old.mutu, card.mutu);
    const oldUnsur = new Map(old.unsur.map((u) => [u.code, u]));
    for (const u of card.unsur) {
      const o = oldUnsur.get(u.code);
      if ((o?.nrr ?? null) !== u.nrr) change(card, u.code, 'nrr', o?.nrr ?? null, u.nrr);
    }
  }
  for (const [code, card] of was) if (!now.has(code)) change(card, null, 'removed', card.konversi, null);
  return changes;
}

/** the columns `toPublication` reads */
export const PUBLICATION_COLUMNS = ['id', 'instansi_id', 'unit_id', 'period', 'revision', 'scorecard', 'published_at', 'published_by', 'unpublished_at'] as const;

/** Every revision of every period of the scope, newest period and revision first (unpublished ones too). */
export async function listPublications(db: Db, scope: PublicationScope): Promise<Publication[]> {
  let query = db.selectFrom('publication').select([...PUBLICATION_COLUMNS]).where('instansi_id', '=', scope.instansiId);
  query = scope.unitId ? query.where('unit_id', '=', scope.unitId) : query.where('unit_id', 'is', null);
  const rows = await query.orderBy('period', 'desc').orderBy('revision', 'desc').execute();
  return rows.map(toPublication);
}

/** The revision the public sees for the scope and period: the newest one, unless the period was unpublished. */
export async function currentPublication(db: Db, scope: PublicationScope, period: string): Promise<Publication | undefined> {
  const latest = (await listPublications(db, scope)).find((p) => p.period === period);
  return latest && !latest.unpublishedAt ? latest : undefined;
}

export interface PublishInput extends PublicationScope {
  period: string;
  /** the signed-in user (null from the command line) and their address, for the audit log */
  userId: string | null;
  address?: string | null;
}

/**
 * Freezes the live results of the scope and period as the next revision. Refuses (422) a period
 * with no responses, and a republication that would change nothing while the current revision is
 * public. The live results are read first (reading folds pending responses in transactions of its
 * own); a row lock on the instansi then serialises the numbering, so of two clicks one publishes
 * and the other finds nothing changed.
 */
export async function publish(db: Kysely<Database>, input: PublishInput): Promise<Publication> {
  const period = parsePeriod(input.period);
  if (!period) throw new AppError(400, 'bad_period', 'period: must be a triwulan (2026-Q3), a semester (2026-S1) or a year (2026)');
  const snapshot = await liveSnapshot(db, input, period);
  if (snapshot.instruments.length === 0) throw new AppError(422, 'nothing_to_publish', `no responses in ${period.code}: there is nothing to publish`);
  return db.transaction().execute(async (tx) => {
    await tx.selectFrom('instansi').where('id', '=', input.instansiId).select('id').forUpdate().executeTakeFirstOrThrow();
    const previous = (await listPublications(tx, input)).find((p) => p.period === period.code);
    if (previous) {
      snapshot.changes = compareSnapshots(previous.snapshot, snapshot);
      if (snapshot.changes.length === 0 && !previous.unpublishedAt) {
        throw new AppError(409, 'unchanged', `revision ${previous.revision} of ${period.code} already shows these results`);
      }
    }
    const row = await tx
      .insertInto('publication')
      .values({
        instansi_id: input.instansiId,
        unit_id: input.unitId,
        period: period.code,
        revision: (previous?.revision ?? 0) + 1,
        scorecard: JSON.stringify(snapshot),
        published_by: input.userId,
      })
      .returning([...PUBLICATION_COLUMNS])
      .executeTakeFirstOrThrow();
    await audit(tx, {
      instansiId: input.instansiId,
      userId: input.userId,
      address: input.address,
      action: 'publication.publish',
      targetType: input.unitId ? 'unit' : 'instansi',
      targetId: input.unitId ?? input.instansiId,
      detail: { period: period.code, revision: row.revision, respondents: snapshot.respondents, changes: snapshot.changes.length },
    });
    return toPublication(row);
  });
}

/** Withdraws the scope's period from the public (every revision of it); audited. 404 when nothing is public. */
export async function unpublish(db: Kysely<Database>, input: PublishInput): Promise<void> {
  await db.transaction().execute(async (tx) => {
    let query = tx
      .updateTable('publication')
      .set({ unpublished_at: new Date(), unpublished_by: input.userId })
      .where('instansi_id', '=', input.instansiId)
      .where('period', '=', input.period)
      .where('unpublished_at', 'is', null);
    query = input.unitId ? query.where('unit_id', '=', input.unitId) : query.where('unit_id', 'is', null);
    const rows = await query.returning('revision').execute();
    if (rows.length === 0) throw new AppError(404, 'not_published', `${input.period} is not published`);
    await audit(tx, {
      instansiId: input.instansiId,
      userId: input.userId,
      address: input.address,
      action: 'publication.unpublish',
      targetType: input.unitId ? 'unit' : 'instansi',
      targetId: input.unitId ?? input.instansiId,
      detail: { period: input.period, revisions: rows.map((r) => r.revision).sort((a, b) => a - b) },
    });
  });
}

/**
 * How the live results of the publication's period differ from what was published (empty: no
 * drift). The dashboard shows it so the team knows when republishing would change public numbers.
 */
export async function driftOf(db: Kysely<Database>, publication: Publication): Promise<Change[]> {
  const live = await liveSnapshot(db, publication, parsePeriod(publication.period)!);
  return compareSnapshots(publication.snapshot, live);
}
