// A backup's fetches are bounded by size, not only by count: rows holding uploaded files (evidence
// up to 2 MB, ~twice that as hex JSON) are fetched a few at a time, so a table of them never lands
// in memory whole (on the embedded database the dump runs inside the server). The rows still come
// out whole and in full.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KyselyPlugin } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { addInstansi } from '../../src/admin/org.ts';
import { writeBackupFile } from '../../src/backup/dump.ts';
import { readBackup } from '../../src/backup/read.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const dir = mkdtempSync(join(tmpdir(), 'survei-backup-dump-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(DATABASE_KINDS)('taking a backup on %s', (kind) => {
  it('fetches rows holding files a few at a time, and writes every one of them whole', async () => {
    const database = await openTestDatabase(kind);
    try {
      const instansi = await addInstansi(database.db, { name: 'Kabupaten Uji', slug: 'kab-uji' }, 'Asia/Jakarta');
      const unit = await database.db.insertInto('unit').values({ instansi_id: instansi.id, slug: 'dinkes', name: 'Dinas Kesehatan' }).returning('id').executeTakeFirstOrThrow();
      const files = Array.from({ length: 6 }, () => randomBytes(512 * 1024));
      for (const [i, file] of files.entries()) {
        await database.db
          .insertInto('follow_up')
          .values({ unit_id: unit.id, period: '2026', unsur_code: 'U5', action: `Tindak lanjut ${i}`, evidence_file: file, evidence_file_name: `bukti-${i}.pdf`, evidence_file_type: 'application/pdf' })
          .execute();
      }
      // every fetch of the cursor, as the rows it brought
      const fetches: string[][] = [];
      const watch: KyselyPlugin = {
        transformQuery: ({ node }) => node,
        transformResult: async ({ result }) => {
          const rows = result.rows as { r?: unknown }[];
          if (rows.length > 0 && typeof rows[0]!.r === 'string') fetches.push(rows.map((row) => row.r as string));
          return result;
        },
      };
      const path = join(dir, `${kind}.survei.gz`);
      await writeBackupFile({ ...database, db: database.db.withPlugin(watch) }, path);

      const followUps = fetches.filter((rows) => rows[0]!.includes('"evidence_file"'));
      expect(followUps.flat()).toHaveLength(6);
      // rows holding files: at most 4 in one fetch (not all 6, not 1,000)
      expect(Math.max(...followUps.map((rows) => rows.length))).toBeLessThanOrEqual(4);
      expect(Math.max(...fetches.map((rows) => rows.reduce((sum, r) => sum + r.length, 0)))).toBeLessThanOrEqual(16 * 1024 * 1024);

      const written = new Map<string, string>();
      const header = await readBackup(path, {
        parseRows: true,
        row: (table, row) => {
          if (table !== 'follow_up') return;
          const { action, evidence_file } = JSON.parse(row) as { action: string; evidence_file: string };
          written.set(action, evidence_file);
        },
      });
      expect(header.tables.follow_up).toBe(6);
      expect([...written.keys()].sort()).toEqual(files.map((_, i) => `Tindak lanjut ${i}`).sort());
      files.forEach((file, i) => expect(written.get(`Tindak lanjut ${i}`) === `\\x${file.toString('hex')}`).toBe(true));
    } finally {
      await database.close();
    }
  });
});
