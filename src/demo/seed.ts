import type { Kysely } from 'kysely';
import { addInstansi, addLayanan, addLoket, addUnit } from '../admin/org.ts';
import type { TimeZone } from '../config.ts';
import type { Database } from '../db/types.ts';
import { localDate, periodOf, UTC_OFFSET_MS } from '../results/period.ts';
import { type NewResponse, storeResponses } from '../survey/store.ts';
import { DEMO_UNITS, DISABILITY, EDUCATION, OCCUPATION, SARAN } from './plan.ts';
import { answerAround, type Random, seededRandom } from './random.ts';

export interface DemoOptions {
  slug: string;
  name: string;
  timeZone: TimeZone;
  responses: number;
  seed: number;
  /** the demo's year of responses ends here */
  now: Date;
  onProgress?: (done: number, total: number) => void;
}

export interface DemoSummary {
  instansi: string;
  units: { slug: string; name: string; lokets: { code: string; name: string }[]; responses: number }[];
  responses: number;
  from: string;
  to: string;
}

interface SeededUnit {
  id: string;
  plan: (typeof DEMO_UNITS)[number];
  layanan: Map<string, string>;
  lokets: { id: string; code: string; name: string; layananId: string | null }[];
  items: { versionId: string; itemCode: string }[];
}

const DAY = 86_400_000;

/** A weekday in the last year, during office hours (08:00–15:59 local). */
function serviceTime(random: Random, now: Date, timeZone: TimeZone): Date {
  for (;;) {
    const day = new Date(now.getTime() - random.int(0, 364) * DAY);
    const local = localDate(day, timeZone);
    const weekday = new Date(`${local}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const at = new Date(Date.parse(`${local}T00:00:00Z`) - UTC_OFFSET_MS[timeZone] + random.int(8, 15) * 3_600_000 + random.int(0, 3599) * 1000);
    if (at.getTime() <= now.getTime()) return at;
  }
}

export async function seedDemo(db: Kysely<Database>, options: DemoOptions): Promise<DemoSummary> {
  const random = seededRandom(options.seed);
  const instansi = await addInstansi(db, { name: options.name, slug: options.slug, timeZone: options.timeZone }, options.timeZone);
  const units: SeededUnit[] = [];
  for (const plan of DEMO_UNITS) {
    const unit = await addUnit(db, {
      instansi: instansi.slug,
      name: plan.name,
      slug: plan.slug,
      parent: plan.parent,
      instruments: plan.instruments,
      headName: plan.headName,
      headNip: plan.headNip,
    });
    const layanan = new Map<string, string>();
    for (const name of plan.layanan) layanan.set(name, (await addLayanan(db, { instansi: instansi.slug, unit: unit.slug, name })).id);
    const lokets = [];
    for (const [name, served] of plan.lokets) {
      const loket = await addLoket(db, { instansi: instansi.slug, unit: unit.slug, name, layanan: served ?? undefined });
      lokets.push({ id: loket.id, code: loket.code, name: loket.name, layananId: served ? layanan.get(served)! : null });
    }
    const items = await db
      .selectFrom('unit_instrument as ui')
      .innerJoin('instrument_item as it', 'it.version_id', 'ui.version_id')
      .where('ui.unit_id', '=', unit.id)
      .select(['ui.version_id as versionId', 'it.code as itemCode'])
      .orderBy('ui.position')
      .orderBy('it.position')
      .execute();
    units.push({ id: unit.id, plan, layanan, lokets, items });
  }

  const start = options.now.getTime() - 364 * DAY;
  const first = localDate(new Date(start), options.timeZone);
  const total = options.responses;
  const batch: NewResponse[] = [];
  const perUnit = new Map<string, number>();
  let done = 0;
  const flush = async () => {
    await storeResponses(db, batch);
    done += batch.length;
    batch.length = 0;
    options.onProgress?.(done, total);
  };
  for (let i = 0; i < total; i++) {
    const unit = random.weighted(units.map((u) => [u, u.plan.weight] as const));
    const loket = random.pick(unit.lokets);
    const layananId = loket.layananId ?? random.pick([...unit.layanan.values()]);
    const submittedAt = serviceTime(random, options.now, options.timeZone);
    // units improve over the year as they follow up their weakest unsur
    const improvement = (0.15 * (submittedAt.getTime() - start)) / (364 * DAY);
    const answers = unit.items
      .filter(() => random.next() > 0.01) // the odd question left blank
      .map((item) => ({
        versionId: item.versionId,
        itemCode: item.itemCode,
        value: answerAround(random, (unit.plan.quality[item.itemCode] ?? unit.plan.base) + improvement),
      }));
    batch.push({
      id: random.uuid(),
      unitId: unit.id,
      loketId: loket.id,
      layananId,
      channel: random.next() < 0.85 ? 'qr' : 'kiosk',
      submittedAt,
      servedAt: submittedAt,
      gender: random.next() < 0.9 ? (random.next() < 0.5 ? 'L' : 'P') : null,
      age: random.next() < 0.9 ? random.int(17, 75) : null,
      education: random.next() < 0.9 ? random.weighted(EDUCATION) : null,
      occupation: random.next() < 0.9 ? random.weighted(OCCUPATION) : null,
      disability: random.next() < 0.8 ? random.weighted(DISABILITY) : null,
      saran: random.next() < 0.15 ? random.pick(SARAN) : null,
      answers,
    });
    perUnit.set(unit.id, (perUnit.get(unit.id) ?? 0) + 1);
    if (batch.length === 250) await flush();
  }
  if (batch.length > 0) await flush();

  // estimated service users per triwulan, so the minimum sample can be judged
  const quarters = new Set<string>();
  for (let t = options.now.getTime() - 364 * DAY; t <= options.now.getTime(); t += 28 * DAY) quarters.add(periodOf(localDate(new Date(t), options.timeZone), 'triwulan').code);
  quarters.add(periodOf(localDate(options.now, options.timeZone), 'triwulan').code);
  await db
    .insertInto('population')
    .values(units.flatMap((u) => [...quarters].map((period) => ({ unit_id: u.id, period, users: Math.round(((perUnit.get(u.id) ?? 0) / 4) * (2 + random.next() * 3)) + 50 }))))
    .execute();

  return {
    instansi: instansi.slug,
    units: units.map((u) => ({ slug: u.plan.slug, name: u.plan.name, lokets: u.lokets.map(({ code, name }) => ({ code, name })), responses: perUnit.get(u.id) ?? 0 })),
    responses: total,
    from: first,
    to: localDate(options.now, options.timeZone),
  };
}
