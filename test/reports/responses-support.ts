// Helpers for the report tests: responses of any unit as storeResponses takes them, and a sink
// that keeps what a writer streams into it (slowly, if asked, so the writer meets back-pressure).
import { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/types.ts';
import type { NewResponse } from '../../src/survey/store.ts';

/** instrument code → the version the unit runs */
export async function unitVersions(db: Kysely<Database>, unitId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('unit_instrument as ui')
    .innerJoin('instrument as i', 'i.id', 'ui.instrument_id')
    .where('ui.unit_id', '=', unitId)
    .select(['i.code', 'ui.version_id'])
    .execute();
  return new Map(rows.map((r) => [r.code, r.version_id]));
}

/** A response of the unit: answers by instrument code, then item code; everything else optional. */
export function responseOf(
  unitId: string,
  versions: Map<string, string>,
  answers: Record<string, Record<string, number>>,
  extra: Partial<Omit<NewResponse, 'unitId' | 'answers'>> & { submittedAt: Date },
): NewResponse {
  return {
    id: crypto.randomUUID(),
    unitId,
    loketId: null,
    layananId: null,
    channel: 'qr',
    ...extra,
    answers: Object.entries(answers).flatMap(([instrument, values]) =>
      Object.entries(values).map(([itemCode, value]) => ({ versionId: versions.get(instrument)!, itemCode, value: value as 1 | 2 | 3 | 4 })),
    ),
  };
}

/** A sink that keeps every byte; `slow` makes it accept one small write at a time, asynchronously. */
export function collectingSink({ slow = false } = {}) {
  const chunks: Buffer[] = [];
  let waits = 0;
  const sink = new Writable({
    highWaterMark: slow ? 16 : 16 * 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      if (slow) setImmediate(done);
      else done();
    },
  });
  sink.on('drain', () => waits++);
  return {
    sink,
    bytes: () => Buffer.concat(chunks),
    /** how often the writer waited for the sink to drain */
    waits: () => waits,
  };
}
