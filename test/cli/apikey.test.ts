import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApiKey, apiKeyHash, authenticateApiKey, listApiKeys, revokeApiKey } from '../../src/admin/api-keys.ts';
import { addInstansi, addUnit } from '../../src/admin/org.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { AppError } from '../../src/http/errors.ts';
import { createTestDatabaseUrl, DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { runCli } from '../support/process.ts';

describe.each(DATABASE_KINDS)('unit API keys on %s', (kind) => {
  let database: DatabaseHandle;
  let unitId: string;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    await addInstansi(database.db, { name: 'Kabupaten Contoh', slug: 'kab-contoh' }, 'Asia/Jakarta');
    unitId = (await addUnit(database.db, { instansi: 'kab-contoh', name: 'Dinas Kependudukan', slug: 'disduk' })).id;
    await addUnit(database.db, { instansi: 'kab-contoh', name: 'Dinas Kesehatan', slug: 'dinkes' });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('makes a key shown once, stores only its hash, and authenticates it until revoked', async () => {
    const added = await addApiKey(database.db, { instansi: 'kab-contoh', unit: 'disduk', name: '  Mesin antrean  ' });
    expect(added).toEqual({ id: expect.any(String), name: 'Mesin antrean', unit: 'disduk', key: expect.stringMatching(/^sk_[A-Za-z0-9_-]{43}$/) });
    const row = await database.db.selectFrom('api_key').selectAll().where('id', '=', added.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ unit_id: unitId, key_hash: apiKeyHash(added.key), revoked_at: null });
    expect(JSON.stringify(row)).not.toContain(added.key.slice(3));

    expect(await authenticateApiKey(database.db, added.key)).toEqual({ keyId: added.id, unitId });
    expect(await authenticateApiKey(database.db, `${added.key}x`)).toBeUndefined();
    expect(await authenticateApiKey(database.db, `sk_${'A'.repeat(43)}`)).toBeUndefined();
    expect(await authenticateApiKey(database.db, apiKeyHash(added.key))).toBeUndefined();

    const listed = await listApiKeys(database.db, 'kab-contoh', 'disduk');
    expect(listed).toEqual([{ id: added.id, name: 'Mesin antrean', unit: 'disduk', createdAt: expect.any(Date), revokedAt: null, active: true }]);
    expect(await listApiKeys(database.db, 'kab-contoh', 'dinkes')).toEqual([]);

    // another unit cannot revoke it
    await expect(revokeApiKey(database.db, 'kab-contoh', 'dinkes', added.id)).rejects.toMatchObject({ status: 404 });
    const revoked = await revokeApiKey(database.db, 'kab-contoh', 'disduk', added.id);
    expect(revoked).toMatchObject({ id: added.id, name: 'Mesin antrean', revokedAt: expect.any(Date) });
    expect(await authenticateApiKey(database.db, added.key)).toBeUndefined();
    await expect(revokeApiKey(database.db, 'kab-contoh', 'disduk', added.id)).rejects.toMatchObject({ status: 409 });
    expect((await listApiKeys(database.db, 'kab-contoh', 'disduk'))[0]).toMatchObject({ active: false, revokedAt: expect.any(Date) });

    const actions = await database.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', 'like', 'api_key.%').orderBy('id').execute();
    expect(actions).toEqual([
      { action: 'api_key.create', target_id: added.id },
      { action: 'api_key.revoke', target_id: added.id },
    ]);
  });

  it('refuses a key for an inactive unit', async () => {
    const added = await addApiKey(database.db, { instansi: 'kab-contoh', unit: 'dinkes', name: 'Kios' });
    expect(await authenticateApiKey(database.db, added.key)).toMatchObject({ keyId: added.id });
    await database.db.updateTable('unit').set({ active: false }).where('slug', '=', 'dinkes').execute();
    expect(await authenticateApiKey(database.db, added.key)).toBeUndefined();
    await database.db.updateTable('unit').set({ active: true }).where('slug', '=', 'dinkes').execute();
  });

  it.each([
    [{ instansi: 'kab-contoh', unit: 'disduk', name: ' ' }, 400, 'name must not be empty'],
    [{ instansi: 'kab-contoh', unit: 'disduk', name: 'x'.repeat(201) }, 400, 'name must be at most 200 characters'],
    [{ instansi: 'kab-contoh', unit: 'tidak-ada', name: 'X' }, 404, 'no unit "tidak-ada" in instansi "kab-contoh"'],
  ])('refuses %o', async (input, status, message) => {
    const error = await addApiKey(database.db, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status, message });
  });
});

