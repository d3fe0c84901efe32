// Frozen. A response keeps its answers in one jsonb column, { "<version id>": { "<item code>": 1..4 } },
// instead of one `answer` row per item: results read the per-day tallies, and everything that needs
// one respondent's answers (exports, exclusions) reads them with the response. Writing sixteen rows
// per submission was most of the database's work on the busiest path. Existing answer rows move in.
import { type Kysely, sql } from 'kysely';

const statements = [
  `update response r set answers = moved.answers
   from (
     select response_id, jsonb_object_agg(version_id::text, items) as answers
     from (
       select response_id, version_id, jsonb_object_agg(item_code, value) as items
       from answer group by response_id, version_id
     ) by_version
     group by response_id
   ) moved
   where moved.response_id = r.id and r.answers is null`,
  `update response set answers = '{}'::jsonb where answers is null`,
  `alter table response alter column answers set not null`,
  // the shape and the 1–4 scale hold in the database too; that each item exists in its instrument
  // version is checked where responses are stored (the answer rows' foreign key did it before)
  `alter table response add constraint response_answers_shape check (
     jsonb_typeof(answers) = 'object'
     and not jsonb_path_exists(answers, '$.* ? (@.type() != "object")')
     and not jsonb_path_exists(answers, '$.*.* ? (@.type() != "number" || @ < 1 || @ > 4 || @ != @.floor())'))`,
  `drop table answer`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
