// A backup file is read back only when it is whole and intact: a file cut short, altered, forged or
// of a newer version is refused with its reason before anything is stored (the restore itself
// is tested in roundtrip.test.ts and, as a command, in test/cli/backup.test.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { BackupFileError } from '../../src/backup/format.ts';
import { readBackup } from '../../src/backup/read.ts';
import { RestoreRefused, verifyBackupFile } from '../../src/backup/restore.ts';
import { gzipSync } from 'node:zlib';
import { linesOf, writeLines } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'survei-backup-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = {
  format: 'survei-backup/1',
  created_at: '2026-11-21T00:00:00.000Z',
  app_version: '0.1.0',
  source: 'pglite',
  migrations: Object.keys(migrations),
  tables: { instansi: 1, unit: 2 },
};
const ROWS = [
  '{"t":"instansi","r":{"id":"00000000-0000-4000-8000-000000000001","name":"Kabupaten Uji","logo":"\\\\x89504e47","big":123456789012345678901}}',
  '{"t":"unit","r":{"id":"00000000-0000-4000-8000-000000000002","name":"Dinas \\"Kesehatan\\"\\nBaru"}}',
  '{"t":"unit","r":{"id":"00000000-0000-4000-8000-000000000003","name":"Disduk"}}',
];
/** a valid file's lines: header, rows, end line */
const lines = (header: object = HEADER, rows = ROWS) => [JSON.stringify(header), ...rows, 'end'];

let n = 0;
function file(content: string[] | Buffer, options: { reseal?: boolean } = { reseal: true }) {
  const path = join(dir, `f${n++}.survei.gz`);
  if (Buffer.isBuffer(content)) writeFileSync(path, content);
  else writeLines(path, content, options);
  return path;
}

/** the lines of a valid file, its end line included */
const good = () => linesOf(file(lines()));

describe('reading a backup file', () => {
  it('reads a whole file: its header, and each row as the JSON text written (no digit lost)', async () => {
    const rows: string[] = [];
    const header = await readBackup(file(lines()), { parseRows: true, row: (t, r) => void rows.push(`${t} ${r}`) });
    expect(header).toEqual(HEADER);
    expect(rows[0]).toBe('instansi {"id":"00000000-0000-4000-8000-000000000001","name":"Kabupaten Uji","logo":"\\\\x89504e47","big":123456789012345678901}');
    expect(rows).toHaveLength(3);
    expect(await verifyBackupFile(file(lines()))).toEqual(HEADER);
  });

  const refused: [string, () => string, RegExp][] = [
    ['not gzip', () => file(Buffer.from(lines().join('\n'))), /not a survei backup \(not a gzip file\)/],
    ['an empty file', () => file(Buffer.alloc(0)), /not a survei backup/],
    ['a gzip stream cut short', () => file(readFileSync(file(lines())).subarray(0, 60)), /incomplete.*truncated/],
    ['a file without its end line', () => file(good().slice(0, -1), { reseal: false }), /no end line \(truncated\)/],
    ['a last line cut off', () => file(gzipSync(`${good().join('\n')}\n`.slice(0, -10))), /last line is cut off \(truncated\)/],
    ['an altered row', () => file(good().map((l) => l.replace('Disduk', 'Disdik')), { reseal: false }), /checksum does not match/],
    ['a header that is not a survei backup', () => file(lines({ ...HEADER, format: 'pg_dump' })), /first line is not a survei-backup\/1 header/],
    ['a forged row count', () => file(lines({ ...HEADER, tables: { instansi: 1, unit: 3 } })), /table unit has 2 rows, its header says 3/],
    ['a row of a table the header does not list', () => file(lines(HEADER, [...ROWS, '{"t":"session","r":{}}'])), /table "session", which its header does not list/],
    ['a line that is not a row', () => file(lines(HEADER, [...ROWS, '{"t":"unit","r":[1,2]}'])), /line 5 is not a row/],
    ['a row that is not JSON', () => file(lines(HEADER, [ROWS[0]!, ROWS[1]!, '{"t":"unit","r":{"id":}'])), /line 4 is not a row/],
    ['lines after the end line', () => file([...good(), ROWS[2]!], { reseal: false }), /line 6 follows the end line/],
  ];
  it.each(refused)('refuses %s', async (_, make, message) => {
    const path = make();
    const error = await verifyBackupFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupFileError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a backup made by a newer version, naming it', async () => {
    const newer = file(lines({ ...HEADER, app_version: '0.9.0', migrations: [...Object.keys(migrations), '0099_future'] }));
    const error = await verifyBackupFile(newer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestoreRefused);
    expect((error as Error).message).toBe(
      'the backup was made by a newer version of survei (0.9.0): its migration 0099_future is unknown to this version (0.1.0); restore it with survei 0.9.0 or newer',
    );
  });
});
