// Frozen: seeds version 1 of the built-in instruments (skm, ipak, ipkp) from the frozen data beside it.
import { type Kysely, sql } from 'kysely';
import { BUILTIN_INSTRUMENTS_V1 } from './builtin-instruments-v1.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const instrument of BUILTIN_INSTRUMENTS_V1) {
    const { rows } = await sql<{ id: string }>`
      insert into instrument (instansi_id, code, kind, name)
      values (null, ${instrument.id}, ${instrument.kind}, ${instrument.name})
      returning id`.execute(db);
    const instrumentId = rows[0]!.id;
    const version = await sql<{ id: string }>`
      insert into instrument_version (instrument_id, version, definition)
      values (${instrumentId}, 1, ${JSON.stringify(instrument)}::jsonb)
      returning id`.execute(db);
    const versionId = version.rows[0]!.id;
    let position = 0;
    for (const unsur of instrument.unsur) {
      for (const item of unsur.items) {
        await sql`
          insert into instrument_item (version_id, code, unsur_code, position)
          values (${versionId}, ${item.code}, ${unsur.code}, ${position++})`.execute(db);
      }
    }
  }
}
