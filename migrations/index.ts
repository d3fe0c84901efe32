// The static, ordered list of migrations: imported statically so that every bundle
// (Node, Workers) carries them. Append only; never rename or edit a shipped entry.
import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_schema.ts';
import * as m0002 from './0002_builtin_instruments.ts';
import * as m0003 from './0003_questionnaire.ts';
import * as m0004 from './0004_answers_inline.ts';
import * as m0005 from './0005_workspace.ts';
import * as m0006 from './0006_respondent_tally.ts';
import * as m0007 from './0007_response_import.ts';

export const migrations: Record<string, Migration> = {
  '0001_schema': m0001,
  '0002_builtin_instruments': m0002,
  '0003_questionnaire': m0003,
  '0004_answers_inline': m0004,
  '0005_workspace': m0005,
  '0006_respondent_tally': m0006,
  '0007_response_import': m0007,
};
