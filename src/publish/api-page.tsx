// GET /api: the open data explained for people (journalists, OPD web admins, developers), generated
// from the same route table as the routes and the OpenAPI document: each endpoint, its parameters,
// what it answers and a curl command that works against this server.
import type { Child } from 'hono/jsx';
import { apiMessages } from '../i18n/api.ts';
import { fill, type Lang, messages } from '../i18n/index.ts';
import { Page } from '../http/page.tsx';
import { API_PAGE_PATH, ENDPOINT_IDS, ENDPOINTS, type Endpoint, fillPath, OPENAPI_PATH, pathParams, type Status } from './api-endpoints.ts';
import { apiSchemas } from './api-schemas.ts';

interface ApiPageProps {
  lang: Lang;
  /** PUBLIC_BASE_URL */
  base: string;
  /** slugs and periods of something published here, so the examples answer */
  examples: ApiExamples;
}

export interface ApiExamples {
  instansi: string;
  unit: string;
  /** a period the unit published */
  period: string;
  /** a period the instansi as a whole published */
  widePeriod: string;
}

function curl(endpoint: Endpoint, { base, examples, lang }: ApiPageProps): string[] {
  const period = endpoint.path.includes('{unit}') ? examples.period : examples.widePeriod;
  const url = `${base}${fillPath(endpoint, { ...examples, period })}`;
  if (endpoint.method === 'post') {
    const a = apiMessages(lang);
    return [`curl -s -X POST '${url}' \\\n  -H 'Authorization: Bearer ${a.keyPlaceholder}' \\\n  -H 'Content-Type: application/json' \\\n  -d '{"loket": "${a.loketPlaceholder}", "count": 1}'`];
  }
  return endpoint.csv ? [`curl -s '${url}'`, `curl -s -o data.csv '${url}?format=csv'`] : [`curl -s '${url}'`];
}

/** A table whose rows are headed by their first cell (a parameter's name, a status code). */
function HeadedTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: [Child, ...Child[]][] }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th scope="col">{column}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([head, ...cells]) => (
          <tr>
            <th scope="row">{head}</th>
            {cells.map((cell) => (
              <td>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const ALL_STATUSES = [...new Set(ENDPOINT_IDS.flatMap((id) => ENDPOINTS[id].statuses as Status[]))].sort((a, b) => a - b);

export function ApiPage({ lang, base, examples }: ApiPageProps) {
  const t = messages(lang);
  const a = apiMessages(lang);
  return (
    <Page lang={lang} t={t} title={a.title} path={API_PAGE_PATH} head={<link rel="stylesheet" href="/static/api.css" />}>
      <h1>{a.title}</h1>
      <p>{a.intro}</p>
      <p>
        {a.openapiText} <a href={`${base}${OPENAPI_PATH}`}>{a.openapi}</a>
      </p>
      <section aria-labelledby="api-rules">
        <h2 id="api-rules">{a.rulesTitle}</h2>
        <ul>
          {a.rules.map((rule) => (
            <li>{rule}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="api-endpoints">
        <h2 id="api-endpoints">{a.endpointsTitle}</h2>
        {ENDPOINT_IDS.map((id) => {
          const endpoint: Endpoint = ENDPOINTS[id];
          const params = [...pathParams(endpoint).map((name) => ({ name, where: a.where.path })), ...endpoint.query.map((name) => ({ name, where: a.where.query }))];
          return (
            <section class="card endpoint" aria-labelledby={`api-${id}`}>
              <h3 id={`api-${id}`}>{a.endpoints[id].summary}</h3>
              <p>
                <code class="route">
                  {endpoint.method.toUpperCase()} {endpoint.path}
                </code>
              </p>
              <p>{a.endpoints[id].returns}</p>
              {endpoint.apiKey && <p>{a.apiKey}</p>}
              {params.length === 0 ? (
                <p>{a.noParameters}</p>
              ) : (
                <HeadedTable
                  caption={a.parameters}
                  columns={[a.colName, a.colIn, a.colMeaning]}
                  rows={params.map((p) => [<code>{p.name}</code>, p.where, a.params[p.name]])}
                />
              )}
              <h4>{a.returnsTitle}</h4>
              <p>
                {[fill(a.schema, { name: apiSchemas.get(endpoint.schema)!.id }), ...(endpoint.csv ? [a.csvToo] : []), fill(a.statuses, { list: endpoint.statuses.join(', ') })].join(' ')}
              </p>
              <h4>{a.example}</h4>
              {curl(endpoint, { lang, base, examples }).map((command) => (
                <pre>
                  <code>{command}</code>
                </pre>
              ))}
            </section>
          );
        })}
      </section>
      <section aria-labelledby="api-statuses">
        <h2 id="api-statuses">{a.statusTitle}</h2>
        <HeadedTable caption={a.statusCaption} columns={[a.colCode, a.colMeaning]} rows={ALL_STATUSES.map((status) => [status, a.status[status]])} />
      </section>
    </Page>
  );
}
