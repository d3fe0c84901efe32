// A backup restored into either database holds exactly what the source held: every table's rows,
// the publications, and the ScoreCards as the app reads them; across kinds too (PGlite ↔
// PostgreSQL). A backup from an older version restores into this one and is migrated; a target
// holding data is refused unless replaced; a failure midway stores nothing. One seeded source and
// one target per kind serve every case (opening and seeding PGlite is most of the time), so the
// cases run in order: each target takes the backups one after the other, replacing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { writeBackupFile } from '../../src/backup/dump.ts';
import { type BackupHeader, BackupFileError } from '../../src/backup/format.ts';
import { parentsFirst, RestoreRefused, restoreBackupFile, verifyBackupFile } from '../../src/backup/restore.ts';
import type { DatabaseHandle, DatabaseKind } from '../../src/db/database.ts';
import type { PublishedWorld } from '../support/published.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { foldPending } from '../../src/results/fold.ts';
import { contentOf, countsOf, linesOf, publicationsOf, scoreCardsOf, seedEverything, tallyDisagreements, writeLines } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'survei-backup-'));

interface Source {
  database: DatabaseHandle;
  world: PublishedWorld;
  file: string;
  header: BackupHeader;
  /** every table's rows when the backup was taken */
  content: Record<string, string[]>;
  cards?: Awaited<ReturnType<typeof scoreCardsOf>>;
}
const sources = {} as Record<DatabaseKind, Source>;
const targets = {} as Record<DatabaseKind, DatabaseHandle>;

