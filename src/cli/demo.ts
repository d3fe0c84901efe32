import { parseTimeZone } from '../config.ts';
import { seedDemo } from '../demo/seed.ts';
import { parseOptions } from './args.ts';
import { CliError, type Command } from './command.ts';
import { withDatabase } from './database.ts';
import { progressBar } from './progress.ts';

const usage = 'survei demo [--slug kab-contoh] [--name "Kabupaten Contoh"] [--time-zone WIB|WITA|WIT] [--responses 6000] [--seed 1] [--json]';

export const command: Command = {
  name: 'demo',
  summary: 'seed a realistic demo instansi with a year of responses',
  help: `Usage: ${usage}

Creates a demo instansi (default "Kabupaten Contoh", slug kab-contoh) with four units — a dinas
with its UPT puskesmas, the Disdukcapil and the DPMPTSP — their layanan and lokets, the population
of service users per triwulan, and plausible responses (SKM and, where the unit runs them, IPAK
and IPKP) spread over the last four quarters during office hours. The same --seed gives the same
answers. Progress is shown on stderr; --json prints the summary (units, loket codes, counts).
`,
  async run(args, io) {
    const { values } = parseOptions(
      args,
      {
        slug: { type: 'string', default: 'kab-contoh' },
        name: { type: 'string', default: 'Kabupaten Contoh' },
        'time-zone': { type: 'string' },
        responses: { type: 'string', default: '6000' },
        seed: { type: 'string', default: '1' },
        json: { type: 'boolean' },
      },
      usage,
    );
    const responses = Number(values.responses);
    if (!Number.isInteger(responses) || responses < 1 || responses > 1_000_000) throw new CliError('--responses must be a whole number from 1 to 1000000');
    const seed = Number(values.seed);
    if (!Number.isInteger(seed)) throw new CliError('--seed must be a whole number');
    const zoneArg = values['time-zone'];
    const zone = zoneArg === undefined ? undefined : parseTimeZone(zoneArg);
    if (zoneArg !== undefined && !zone) throw new CliError('--time-zone must be WIB, WITA or WIT');

    const summary = await withDatabase(async ({ database, config }) => {
      const exists = await database.db.selectFrom('instansi').select('id').where('slug', '=', values.slug!).executeTakeFirst();
      if (exists) throw new CliError(`instansi "${values.slug}" already exists; choose another --slug`);
      const bar = progressBar(io, 'responses', responses);
      const result = await seedDemo(database.db, {
        slug: values.slug!,
        name: values.name!,
        timeZone: zone ?? config.defaultTimeZone,
        responses,
        seed,
        now: new Date(),
        onProgress: (done) => bar.update(done),
      });
      bar.done();
      return { ...result, baseUrl: config.publicBaseUrl };
    });
    if (values.json) {
      const { baseUrl: _, ...rest } = summary;
      io.out.write(`${JSON.stringify(rest, null, 2)}\n`);
      return 0;
    }
    io.out.write(`demo instansi "${summary.instansi}": ${summary.responses} responses from ${summary.from} to ${summary.to}\n`);
    for (const unit of summary.units) {
      io.out.write(`  ${unit.slug.padEnd(16)} ${String(unit.responses).padStart(6)} responses  ${unit.name}\n`);
      for (const loket of unit.lokets) io.out.write(`      ${loket.name}: ${summary.baseUrl}/s/${loket.code}\n`);
    }
    return 0;
  },
};
