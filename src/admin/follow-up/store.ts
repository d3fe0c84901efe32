// The follow-up plan (Rencana Tindak Lanjut) of a unit and period: what to propose, what was
// recorded, and the audited changes to it. Callers pass a unit already checked with unitInReach;
// every query here is bound to that unit's id, so another unit's action answers 404.
import type { Kysely } from 'kysely';
import type { Database, FollowUpStatus } from '../../db/types.ts';
import { AppError } from '../../http/errors.ts';
import type { Lang } from '../../i18n/index.ts';
import type { Instrument } from '../../instruments/schema.ts';
import type { ScoreCard, UnsurScore } from '../../scoring/index.ts';
import type { ReachedUnit } from '../access.ts';
import { audit } from '../audit.ts';
import type { EvidenceType } from './evidence.ts';

export const FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = ['planned', 'in_progress', 'done'];

export interface FollowUpAction {
  id: string;
  period: string;
  unsurCode: string;
  action: string;
  owner: string | null;
  due: string | null;
  status: FollowUpStatus;
  evidence: string | null;
  evidenceFileName: string | null;
  published: boolean;
}

/** What a form sets; `file` replaces the uploaded evidence when given. */
export interface FollowUpValues {
  unsurCode: string;
  action: string;
  owner: string | null;
  due: string | null;
  status: FollowUpStatus;
  evidence: string | null;
  published: boolean;
  file?: { bytes: Uint8Array; name: string; type: EvidenceType };
}

export interface UnitIkmInstrument {
  /** the definition's id, as a ScoreCard names its instrument */
  id: string;
  unsur: { code: string; name: string }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The IKM instrument the unit runs (the one its priorities are chosen from), unsur named in the page's language. */
export async function unitIkmInstrument(db: Kysely<Database>, unitId: string, lang: Lang): Promise<UnitIkmInstrument | undefined> {
  const row = await db
    .selectFrom('unit_instrument as ui')
    .innerJoin('instrument as i', 'i.id', 'ui.instrument_id')
    .innerJoin('instrument_version as v', 'v.id', 'ui.version_id')
    .where('ui.unit_id', '=', unitId)
    .where('i.kind', '=', 'ikm')
    .select('v.definition')
    .orderBy('ui.enabled', 'desc')
    .orderBy('ui.position')
    .executeTakeFirst();
  if (!row) return undefined;
  const definition = row.definition as Instrument;
  const names = lang === 'en' ? definition.translations?.en?.unsur : undefined;
  return { id: definition.id, unsur: definition.unsur.map((u) => ({ code: u.code, name: names?.[u.code] ?? u.name })) };
}

/** The unit's IKM ScoreCard of the period: its current instrument's, else the one most answered. */
export function ikmCardOf(cards: ScoreCard[], instrument: UnitIkmInstrument | undefined): ScoreCard | undefined {
  const ikm = cards.filter((c) => c.kind === 'ikm');
  return ikm.find((c) => c.instrument === instrument?.id) ?? [...ikm].sort((a, b) => b.respondents - a.respondents)[0];
}

/** The proposed priorities: the unsur with the lowest NRR among those answered (ties keep the instrument's order). */
export function weakestUnsur(card: ScoreCard | undefined, count = 3): UnsurScore[] {
  if (!card) return [];
  return card.unsur
    .filter((u) => u.nrr !== null)
    .sort((a, b) => a.nrr! - b.nrr!)
    .slice(0, count);
}

const COLUMNS = ['id', 'period', 'unsur_code', 'action', 'owner', 'due', 'status', 'evidence', 'evidence_file_name', 'published'] as const;

function toAction(row: { id: string; period: string; unsur_code: string; action: string; owner: string | null; due: string | null; status: FollowUpStatus; evidence: string | null; evidence_file_name: string | null; published: boolean }): FollowUpAction {
  return {
    id: row.id,
    period: row.period,
    unsurCode: row.unsur_code,
    action: row.action,
    owner: row.owner,
    due: row.due,
    status: row.status,
    evidence: row.evidence,
    evidenceFileName: row.evidence_file_name,
    published: row.published,
  };
}

/** The actions recorded for a unit and period, in the order they were recorded. */
export async function listFollowUps(db: Kysely<Database>, unitId: string, period: string): Promise<FollowUpAction[]> {
  const rows = await db.selectFrom('follow_up').where('unit_id', '=', unitId).where('period', '=', period).select(COLUMNS).orderBy('created_at').orderBy('id').execute();
  return rows.map(toAction);
}

/** One action of the unit; 404 for an unknown id or another unit's. */
export async function findFollowUp(db: Kysely<Database>, unitId: string, id: string): Promise<FollowUpAction> {
  const row = UUID.test(id) ? await db.selectFrom('follow_up').where('id', '=', id).where('unit_id', '=', unitId).select(COLUMNS).executeTakeFirst() : undefined;
  if (!row) throw new AppError(404, 'not_found', 'no such follow-up action');
  return toAction(row);
}

/** The uploaded evidence of one action of the unit; 404 when there is none. */
export async function findEvidenceFile(db: Kysely<Database>, unitId: string, id: string) {
  const row = UUID.test(id)
    ? await db
        .selectFrom('follow_up')
        .where('id', '=', id)
        .where('unit_id', '=', unitId)
        .where('evidence_file', 'is not', null)
        .select(['evidence_file', 'evidence_file_name', 'evidence_file_type'])
        .executeTakeFirst()
    : undefined;
  if (!row) throw new AppError(404, 'not_found', 'no such evidence file');
  return { bytes: row.evidence_file!, name: row.evidence_file_name!, type: row.evidence_file_type! };
}

interface Actor {
  userId: string;
  address: string | null;
}

export async function createFollowUp(db: Kysely<Database>, unit: ReachedUnit, period: string, values: FollowUpValues, by: Actor): Promise<string> {
  return db.transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto('follow_up')
      .values({
        unit_id: unit.id,
        period,
        unsur_code: values.unsurCode,
        action: values.action,
        owner: values.owner,
        due: values.due,
        status: values.status,
        evidence: values.evidence,
        evidence_file: values.file?.bytes ?? null,
        evidence_file_name: values.file?.name ?? null,
        evidence_file_type: values.file?.type ?? null,
        published: values.published,
        created_by: by.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      instansiId: unit.instansiId,
      userId: by.userId,
      action: 'follow_up.create',
      targetType: 'follow_up',
      targetId: id,
      detail: { unit: unit.slug, period, unsur: values.unsurCode, status: values.status, ...(values.file ? { evidence_file: values.file.name } : {}) },
      address: by.address,
    });
    return id;
  });
}

