// The open-data API's route table. The routes (api.ts) are registered from it, and the OpenAPI
// document (api-openapi.ts) and the readable page (api-page.tsx) are generated from it, so the
// three cannot list different endpoints, parameters or answers.
import type { z } from 'zod';
import { instansiListSchema, instansiSchema, invitationAnswerSchema, openApiSchema, publicationListSchema, publicationSchema } from './api-schemas.ts';

export const PUBLIC_API = '/api/v1/public';
export const OPENAPI_PATH = '/api/v1/openapi.json';
/** the readable page about the API */
export const API_PAGE_PATH = '/api';

export type PathParam = 'instansi' | 'unit' | 'period';
export type QueryParam = 'revision' | 'format';
export type Status = 200 | 201 | 304 | 400 | 401 | 404 | 413 | 415 | 429;

export interface Endpoint {
  method: 'get' | 'post';
  /** as OpenAPI writes it: /api/v1/public/instansi/{instansi} */
  path: string;
  query: QueryParam[];
  /** `?format=csv` answers CSV instead of JSON */
  csv: boolean;
  /** the JSON answer of a success */
  schema: z.ZodType;
  /** every status the endpoint answers, success first */
  statuses: Status[];
  /** needs a unit API key (Authorization: Bearer …) */
  apiKey: boolean;
}

const publicGet = (path: string, schema: z.ZodType, query: QueryParam[], csv: boolean): Endpoint => ({
  method: 'get',
  path: `${PUBLIC_API}${path}`,
  query,
  csv,
  schema,
  statuses: [200, 304, 400, ...(path.includes('{') ? [404 as const] : [])],
  apiKey: false,
});

export const ENDPOINTS = {
  instansiList: publicGet('/instansi', instansiListSchema, ['format'], false),
  instansi: publicGet('/instansi/{instansi}', instansiSchema, ['format'], true),
  widePublications: publicGet('/instansi/{instansi}/publications', publicationListSchema, ['format'], false),
  widePublication: publicGet('/instansi/{instansi}/publications/{period}', publicationSchema, ['revision', 'format'], true),
  unitPublications: publicGet('/instansi/{instansi}/units/{unit}/publications', publicationListSchema, ['format'], false),
  unitPublication: publicGet('/instansi/{instansi}/units/{unit}/publications/{period}', publicationSchema, ['revision', 'format'], true),
  openapi: { method: 'get', path: OPENAPI_PATH, query: [], csv: false, schema: openApiSchema, statuses: [200, 304], apiKey: false },
  invitations: { method: 'post', path: '/api/v1/invitations', query: [], csv: false, schema: invitationAnswerSchema, statuses: [201, 400, 401, 404, 413, 415, 429], apiKey: true },
} satisfies Record<string, Endpoint>;

export type EndpointId = keyof typeof ENDPOINTS;
export const ENDPOINT_IDS = Object.keys(ENDPOINTS) as EndpointId[];

/** The path's own parameters, in order. */
export function pathParams(endpoint: Endpoint): PathParam[] {
  return [...endpoint.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as PathParam);
}

/** The path as Hono routes it: /api/v1/public/instansi/:instansi */
export function honoPath(endpoint: Endpoint): string {
  return endpoint.path.replace(/\{(\w+)\}/g, ':$1');
}

/** The path with its parameters filled in (each encoded); a missing value is a programming error. */
export function fillPath(endpoint: Endpoint, values: Partial<Record<PathParam, string>>): string {
  return endpoint.path.replace(/\{(\w+)\}/g, (_, name: PathParam) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${endpoint.path}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
}
