// The Tim Survei's first week, in a real browser against the real server on PostgreSQL: sign in
// with the first admin, create a unit, a layanan and a loket, let citizens answer at the loket's
// QR URL, read the dashboard (the numbers `survei score` gives for the same answers), exclude one
// response and see the numbers follow, record a follow-up action, sign out.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoreCard } from '../../src/scoring/index.ts';
import { addTimSurvei, answerAll, axeViolations, cli, newContext, signedInPage, startWorld, untilHumanPace, type World } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'survei-workspace-'));
const SKM = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];
const id = (n: number, decimals: number) => n.toFixed(decimals).replace('.', ',');

describe('the workspace in a browser', () => {
  let world: World;
  let password: string;

  beforeAll(async () => {
    world = await startWorld();
    password = await addTimSurvei(world);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `survei score --json` on a CSV of these SKM answers. */
  async function surveiScore(answers: Record<string, string>[]): Promise<ScoreCard> {
    const file = join(dir, `skm-${answers.length}.csv`);
    writeFileSync(file, `${SKM.join(',')}\n${answers.map((a) => SKM.map((code) => a[`skm:${code}`]).join(',')).join('\n')}\n`);
    return JSON.parse(await cli(world.cliEnv, 'score', '--instrument', 'skm', '--responses', file, '--json')) as ScoreCard;
  }

  it('signs in, sets up a loket, reads the numbers survei score gives, excludes, follows up, signs out', async () => {
    const url = world.server.url;
    const context = await newContext(world, { viewport: { width: 1280, height: 900 } });
    const page = await signedInPage(context, world, password);
    expect(await axeViolations(page)).toEqual([]);

    // a unit, a layanan, a loket bound to it
    await page.goto(`${url}/admin/units`);
    await page.locator('#new-unit-name').fill('Dinas Perhubungan');
    await page.locator('form[action="/admin/units"] button[type=submit]').click();
    await page.waitForURL(/\/admin\/units\/dinas-perhubungan(\?|$)/);
    await page.locator('#layanan-new-name').fill('Uji KIR');
    await page.locator('form[action$="/layanan"] button[type=submit]').click();
    await page.waitForURL(/\/admin\/units\/dinas-perhubungan(\?|$)/);
    await page.locator('#loket-new-name').fill('Loket KIR');
    await page.locator('#loket-new-layanan').selectOption({ label: 'Uji KIR' });
    await page.locator('form[action$="/lokets"] button[type=submit]').click();
    await page.waitForURL(/\/admin\/units\/dinas-perhubungan(\?|$)/);
    expect(await axeViolations(page)).toEqual([]);
    const { rows } = await world.db.query<{ id: string; code: string }>(`select k.id, k.code from loket k join unit u on u.id = k.unit_id where u.slug = 'dinas-perhubungan' and k.name = 'Loket KIR'`);
    const loket = rows[0]!;
    expect(await page.locator('main').textContent()).toContain(`/s/${loket.code}`);

    // three citizens answer at the loket's QR URL, each on their own phone
    const given: Record<string, string>[] = [];
    // offsets chosen so that the first one differs from the mean of the others
    for (const offset of [2, 1, 0]) {
      const phone = await newContext(world);
      const form = await phone.newPage();
      await form.goto(`${url}/s/${loket.code}`);
      const renderedAt = Date.now();
      given.push(await answerAll(form, { offset }));
      await untilHumanPace(renderedAt);
      await form.getByRole('button', { name: 'Kirim jawaban' }).click();
      await form.waitForURL(/\/terima-kasih$/);
      await phone.close();
    }

    const dashboard = async () => {
      await page.goto(`${url}/admin/dashboard/dinas-perhubungan`);
      return (await page.locator('main').textContent())!;
    };
    const all = await surveiScore(given);
    let text = await dashboard();
    expect(text).toContain(id(all.konversi!, 2));
    expect(text).toContain(id(all.index!, 4));
    for (const unsur of all.unsur) expect(text).toContain(id(unsur.nrr!, 4));
    expect(text).toContain(all.mutu!);
    expect(await axeViolations(page)).toEqual([]);

    // the first response is excluded with a reason: the numbers are those of the other two
    const first = await world.db.query<{ id: string }>('select id from response where loket_id = $1 order by submitted_at limit 1', [loket.id]);
    await page.goto(`${url}/admin/responses/${first.rows[0]!.id}`);
    await page.locator('#reason').fill('Uji coba petugas');
    await page.locator('form[action$="/exclude"] button[type=submit]').click();
    await page.waitForURL(/\/admin\/responses\/[0-9a-f-]+\?done=excluded/);
    const rest = await surveiScore(given.slice(1));
    expect(rest.konversi).not.toBe(all.konversi);
    text = await dashboard();
    expect(text).toContain(id(rest.konversi!, 2));
    expect(text).toContain(id(rest.index!, 4));
    expect(text).not.toContain(id(all.konversi!, 2));

    // a follow-up action for the weakest unsur
    await page.goto(`${url}/admin/follow-up/dinas-perhubungan`);
    await page.locator('#action').fill('Memasang papan informasi persyaratan uji KIR');
    await page.locator('#owner').fill('Kepala Seksi Pengujian');
    await page.locator('form[enctype="multipart/form-data"] button[type=submit]').click();
    await page.waitForURL(/\/admin\/follow-up\/dinas-perhubungan/);
    expect(await page.locator('main').textContent()).toContain('Memasang papan informasi persyaratan uji KIR');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.waitForURL(/\/admin\/login/);
    await page.goto(`${url}/admin/dashboard/dinas-perhubungan`);
    await page.waitForURL(/\/admin\/login\?next=/);
    await context.close();
  });
});