const AUDIT_NAMES = { unsurCode: 'unsur', action: 'action', owner: 'owner', due: 'due', status: 'status', evidence: 'evidence', published: 'published' } as const;

// what an audit entry says about a changed field: short values in full, long text shortened
const shown = (value: string | boolean | null) => (value === null ? '—' : typeof value === 'boolean' ? String(value) : value.length > 120 ? `${value.slice(0, 119)}…` : value);

/** Applies the changed fields (a field not given keeps its value); audits what changed, old → new. */
export async function updateFollowUp(db: Kysely<Database>, unit: ReachedUnit, current: FollowUpAction, changes: Partial<FollowUpValues>, by: Actor): Promise<void> {
  const before: Record<keyof Omit<FollowUpValues, 'file'>, string | boolean | null> = {
    unsurCode: current.unsurCode,
    action: current.action,
    owner: current.owner,
    due: current.due,
    status: current.status,
    evidence: current.evidence,
    published: current.published,
  };
  const detail: Record<string, string> = {};
  for (const key of Object.keys(before) as (keyof typeof before)[]) {
    const next = changes[key];
    if (next !== undefined && next !== before[key]) detail[AUDIT_NAMES[key]] = `${shown(before[key])} → ${shown(next)}`;
  }
  if (changes.file) detail.evidence_file = `${current.evidenceFileName ?? '—'} → ${changes.file.name}`;
  if (Object.keys(detail).length === 0) return;
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('follow_up')
      .set({
        unsur_code: changes.unsurCode,
        action: changes.action,
        owner: changes.owner,
        due: changes.due,
        status: changes.status,
        evidence: changes.evidence,
        published: changes.published,
        ...(changes.file ? { evidence_file: changes.file.bytes, evidence_file_name: changes.file.name, evidence_file_type: changes.file.type } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', current.id)
      .where('unit_id', '=', unit.id)
      .execute();
    await audit(tx, {
      instansiId: unit.instansiId,
      userId: by.userId,
      // a change of status alone is the common weekly update: its own action, to filter on
      action: Object.keys(detail).length === 1 && 'status' in detail ? 'follow_up.status' : 'follow_up.update',
      targetType: 'follow_up',
      targetId: current.id,
      detail: { unit: unit.slug, period: current.period, ...detail },
      address: by.address,
    });
  });
}

/** Counts of actions per unit and status in a period, for the unit picker. */
export async function countFollowUps(db: Kysely<Database>, unitIds: string[], period: string) {
  if (unitIds.length === 0) return new Map<string, Record<FollowUpStatus, number>>();
  const rows = await db
    .selectFrom('follow_up')
    .where('unit_id', 'in', unitIds)
    .where('period', '=', period)
    .select(['unit_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['unit_id', 'status'])
    .execute();
  const counts = new Map<string, Record<FollowUpStatus, number>>();
  for (const r of rows) {
    const entry = counts.get(r.unit_id) ?? { planned: 0, in_progress: 0, done: 0 };
    entry[r.status] = Number(r.n);
    counts.set(r.unit_id, entry);
  }
  return counts;
}
