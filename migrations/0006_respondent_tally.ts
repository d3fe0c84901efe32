// Frozen. Per-day respondent counts for the dashboard's breakdowns (channel, trust level, and the
// respondent profile), so they never scan the responses. Each counted response adds one to one
// row per dimension: marginal counts, not the cross product of all dimensions, whose rows would
// grow with the number of responses (a busy unit's profiles are nearly all distinct), where these
// stay at a few dozen per unit, day, loket and layanan. Moved with the other tallies
// (results/tally.ts); filled here from the responses already counted and not excluded.
import { type Kysely, sql } from 'kysely';

const statements = [
  `create table respondent_tally (
    unit_id uuid not null references unit (id),
    local_date date not null,
    loket_id uuid,
    layanan_id uuid,
    dimension text not null check (dimension in ('channel', 'trust', 'gender', 'age_band', 'education', 'occupation', 'disability')),
    -- null: the respondent left this (optional) profile question blank
    value text,
    respondents integer not null default 0 check (respondents >= 0),
    unique nulls not distinct (unit_id, local_date, loket_id, layanan_id, dimension, value)
  )`,
  // the age bands as results/tally.ts ageBand() cuts them
  `insert into respondent_tally (unit_id, local_date, loket_id, layanan_id, dimension, value, respondents)
   select r.unit_id, r.local_date, r.loket_id, r.layanan_id, d.dimension, d.value, count(*)
   from response r
   cross join lateral (values
     ('channel', r.channel),
     ('trust', r.trust),
     ('gender', r.gender),
     ('age_band', case when r.age is null then null when r.age < 20 then '<20' when r.age < 30 then '20-29'
       when r.age < 40 then '30-39' when r.age < 50 then '40-49' when r.age < 60 then '50-59' else '60+' end),
     ('education', r.education),
     ('occupation', r.occupation),
     ('disability', r.disability)) as d(dimension, value)
   where r.tallied_at is not null and r.excluded_at is null
   group by 1, 2, 3, 4, 5, 6`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
