import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addLayanan, addLoket, addUnit } from '../../src/admin/org.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { AppError } from '../../src/http/errors.ts';
import { claimInvitation, createInvitations, findInvitation, invitationTokenHash, invitationUrl } from '../../src/survey/invitations.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const BASE = 'https://survei.kab-contoh.go.id';

describe.each(DATABASE_KINDS)('single-use invitations on %s', (kind) => {
  let database: DatabaseHandle;
  let loket: { id: string; code: string };
  let plainLoket: { id: string; code: string };
  let closedLoket: { id: string; code: string };
  let otherUnitLoket: { id: string; code: string };
  let unitId: string;
  let layananId: string;
  const invitationRows = async () => Number((await database.db.selectFrom('invitation').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const db = database.db;
    await addInstansi(db, { name: 'Kabupaten Contoh', slug: 'kab-contoh' }, 'Asia/Jakarta');
    unitId = (await addUnit(db, { instansi: 'kab-contoh', name: 'Dinas Kependudukan', slug: 'disduk' })).id;
    await addUnit(db, { instansi: 'kab-contoh', name: 'Dinas Kesehatan', slug: 'dinkes' });
    layananId = (await addLayanan(db, { instansi: 'kab-contoh', unit: 'disduk', name: 'Perekaman KTP-el' })).id;
    loket = await addLoket(db, { instansi: 'kab-contoh', unit: 'disduk', name: 'Loket 1', layanan: 'Perekaman KTP-el' });
    plainLoket = await addLoket(db, { instansi: 'kab-contoh', unit: 'disduk', name: 'Loket 2' });
    closedLoket = await addLoket(db, { instansi: 'kab-contoh', unit: 'disduk', name: 'Loket Lama' });
    await db.updateTable('loket').set({ active: false }).where('id', '=', closedLoket.id).execute();
    otherUnitLoket = await addLoket(db, { instansi: 'kab-contoh', unit: 'dinkes', name: 'Loket 1' });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('creates invitations with their own tokens, storing only the hashes, audited', async () => {
    const before = Date.now();
    const created = await createInvitations(database.db, { loketCode: loket.code, count: 3, ttlHours: 48, publicBaseUrl: BASE });
    expect(created.loket).toMatchObject({ id: loket.id, code: loket.code, name: 'Loket 1', unitId, unitName: 'Dinas Kependudukan', instansiName: 'Kabupaten Contoh', timeZone: 'Asia/Jakarta' });
    expect(created.invitations).toHaveLength(3);
    expect(new Set(created.invitations.map((i) => i.token)).size).toBe(3);
    for (const invitation of created.invitations) {
      expect(invitation.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(invitation.url).toBe(invitationUrl(BASE, invitation.token));
      expect(invitation.url).toBe(`${BASE}/i/${invitation.token}`);
      const hours = (invitation.expiresAt.getTime() - before) / 3_600_000;
      expect(hours).toBeGreaterThan(47.9);
      expect(hours).toBeLessThan(48.1);
    }
    const rows = await database.db.selectFrom('invitation').selectAll().where('id', 'in', created.invitations.map((i) => i.id)).execute();
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const invitation = created.invitations.find((i) => i.id === row.id)!;
      expect(row).toMatchObject({ unit_id: unitId, loket_id: loket.id, layanan_id: layananId, used_at: null, token_hash: invitationTokenHash(invitation.token) });
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      // the token itself is nowhere in the row
      expect(JSON.stringify(row)).not.toContain(invitation.token);
    }
    const entry = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'invitation.create').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ target_type: 'loket', target_id: loket.id, user_id: null });
    expect(entry.detail).toMatchObject({ loket: loket.code, count: 3 });
  });

  it('defaults to 14 days, and leaves layanan empty for a loket serving several', async () => {
    const created = await createInvitations(database.db, { loketCode: plainLoket.code, count: 1 });
    const [invitation] = created.invitations;
    expect(invitation!.url).toBeUndefined();
    expect((invitation!.expiresAt.getTime() - Date.now()) / 3_600_000).toBeCloseTo(336, 0);
    const found = await findInvitation(database.db, invitation!.token);
    expect(found).toEqual({ id: invitation!.id, unitId, loketId: plainLoket.id, layananId: null, loketCode: plainLoket.code, expiresAt: invitation!.expiresAt, usedAt: null });
  });

  it.each<[{ count: number; ttlHours?: number; loketCode?: string }, number, string]>([
    [{ count: 0 }, 400, 'count must be 1–1000'],
    [{ count: 1001 }, 400, 'count must be 1–1000'],
    [{ count: 1.5 }, 400, 'count must be a whole number'],
    [{ count: 1, ttlHours: 0 }, 400, 'ttlHours must be 1–2160 hours'],
    [{ count: 1, ttlHours: 2161 }, 400, 'ttlHours must be 1–2160 hours'],
    [{ count: 1, loketCode: 'tidakada' }, 404, 'no active loket with code "tidakada"'],
    [{ count: 1, loketCode: 'NOT A CODE' }, 404, 'no active loket with code "NOT A CODE"'],
    [{ count: 1, loketCode: 'closed' }, 404, 'no active loket with code'],
    [{ count: 1, loketCode: 'other-unit' }, 404, 'no active loket with code'],
  ])('refuses %o (%i) and stores nothing', async (input, status, message) => {
    const loketCode = input.loketCode === 'closed' ? closedLoket.code : input.loketCode === 'other-unit' ? otherUnitLoket.code : (input.loketCode ?? loket.code);
    const before = await invitationRows();
    const error = await createInvitations(database.db, { ...input, loketCode, unitId: input.loketCode === 'other-unit' ? unitId : undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(status);
    expect((error as AppError).message).toContain(message);
    expect(await invitationRows()).toBe(before);
  });

  it('finds an invitation by its token only', async () => {
    const { invitations } = await createInvitations(database.db, { loketCode: loket.code, count: 1 });
    const token = invitations[0]!.token;
    expect(await findInvitation(database.db, token)).toMatchObject({ id: invitations[0]!.id, loketCode: loket.code, layananId, usedAt: null });
    // a well-formed token that was never issued, a malformed one, the stored hash itself
    expect(await findInvitation(database.db, 'A'.repeat(43))).toBeUndefined();
    expect(await findInvitation(database.db, `${token}x`)).toBeUndefined();
    expect(await findInvitation(database.db, "' or 1=1 --")).toBeUndefined();
    expect(await findInvitation(database.db, invitationTokenHash(token))).toBeUndefined();
  });

  it('is claimed exactly once by 10 concurrent transactions', async () => {
    const { invitations } = await createInvitations(database.db, { loketCode: loket.code, count: 1 });
    const id = invitations[0]!.id;
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        database.db.transaction().execute(async (tx) => {
          const claimed = await claimInvitation(tx, id);
          // hold the row lock a moment, as a submission storing its answers would
          await sql`select pg_sleep(0.02)`.execute(tx);
          return claimed;
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const found = await findInvitation(database.db, invitations[0]!.token);
    expect(found!.usedAt).toBeInstanceOf(Date);
    expect(await claimInvitation(database.db, id)).toBe(false);
  });

  it('is not claimed when expired, and stays unused when the claiming transaction rolls back', async () => {
    const { invitations } = await createInvitations(database.db, { loketCode: loket.code, count: 2 });
    const [expired, rolledBack] = invitations;
    await database.db.updateTable('invitation').set({ expires_at: sql<Date>`now() - interval '1 minute'` }).where('id', '=', expired!.id).execute();
    expect(await claimInvitation(database.db, expired!.id)).toBe(false);
    expect((await findInvitation(database.db, expired!.token))!.usedAt).toBeNull();

    await expect(
      database.db.transaction().execute(async (tx) => {
        expect(await claimInvitation(tx, rolledBack!.id)).toBe(true);
        throw new Error('the submission failed');
      }),
    ).rejects.toThrow('the submission failed');
    expect((await findInvitation(database.db, rolledBack!.token))!.usedAt).toBeNull();
    expect(await claimInvitation(database.db, rolledBack!.id)).toBe(true);
  });

  it('creates 1000 in one call', async () => {
    const created = await createInvitations(database.db, { loketCode: plainLoket.code, count: 1000, publicBaseUrl: BASE });
    expect(new Set(created.invitations.map((i) => i.token)).size).toBe(1000);
    const stored = await database.db.selectFrom('invitation').select((e) => e.fn.countAll().as('n')).where('loket_id', '=', plainLoket.id).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(1001);
  });
});
