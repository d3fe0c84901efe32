import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** superuser URL of the test PostgreSQL server; test files create their own databases in it */
    postgresUrl: string;
  }
}

/** One PostgreSQL server for the whole run: DATABASE_URL when given, else one started here. */
export default async function setup(project: TestProject) {
  const given = process.env.DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    return;
  }
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
