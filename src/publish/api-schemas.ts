// The open-data API's answers as zod schemas. Each route passes its body through its schema before
// sending it, the tests parse every answer with it, and the OpenAPI document is generated from the
// same schemas (api-openapi.ts): what is documented is what is served. Published numbers come from
// the frozen snapshot as they are (plain JSON numbers, never formatted for a language).
import { z } from 'zod';
import type { FollowUpStatus } from '../db/types.ts';
import { parsePeriod } from '../results/period.ts';
import { changeSchema, publishedInstrumentSchema, scoreCardSchema, snapshotSchema } from '../results/publication.ts';

const url = z.url().describe('absolute URL');
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);
const revision = z.number().int().min(1);
const instant = z.iso.datetime().describe('ISO 8601, UTC');

/** Path and query parameters: the routes validate with these, the OpenAPI document describes them. */
export const paramSchemas = {
  // an unknown slug answers 404 from the lookup; the pattern only documents what a slug looks like
  instansi: slug,
  unit: slug,
  period: z
    .string()
    .refine((v) => parsePeriod(v) !== undefined, 'must be a triwulan (2026-Q3), a semester (2026-S1) or a year (2026)')
    .meta({ examples: ['2026-Q1', '2026-S1', '2026'] }),
  revision: z.string().regex(/^[1-9][0-9]{0,8}$/, 'must be a revision number (1, 2, …)').optional(),
};

/** `format`: JSON by default; CSV where the endpoint offers it. */
export function formatParam(csv: boolean) {
  const formats: [string, ...string[]] = csv ? ['json', 'csv'] : ['json'];
  return z.enum(formats, { error: csv ? 'must be "json" or "csv"' : 'must be "json" (this endpoint has no CSV)' }).default('json');
}

export const errorSchema = z.object({
  error: z.object({
    code: z.string().describe('machine-readable, e.g. "not_found", "invalid"'),
    message: z.string().describe('says what is wrong, naming the parameter'),
  }),
});

/** an instansi or a unit: its slug and name */
const named = z.object({ slug, name: z.string() });

const publicationLinks = z.object({
  self: url.describe('this revision, as JSON'),
  csv: url.describe('this revision per unsur, as CSV'),
  page: url.describe('the public page'),
});

/** The WBK/WBBM standing from IPAK and IPKP together, as the public pages word it. */
export const ziStandingSchema = z.object({
  level: z.enum(['wbbm', 'wbk', 'none']).describe('the lower of the IPAK and IPKP standings: both must meet a predicate'),
  withinMargin: z.boolean().describe('the deciding threshold lies inside the 95 % interval: the verdict holds only within the margin of error'),
});

const ikmFigure = scoreCardSchema.pick({ instrument: true, respondents: true, index: true, konversi: true, mutu: true, kinerja: true });
const ziFigure = scoreCardSchema.pick({ instrument: true, respondents: true, index: true, konversi: true, zi: true });

export const publicationSummarySchema = z.object({
  period: snapshotSchema.shape.period,
  revision,
  publishedAt: instant,
  respondents: snapshotSchema.shape.respondents,
  ikm: ikmFigure.nullable(),
  ipak: ziFigure.nullable(),
  ipkp: ziFigure.nullable(),
  zi: ziStandingSchema.nullable().describe('null when neither IPAK nor IPKP was published'),
  links: publicationLinks,
});
export type PublicationSummary = z.infer<typeof publicationSummarySchema>;

export const instansiListSchema = z.object({
  instansi: z
    .array(named.extend({ links: z.object({ self: url, page: url }) }))
    .describe('every instansi with at least one public publication, by name'),
});

export const instansiSchema = z.object({
  instansi: named,
  wide: publicationSummarySchema.nullable().describe('the newest publication of the instansi as a whole; null when none is public'),
  units: z
    .array(
      named.extend({
        latest: publicationSummarySchema.nullable().describe('null when the unit has published nothing'),
        links: z.object({ publications: url, page: url }),
      }),
    )
    .describe('every active unit, by name'),
  links: z.object({ self: url, csv: url.describe('the units table as CSV'), page: url, publications: url.describe('the publications of the instansi as a whole') }),
});

export const publicationListSchema = z.object({
  instansi: named,
  unit: named.nullable().describe('null: the instansi as a whole'),
  publications: z
    .array(
      z.object({
        period: z.string(),
        kind: snapshotSchema.shape.period.shape.kind,
        revision,
        publishedAt: instant,
        newest: z.boolean().describe('the newest revision of its period (older ones stay readable)'),
        links: publicationLinks,
      }),
    )
    .describe('every visible revision, newest period first, newest revision first'),
});

const followUpStatus = z.enum(['planned', 'in_progress', 'done'] as const satisfies readonly FollowUpStatus[]);

export const followUpSchema = z.object({
  unsur: z.string().describe('code of the unsur the action addresses'),
  action: z.string(),
  owner: z.string().nullable(),
  due: z.iso.date().nullable(),
  status: followUpStatus,
  evidence: z.string().nullable(),
  updatedAt: instant,
});

export const publicationSchema = z.object({
  instansi: named,
  unit: named.nullable().describe('null: the instansi as a whole'),
  period: z.string(),
  revision,
  publishedAt: instant,
  revisions: z.array(revision).describe('every visible revision of the period, newest first'),
  snapshot: snapshotSchema,
  followUps: z.array(followUpSchema).describe('the follow-up actions the unit published for the period'),
  links: publicationLinks.extend({
    newest: url.describe('the newest revision of the period'),
    image: url.optional().describe('1200×630 PNG for social media (units only)'),
  }),
});

export const invitationAnswerSchema = z.object({
  invitations: z.array(z.object({ url: url.describe('single-use survey link'), expiresAt: instant })),
});

/** The shape of /api/v1/openapi.json itself: enough to say what it is. */
export const openApiSchema = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

/** Named schemas: components of the OpenAPI document, referenced wherever they are used. */
export const apiSchemas = z.registry<{ id: string }>();
apiSchemas.add(errorSchema, { id: 'Error' });
apiSchemas.add(scoreCardSchema, { id: 'ScoreCard' });
apiSchemas.add(changeSchema, { id: 'Change' });
apiSchemas.add(publishedInstrumentSchema, { id: 'PublishedInstrument' });
apiSchemas.add(snapshotSchema, { id: 'Snapshot' });
apiSchemas.add(ziStandingSchema, { id: 'ZiStanding' });
apiSchemas.add(publicationSummarySchema, { id: 'PublicationSummary' });
apiSchemas.add(followUpSchema, { id: 'FollowUp' });
apiSchemas.add(instansiListSchema, { id: 'InstansiList' });
apiSchemas.add(instansiSchema, { id: 'Instansi' });
apiSchemas.add(publicationListSchema, { id: 'PublicationList' });
apiSchemas.add(publicationSchema, { id: 'Publication' });
apiSchemas.add(invitationAnswerSchema, { id: 'Invitations' });
apiSchemas.add(openApiSchema, { id: 'OpenApi' });