beforeAll(async () => {
  for (const kind of DATABASE_KINDS) {
    const database = await openTestDatabase(kind);
    const world = await seedEverything(database.db);
    const file = join(dir, `${kind}.survei.gz`);
    const taken = await writeBackupFile(database, file);
    expect(taken.source).toBe(kind);
    expect(taken.migrations).toEqual(Object.keys(migrations));
    sources[kind] = { database, world, file, header: await verifyBackupFile(file), content: await contentOf(database.db) };
    // a target that was started once: migrated, with the built-in instruments under other ids
    targets[kind] = await openTestDatabase(kind);
  }
});
afterAll(async () => {
  for (const kind of DATABASE_KINDS) {
    await sources[kind]?.database.close();
    await targets[kind]?.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

const PAIRS: [DatabaseKind, DatabaseKind][] = [
  ['pglite', 'pglite'],
  ['postgres', 'postgres'],
  ['pglite', 'postgres'],
  ['postgres', 'pglite'],
];

describe.each(PAIRS)('a backup of %s restored into %s', (from, to) => {
  it('holds every row, the publications and the ScoreCards exactly; sequences continue after the restored ids', async () => {
    const source = sources[from];
    const target = targets[to];
    const summary = await restoreBackupFile(target, source.file, source.header, { replace: true });
    expect(summary.applied).toEqual([]);

    const after = await contentOf(target.db);
    expect(countsOf(after)).toEqual(countsOf(source.content));
    expect(countsOf(after).response).toBe(23);
    expect(countsOf(after).publication).toBe(3);
    expect(summary.counts).toEqual(countsOf(source.content));
    expect(after).toEqual(source.content);
    expect(await publicationsOf(target.db)).toEqual(await publicationsOf(source.database.db));
    const instansi = await target.db.selectFrom('instansi').select(['logo', 'embed_origins']).executeTakeFirstOrThrow();
    expect([...instansi.logo!]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x0a, 0x5c, 0x22]);
    expect(instansi.embed_origins).toEqual(['https://kab-uji.go.id', 'https://dinkes.kab-uji.go.id']);

    // read as the app reads them, each side folding the pending submissions alike
    source.cards ??= await scoreCardsOf(source.database.db, source.world);
    expect(source.cards.dinkes.length).toBe(3);
    expect(await scoreCardsOf(target.db, source.world)).toEqual(source.cards);

    const next = await target.db.insertInto('audit_log').values({ action: 'after_restore' }).returning('id').executeTakeFirstOrThrow();
    const last = await source.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
    expect(Number(next.id)).toBe(Number(last.id) + 1);
  });
});

describe.each(DATABASE_KINDS)('restoring into %s', (kind) => {
  it('refuses a target holding data unless replaced, and a failure midway leaves the target as it was', async () => {
    const target = targets[kind];
    const { file, header } = sources[kind];
    const held = await contentOf(target.db);
    expect(held.instansi!.length).toBe(1);

    await expect(restoreBackupFile(target, file, header)).rejects.toThrow(RestoreRefused);
    expect(await contentOf(target.db)).toEqual(held);

    // the file changed after it was checked: one response altered, found by the checksum at the end
    const damaged = join(dir, `damaged-${kind}.survei.gz`);
    const lines = linesOf(file);
    const at = lines.findIndex((l) => l.startsWith('{"t":"response"'));
    lines[at] = lines[at]!.replace(/"channel":"qr"/, '"channel":"kiosk"');
    writeLines(damaged, lines);
    await expect(restoreBackupFile(target, damaged, header, { replace: true })).rejects.toThrow(BackupFileError);
    expect(await contentOf(target.db)).toEqual(held);
  });

  it('takes a backup of an older version and migrates it to this one', async () => {
    const old = await openTestDatabase(kind, { migrate: false });
    try {
      const migrator = new Migrator({ db: old.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0006_respondent_tally')).error).toBeUndefined();
      await sql`insert into instansi (slug, name, time_zone) values ('kab-lama', 'Kabupaten Lama', 'Asia/Makassar')`.execute(old.db);
      const file = join(dir, `old-${kind}.survei.gz`);
      await writeBackupFile(old, file);
      const header = await verifyBackupFile(file);
      expect(header.migrations.at(-1)).toBe('0006_respondent_tally');
      expect(header.tables).not.toHaveProperty('response_import');

      // into a target at this version, holding data
      const target = targets[kind];
      const summary = await restoreBackupFile(target, file, header, { replace: true });
      expect(summary.applied).toEqual(['0007_response_import']);
      expect(await target.db.selectFrom('instansi').select(['slug', 'time_zone']).execute()).toEqual([{ slug: 'kab-lama', time_zone: 'Asia/Makassar' }]);
      expect(summary.counts.response_import).toBe(0);
      expect(summary.counts.response).toBe(0);
      const applied = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(target.db)).rows.map((r) => r.name);
      expect(applied).toEqual(Object.keys(migrations));
      // the built-in instruments are the backup's, not a second copy
      expect(summary.counts.instrument).toBe(header.tables.instrument);
    } finally {
      await old.close();
    }
  });
});

describe.each(DATABASE_KINDS)('a backup of %s taken while responses are stored and folded', (kind) => {
  it('is one moment: every response and the tallies that count it are in it together', async () => {
    const { database, world } = sources[kind];
    let stop = false;
    let rounds = 0;
    // citizens submitting and the background fold counting them, on other connections (PostgreSQL)
    const writer = (async () => {
      while (!stop) {
        await world.answer('disduk', 10, 3);
        await foldPending(database.db);
        rounds += 1;
        // PGlite answers within microtasks: let timers (and the backup) run between rounds
        await new Promise((r) => setTimeout(r, 0));
      }
    })();
    const file = join(dir, `busy-${kind}.survei.gz`);
    try {
      while (rounds < 2) await new Promise((r) => setTimeout(r, 10));
      await writeBackupFile(database, file);
    } finally {
      stop = true;
      await writer;
    }
    const target = targets[kind];
    await restoreBackupFile(target, file, await verifyBackupFile(file), { replace: true });
    expect(await tallyDisagreements(target.db)).toEqual([]);
    const restored = countsOf(await contentOf(target.db)).response!;
    expect(restored).toBeGreaterThan(23);
    expect(restored).toBeLessThanOrEqual(countsOf(await contentOf(database.db)).response!);
  });
});

describe('a table that references itself', () => {
  it('is inserted parents first, whatever the order of its rows', () => {
    const table = { name: 'unit', columns: ['instansi_id', 'id', 'parent_id'], identityAlways: false, sequences: [], selfReferences: [{ columns: ['instansi_id', 'parent_id'], references: ['instansi_id', 'id'] }], holdsFiles: false };
    const row = (id: string, parent: string | null, instansi = 'i') => JSON.stringify({ instansi_id: instansi, id, parent_id: parent });
    const rows = [row('c', 'b'), row('d', 'b'), row('b', 'a'), row('a', null), row('x', 'a', 'other-instansi')];
    expect(parentsFirst(table, rows)).toEqual([[row('a', null), row('x', 'a', 'other-instansi')], [row('b', 'a')], [row('c', 'b'), row('d', 'b')]]);
  });
});
