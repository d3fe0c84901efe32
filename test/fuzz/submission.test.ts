// Fuzzing the citizen's submission (POST /s/:code) and the kiosk's (POST /k/:code?key=…): random and
// near-valid form bodies (signed tokens with mutated fields, values outside 1–4, duplicate and
// unknown fields, huge and unicode values, wrong content types, malformed percent-encoding). Never a
// 5xx or an unhandled rejection; a 303 stores at most one response, anything else stores nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateLoketKeys } from '../../src/admin/org.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { signFormToken } from '../../src/survey/token.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { IPAK, IPKP, SKM, seedPublishedWorld } from '../support/published.ts';
import { anyText, headerValue, changes, type Fingerprint, fingerprinter, rowsIn, FUZZ_RUNS, fuzzParams, fuzzTimeout, watchRejections, wellFormed } from './support.ts';

const SECRET = 'test-secret-'.padEnd(40, 'x');
const PROFILE = ['gender', 'age', 'education', 'occupation', 'disability', 'saran', 'layanan', 'lang', 'website', 'sid'];
const ITEMS = [...SKM.map((c) => `skm:${c}`), ...IPAK.map((c) => `ipak:${c}`), ...IPKP.map((c) => `ipkp:${c}`)];

type Field = [string, string];
interface Case {
  kiosk: boolean;
  keyKind: 'right' | 'wrong' | 'none';
  codeKind: 'dinkes' | 'disduk' | 'random';
  randomCode: string;
  token: string | null;
  fields: Field[];
  encoding: 'form' | 'raw' | 'garbage';
  garbage: string;
  contentType: string | null;
  contentLength: 'none' | 'right' | string;
}

