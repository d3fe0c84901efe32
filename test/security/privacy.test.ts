// The privacy promise: a citizen's network address and device id are used (rate limits, repeat and
// burst flags) but stored only as keyed hashes. After submissions from a known address and device,
// through the questionnaire, the kiosk and an invitation, and after the background fold, no row of
// any table holds either in clear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addLoket, addUnit, rotateLoketKeys } from '../../src/admin/org.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { foldPending } from '../../src/results/fold.ts';
import { createInvitations } from '../../src/survey/invitations.ts';
import { signFormToken } from '../../src/survey/token.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { tableDump } from './tables.ts';

const SECRET = 'test-secret-'.padEnd(40, 'x');
const SKM = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];
const ADDRESSES = ['198.51.100.123', '2001:db8:85a3::8a2e:370:7334'];
const DEVICE = 'Zk9vQmFyQmF6UXV4MTIzNA';

describe.each(DATABASE_KINDS)('privacy of addresses and devices (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database, { TRUST_PROXY: '1' }));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('stores the address and the device id only as keyed hashes, in every table', async () => {
    const db = database.db;
    await addInstansi(db, { name: 'Kabupaten Privasi', slug: 'kab-privasi', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addUnit(db, { instansi: 'kab-privasi', name: 'Dinas Privasi', slug: 'dinas-privasi', instruments: ['skm'] });
    const { code } = await addLoket(db, { instansi: 'kab-privasi', unit: 'dinas-privasi', name: 'Loket P' });
    const { kioskKey } = await rotateLoketKeys(db, code);
    const invitation = (await createInvitations(db, { loketCode: code, count: 1 })).invitations[0]!;
    const answers = Object.fromEntries(SKM.map((c, i) => [`skm:${c}`, String((i % 4) + 1)]));
    const send = (path: string, address: string, fields: Record<string, string>) =>
      app.request(`https://survei.test${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', 'X-Forwarded-For': address, Cookie: `__Host-sv=${DEVICE}` },
        body: new URLSearchParams({ ...answers, ...fields, saran: 'Pelayanan cepat' }).toString(),
      });
    const token = (extra: object = {}) => signFormToken(SECRET, { s: crypto.randomUUID(), l: code, t: Date.now() - 60_000, tr: 'open', ...extra });
    for (const address of ADDRESSES) {
      // twice from one device: the repeat-device flag needs the device, the burst flag the address
      expect((await send(`/s/${code}`, address, { token: token() })).status).toBe(303);
      expect((await send(`/s/${code}`, address, { token: token() })).status).toBe(303);
    }
    expect((await send(`/k/${code}?key=${kioskKey}`, ADDRESSES[0]!, { token: signFormToken(SECRET, { l: code, t: Date.now() - 60_000, tr: 'presence', k: 1 }), sid: crypto.randomUUID() })).status).toBe(303);
    expect((await send(`/s/${code}`, ADDRESSES[1]!, { token: token({ tr: 'invited', i: invitation.id }) })).status).toBe(303);
    await foldPending(db);

    const dump = await tableDump(database);
    expect(Object.keys(dump)).toEqual(expect.arrayContaining(['response', 'answer_tally', 'audit_log', 'invitation']));
    const found: string[] = [];
    for (const [table, lines] of Object.entries(dump)) {
      for (const line of lines) {
        for (const secret of [...ADDRESSES, DEVICE]) if (line.includes(secret)) found.push(`${table}: ${secret}`);
      }
    }
    expect(found).toEqual([]);

    // and the keyed hashes are there instead (so the scan looked where the values would be)
    const rows = await db.selectFrom('response').select(['ip_hash', 'client_hash', 'channel']).execute();
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.ip_hash !== null && r.ip_hash.length >= 20)).toBe(true);
    expect(rows.filter((r) => r.channel !== 'kiosk').every((r) => r.client_hash !== null && r.client_hash.length >= 20)).toBe(true);
    expect(new Set(rows.map((r) => r.ip_hash)).size).toBe(2);
  });
});