describe.each(['pglite', 'postgres'] as const)('survei apikey on %s', (kind) => {
  let env: Record<string, string>;
  const dirs: string[] = [];
  const cli = (...args: string[]) => runCli(args, env);
  const unit = ['--instansi', 'kab-contoh', '--unit', 'disduk'];

  beforeAll(async () => {
    if (kind === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'survei-cli-'));
      dirs.push(dir);
      env = { DATA_DIR: dir };
    } else {
      env = { DATABASE_URL: await createTestDatabaseUrl(), APP_SECRET: 'k'.repeat(40) };
    }
    expect((await cli('instansi', 'add', '--name', 'Kabupaten Contoh', '--slug', 'kab-contoh')).code).toBe(0);
    expect((await cli('unit', 'add', '--instansi', 'kab-contoh', '--name', 'Dinas Kependudukan', '--slug', 'disduk')).code).toBe(0);
  });
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('adds a key (printed once), lists keys without it, revokes one', async () => {
    const added = await cli('apikey', 'add', ...unit, '--name', 'Mesin antrean');
    expect(added.code).toBe(0);
    const [, id, key] = /^API key added to disduk: Mesin antrean \(id ([0-9a-f-]{36})\)\nkey \(shown once, keep it secret\): (sk_[A-Za-z0-9_-]{43})\n$/.exec(added.stdout)!;

    const json = await cli('apikey', 'add', ...unit, '--name', 'Kios', '--json');
    const second = JSON.parse(json.stdout);
    expect(second).toEqual({ id: expect.any(String), name: 'Kios', unit: 'disduk', key: expect.stringMatching(/^sk_[A-Za-z0-9_-]{43}$/) });

    const list = await cli('apikey', 'list', ...unit, '--json');
    expect(list.stdout).not.toContain(key!);
    expect(list.stdout).not.toContain(second.key);
    expect(JSON.parse(list.stdout).map((k: { id: string; name: string; active: boolean }) => [k.id, k.name, k.active]).sort()).toEqual(
      [[id, 'Mesin antrean', true], [second.id, 'Kios', true]].sort(),
    );
    const table = await cli('apikey', 'list', ...unit);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+CREATED\s+REVOKED\n/);
    expect(table.stdout).not.toContain('sk_');

    expect(await cli('apikey', 'revoke', ...unit, '--id', id!)).toEqual({ code: 0, stdout: `API key revoked: Mesin antrean (id ${id}) of disduk\n`, stderr: '' });
    const after = JSON.parse((await cli('apikey', 'list', ...unit, '--json')).stdout);
    expect(after.find((k: { id: string }) => k.id === id)).toMatchObject({ active: false, revokedAt: expect.any(String) });
    const again = await cli('apikey', 'revoke', ...unit, '--id', id!);
    expect(again).toEqual({ code: 2, stdout: '', stderr: `survei: API key "${id}" (Mesin antrean) was already revoked\n` });
  });

  it.each([
    [['apikey', 'add', '--instansi', 'kab-contoh', '--unit', 'disduk'], 'survei: missing --name; usage:'],
    [['apikey', 'add', '--instansi', 'kab-contoh', '--unit', 'tidak-ada', '--name', 'X'], 'survei: no unit "tidak-ada" in instansi "kab-contoh"'],
    [['apikey', 'revoke', '--instansi', 'kab-contoh', '--unit', 'disduk', '--id', 'bukan-id'], 'survei: no API key "bukan-id" in unit disduk'],
    [['apikey', 'revoke', '--instansi', 'kab-contoh', '--unit', 'disduk'], 'survei: missing --id; usage:'],
    [['apikey', 'rotate', '--instansi', 'kab-contoh', '--unit', 'disduk'], 'survei: expected "add", "list" or "revoke"'],
    [['apikey', 'list', '--instansi', 'kab-contoh'], 'survei: missing --unit; usage:'],
  ])('%o exits 2 with one line', async (args, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr.startsWith(message)).toBe(true);
  });
});