describe.each(DATABASE_KINDS)('fuzzing the submission endpoints (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let codes: { dinkes: string; disduk: string };
  let kioskKey: string;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const world = await seedPublishedWorld(database.db, { publishNow: false });
    codes = { dinkes: world.dinkes.loketCode, disduk: world.disduk.loketCode };
    ({ kioskKey } = await rotateLoketKeys(database.db, codes.disduk));
    ({ app } = testApp(database));
  });
  afterAll(async () => {
    await database?.close();
  });

  /** A token as the server signs it, or mutated: another loket, expired, future, kiosk, invited, forged, garbled. */
  const tokenArb = (target: () => string) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constant('valid') },
      { weight: 3, arbitrary: fc.constantFrom('kiosk', 'other-loket', 'expired', 'future', 'invited', 'fresh', 'no-sid', 'absent') },
      { weight: 2, arbitrary: fc.tuple(fc.constant('payload'), fc.dictionary(fc.constantFrom('v', 's', 'l', 't', 'tr', 'i', 'k', 'x'), fc.jsonValue({ maxDepth: 1 }))) },
      { weight: 2, arbitrary: fc.tuple(fc.constant('garble'), fc.nat(), fc.string({ maxLength: 3 })) },
      { weight: 1, arbitrary: fc.tuple(fc.constant('text'), anyText()) },
    ).map((choice) => {
      const code = target();
      const sign = (extra: Record<string, unknown>) => signFormToken(SECRET, { s: crypto.randomUUID(), l: code, t: Date.now() - 60_000, tr: 'open', ...extra } as never);
      if (choice === 'valid') return sign({});
      if (choice === 'kiosk') return sign({ s: undefined, tr: 'presence', k: 1 });
      if (choice === 'other-loket') return sign({ l: code === codes.dinkes ? codes.disduk : codes.dinkes });
      if (choice === 'expired') return sign({ t: Date.now() - 13 * 3_600_000 });
      if (choice === 'future') return sign({ t: Date.now() + 3_600_000 });
      if (choice === 'invited') return sign({ tr: 'invited', i: crypto.randomUUID() });
      if (choice === 'fresh') return sign({ t: Date.now() });
      if (choice === 'no-sid') return sign({ s: undefined });
      if (choice === 'absent') return null;
      // signed by us, so only the payload's own checks stand between it and the database
      if (choice[0] === 'payload') return signFormToken(SECRET, choice[1] as never);
      if (choice[0] === 'garble') {
        const valid = sign({});
        const at = choice[1] % valid.length;
        return valid.slice(0, at) + choice[2] + valid.slice(at + 1);
      }
      return choice[1];
    });

  const valueArb = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('1', '2', '3', '4') },
    { weight: 2, arbitrary: fc.constantFrom('0', '5', '-1', '1.0', ' 3 ', '４', '', 'L', 'P', 'sma', '34', '7', '121', '1e1', 'ramah\u0000', crypto.randomUUID()) },
    { weight: 2, arbitrary: anyText() },
  );
  const nameArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ITEMS, ...PROFILE) }, { weight: 1, arbitrary: anyText() });

  /** Every question answered, then 0–4 fields dropped, changed, repeated or added. */
  const fieldsArb = fc
    .tuple(
      fc.array(fc.constantFrom('1', '2', '3', '4'), { minLength: ITEMS.length, maxLength: ITEMS.length }),
      fc.array(fc.tuple(fc.constantFrom('drop', 'set', 'add'), fc.nat(), nameArb, valueArb), { maxLength: 3 }),
      fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, fc.constant(false)),
    )
    .map(([values, edits, full]) => {
      const fields: Field[] = full ? ITEMS.map((name, i) => [name, values[i]!]) : [];
      for (const [op, at, name, value] of edits) {
        if (op === 'drop' && fields.length > 0) fields.splice(at % fields.length, 1);
        else if (op === 'set' && fields.length > 0) fields[at % fields.length]![1] = value;
        else fields.push([name, value]);
      }
      return fields;
    });

  const caseArb: fc.Arbitrary<Case> = fc
    .record({
      kiosk: fc.boolean(),
      keyKind: fc.oneof({ weight: 8, arbitrary: fc.constant('right' as const) }, fc.constantFrom('wrong' as const, 'none' as const)),
      codeKind: fc.oneof({ weight: 9, arbitrary: fc.constantFrom('dinkes' as const, 'disduk' as const) }, fc.constant('random' as const)),
      randomCode: anyText(),
      fields: fieldsArb,
      encoding: fc.oneof({ weight: 8, arbitrary: fc.constant('form' as const) }, fc.constantFrom('raw' as const, 'garbage' as const)),
      garbage: fc.string({ unit: 'binary', maxLength: 200 }),
      contentType: fc.oneof(
        { weight: 8, arbitrary: fc.constant('application/x-www-form-urlencoded') },
        { weight: 2, arbitrary: fc.constantFrom(null, 'application/x-www-form-urlencoded; charset=utf-8', 'text/plain', 'application/json', 'multipart/form-data; boundary=x', 'APPLICATION/X-WWW-FORM-URLENCODED') },
        { weight: 1, arbitrary: anyText().map(headerValue) },
      ),
      contentLength: fc.oneof({ weight: 12, arbitrary: fc.constantFrom('none', 'right') }, fc.constantFrom('-1', 'abc', '99999999', '0', ' 12')),
    })
    .chain((c) => {
      const target = () => (c.codeKind === 'random' ? c.randomCode : c.kiosk && c.codeKind === 'dinkes' ? codes.disduk : codes[c.codeKind as 'dinkes' | 'disduk']);
      return tokenArb(target).map((token) => ({ ...c, token }) as Case);
    });

  async function request(c: Case): Promise<Response> {
    const code = c.codeKind === 'random' ? c.randomCode : c.kiosk && c.codeKind === 'dinkes' ? codes.disduk : codes[c.codeKind];
    // a random code goes in as written half the time: malformed percent-escapes reach the router
    const segment = c.codeKind === 'random' && c.randomCode.length % 2 === 0 ? c.randomCode.replace(/[/?#]/g, '') : encodeURIComponent(wellFormed(code));
    const path = c.kiosk
      ? `/k/${segment}${c.keyKind === 'none' ? '' : `?key=${encodeURIComponent(c.keyKind === 'right' ? kioskKey : `${kioskKey}x`)}`}`
      : `/s/${segment}`;
    const fields: Field[] = c.token === null ? c.fields : [['token', c.token], ...c.fields];
    if (c.kiosk && !fields.some(([n]) => n === 'sid')) fields.push(['sid', crypto.randomUUID()]);
    let body: string;
    if (c.encoding === 'form') body = new URLSearchParams(fields).toString();
    // as a careless client writes it: unescaped, so %, & and = inside values break it up
    else if (c.encoding === 'raw') body = fields.map(([n, v]) => `${n}=${v}`).join('&');
    else body = c.garbage;
    const headers: Record<string, string> = { Accept: c.fields.length % 2 === 0 ? 'text/html' : 'application/json' };
    if (c.contentType !== null) headers['Content-Type'] = c.contentType;
    if (c.contentLength === 'right') headers['Content-Length'] = String(Buffer.byteLength(body));
    else if (c.contentLength !== 'none') headers['Content-Length'] = c.contentLength;
    return app.request(`https://survei.test${path}`, { method: 'POST', headers, body });
  }

  it(
    `answers ${FUZZ_RUNS} random submissions without a 5xx, storing at most one response per 303`,
    async () => {
      const fingerprint = await fingerprinter(database.db);
      const rejections = watchRejections();
      let last: Fingerprint = await fingerprint();
      const seen = new Map<number, number>();
      rejections.start();
      try {
        await fc.assert(
          fc.asyncProperty(caseArb, async (c) => {
            const res = await request(c);
            await res.arrayBuffer();
            seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
            expect(res.status, `${res.status} for ${JSON.stringify(c).slice(0, 500)}`).toBeLessThan(500);
            const now = await fingerprint();
            const changed = changes(last, now);
            if (res.status === 303) {
              const grew = rowsIn(now, 'response') - rowsIn(last, 'response');
              expect(grew).toBeGreaterThanOrEqual(0);
              expect(grew).toBeLessThanOrEqual(1);
              // an invited form is stored with its tallies at once; any other only as the row
              expect(changed.filter((t) => !/^(response|invitation|\w+_tally) /.test(t))).toEqual([]);
            } else {
              expect(changed, `status ${res.status} changed the database`).toEqual([]);
            }
            last = now;
            rejections.check();
          }),
          fuzzParams(`submission (${kind})`),
        );
      } finally {
        rejections.stop();
      }
      console.log(`fuzz submission (${kind}): statuses ${JSON.stringify(Object.fromEntries(seen))}`);
      // the generator reaches both the stored and the refused outcomes
      if (FUZZ_RUNS >= 200) {
        expect(seen.get(303) ?? 0).toBeGreaterThan(0);
        expect(seen.get(400) ?? 0).toBeGreaterThan(0);
      }
    },
    fuzzTimeout(),
  );
});
