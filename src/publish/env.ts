import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/types.ts';
import type { PublicViews } from './view.ts';

/** What the public routes need: the database (for the open-data API's reads), the config, the views. */
export interface PublishDeps {
  db: Kysely<Database>;
  config: Config;
  views: PublicViews;
}
