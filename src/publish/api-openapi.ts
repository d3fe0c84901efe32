// /api/v1/openapi.json: the OpenAPI 3.1 document of the open data and the invitations API,
// generated from the route table (api-endpoints.ts) and the zod schemas that check every answer
// (api-schemas.ts, the snapshot's own schemas), never written by hand a second time.
import { z } from 'zod';
import type { Config } from '../config.ts';
import { apiMessages } from '../i18n/api.ts';
import { invitationRequest } from '../survey/api.ts';
import { version } from '../version.ts';
import { ENDPOINT_IDS, ENDPOINTS, type Endpoint, pathParams, type Status } from './api-endpoints.ts';
import { apiSchemas, errorSchema, formatParam, paramSchemas } from './api-schemas.ts';
import { CSV_TYPE } from './api-csv.ts';

type JsonSchema = Record<string, unknown>;

/** A standalone JSON Schema of a parameter or body (no `$schema`: OpenAPI 3.1 sets the dialect). */
function inline(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function ref(schema: z.ZodType): JsonSchema {
  const meta = apiSchemas.get(schema);
  if (!meta) throw new Error('an answer schema of the route table is not registered in apiSchemas');
  return { $ref: `#/components/schemas/${meta.id}` };
}

function components(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(apiSchemas, { uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema as JsonSchema]));
}

export function openApiDocument(config: Pick<Config, 'publicBaseUrl'>) {
  const t = apiMessages('en');
  const cachingHeaders = {
    ETag: { description: 'the version of this answer; send it back in If-None-Match', schema: { type: 'string' } },
    'Cache-Control': { description: 'public, max-age=300', schema: { type: 'string' } },
    'Access-Control-Allow-Origin': { description: '*', schema: { type: 'string' } },
  };
  const response = (endpoint: Endpoint, status: Status) => {
    const description = t.status[status];
    if (status === 304) return { description, headers: { ETag: cachingHeaders.ETag } };
    if (status >= 400) return { description, content: { 'application/json': { schema: ref(errorSchema) } } };
    const content: Record<string, { schema: JsonSchema }> = { 'application/json': { schema: ref(endpoint.schema) } };
    if (endpoint.csv) content[CSV_TYPE.split(';')[0]!] = { schema: { type: 'string', description: 'RFC 4180, UTF-8, header row (format=csv)' } };
    return { description, ...(endpoint.apiKey ? {} : { headers: cachingHeaders }), content };
  };
  const operation = (id: (typeof ENDPOINT_IDS)[number]) => {
    const endpoint: Endpoint = ENDPOINTS[id];
    const parameters = [
      ...pathParams(endpoint).map((name) => ({ name, in: 'path', required: true, description: t.params[name], schema: inline(paramSchemas[name]) })),
      ...endpoint.query.map((name) => ({
        name,
        in: 'query',
        required: false,
        description: t.params[name],
        schema: inline(name === 'format' ? formatParam(endpoint.csv) : paramSchemas[name]),
      })),
    ];
    return {
      operationId: id,
      summary: t.endpoints[id].summary,
      description: t.endpoints[id].returns,
      tags: [endpoint.apiKey ? 'invitations' : 'open data'],
      ...(parameters.length ? { parameters } : {}),
      ...(endpoint.method === 'post' ? { requestBody: { required: true, content: { 'application/json': { schema: inline(invitationRequest) } } } } : {}),
      ...(endpoint.apiKey ? { security: [{ unitApiKey: [] }] } : {}),
      responses: Object.fromEntries(endpoint.statuses.map((status) => [String(status), response(endpoint, status)])),
    };
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const id of ENDPOINT_IDS) (paths[ENDPOINTS[id].path] ??= {})[ENDPOINTS[id].method] = operation(id);
  return {
    openapi: '3.1.0',
    info: { title: 'Survei: open data', version, description: t.intro },
    servers: [{ url: config.publicBaseUrl }],
    tags: [
      { name: 'open data', description: 'published survey results; no key, CORS open, cacheable' },
      { name: 'invitations', description: 'single-use survey links for queue-ticket systems; a unit API key' },
    ],
    paths,
    components: {
      schemas: components(),
      securitySchemes: { unitApiKey: { type: 'http', scheme: 'bearer', description: t.apiKey } },
    },
  };
}
