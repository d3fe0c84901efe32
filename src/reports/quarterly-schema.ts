// The machine-readable export of an instansi (or one unit) for a period, for national systems: the
// public contract, documented in the README. Every ScoreCard is the engine's, as the dashboard and
// the publications show it. Change it only with a new `schema` version.
import { z } from 'zod';
import { TIME_ZONES, type TimeZone } from '../config.ts';
import { scoreCardSchema } from '../results/publication.ts';

export const QUARTERLY_EXPORT_SCHEMA = 'survei.quarterly-export/1';

const count = z.number().int().min(0);
const scorecards = z.array(scoreCardSchema).describe('IKM first, then IPAK, then IPKP; only the instruments answered');
const channels = z
  .object({ qr: count, kiosk: count, invitation: count, paper: count })
  .describe('counted responses by channel (they add up to every counted response)');

const quarterlyUnitSchema = z.object({
  slug: z.string(),
  name: z.string(),
  parent: z.string().nullable().describe('slug of the parent unit (a UPT under its dinas), or null'),
  active: z.boolean(),
  population: count.nullable().describe('service users in the period, as the unit entered them'),
  minimumSample: count.nullable().describe('Krejcie–Morgan minimum for the population'),
  sampleMet: z.boolean().nullable().describe('respondents ≥ minimumSample; null without a population'),
  respondents: count.describe('respondents of the IKM (of the largest instrument when there is no IKM)'),
  channels,
  publication: z
    .object({ revision: z.number().int().min(1), publishedAt: z.iso.datetime() })
    .nullable()
    .describe('the revision the public sees for the period, or null when not published'),
  followUp: z.object({ planned: count, in_progress: count, done: count, total: count }).describe('Rencana Tindak Lanjut actions of the period by status'),
  scorecards,
  perLayanan: z
    .array(z.object({ name: z.string(), scorecards }))
    .describe('per jenis layanan, by name; responses recorded without a layanan are only in the unit scorecards'),
});

export const quarterlyExportSchema = z.object({
  schema: z.literal(QUARTERLY_EXPORT_SCHEMA),
  generatedAt: z.iso.datetime(),
  period: z.object({ code: z.string(), kind: z.enum(['triwulan', 'semester', 'tahun']), from: z.iso.date(), to: z.iso.date() }),
  instansi: z.object({ slug: z.string(), name: z.string(), timeZone: z.enum(Object.keys(TIME_ZONES) as [TimeZone, ...TimeZone[]]) }),
  units: z.array(quarterlyUnitSchema).describe('by slug; every active unit, and a closed unit with results in the period'),
  total: z
    .object({ respondents: count, channels, scorecards })
    .describe('the scope as a whole: all units pooled (with one unit asked for, that unit)'),
});

export type QuarterlyExport = z.infer<typeof quarterlyExportSchema>;
export type QuarterlyUnit = z.infer<typeof quarterlyUnitSchema>;
