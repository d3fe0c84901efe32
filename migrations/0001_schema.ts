// Frozen: never edit a migration that has shipped; add a new numbered one instead.
// Never import app code here: a migration must mean the same thing forever.
import { type Kysely, sql } from 'kysely';

// One statement per entry: PGlite runs each through the extended protocol, which takes one at a time.
const statements = [
  `create table instansi (
    id uuid primary key default gen_random_uuid(),
    slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name text not null check (length(btrim(name)) between 1 and 200),
    time_zone text not null check (time_zone in ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
    logo bytea,
    logo_type text check (logo_type in ('image/png', 'image/jpeg', 'image/svg+xml')),
    service_hours text check (length(service_hours) <= 500),
    embed_origins text[] not null default '{}',
    created_at timestamptz not null default now()
  )`,
  `create table unit (
    id uuid primary key default gen_random_uuid(),
    instansi_id uuid not null references instansi (id),
    parent_id uuid,
    slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name text not null check (length(btrim(name)) between 1 and 200),
    head_name text check (length(head_name) <= 200),
    head_nip text check (head_nip ~ '^[0-9 ]{1,30}$'),
    address text check (length(address) <= 500),
    active boolean not null default true,
    created_at timestamptz not null default now(),
    unique (instansi_id, slug),
    unique (instansi_id, id),
    -- a parent unit is in the same instansi and is not the unit itself
    foreign key (instansi_id, parent_id) references unit (instansi_id, id),
    check (parent_id is null or parent_id <> id)
  )`,
  `create table layanan (
    id uuid primary key default gen_random_uuid(),
    unit_id uuid not null references unit (id),
    name text not null check (length(btrim(name)) between 1 and 200),
    active boolean not null default true,
    created_at timestamptz not null default now(),
    unique (unit_id, name),
    unique (unit_id, id)
  )`,
  `create table loket (
    id uuid primary key default gen_random_uuid(),
    unit_id uuid not null references unit (id),
    layanan_id uuid,
    code text not null unique check (code ~ '^[a-z0-9]{4,16}$'),
    name text not null check (length(btrim(name)) between 1 and 200),
    active boolean not null default true,
    display_key_hash text,
    kiosk_key_hash text,
    created_at timestamptz not null default now(),
    unique (unit_id, name),
    unique (unit_id, id),
    -- a loket bound to a layanan serves one of its own unit's layanan
    foreign key (unit_id, layanan_id) references layanan (unit_id, id)
  )`,
  // instansi_id null = built-in (skm, ipak, ipkp), shared by every instansi
  `create table instrument (
    id uuid primary key default gen_random_uuid(),
    instansi_id uuid references instansi (id),
    code text not null check (code ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    kind text not null check (kind in ('ikm', 'ipak', 'ipkp')),
    name text not null,
    created_at timestamptz not null default now(),
    unique nulls not distinct (instansi_id, code)
  )`,
  `create table instrument_version (
    id uuid primary key default gen_random_uuid(),
    instrument_id uuid not null references instrument (id),
    version integer not null check (version >= 1),
    definition jsonb not null,
    created_at timestamptz not null default now(),
    created_by uuid,
    unique (instrument_id, version)
  )`,
  // the items of a version, so that every stored answer points at an item that exists
  `create table instrument_item (
    version_id uuid not null references instrument_version (id),
    code text not null check (code ~ '^[A-Za-z][A-Za-z0-9_.-]{0,31}$'),
    unsur_code text not null,
    position integer not null,
    primary key (version_id, code)
  )`,
  `create table unit_instrument (
    unit_id uuid not null references unit (id),
    instrument_id uuid not null references instrument (id),
    version_id uuid not null references instrument_version (id),
    position integer not null default 0,
    enabled boolean not null default true,
    primary key (unit_id, instrument_id)
  )`,
  `create table app_user (
    id uuid primary key default gen_random_uuid(),
    instansi_id uuid references instansi (id),
    email text not null check (email = lower(btrim(email)) and email like '%_@_%'),
    name text not null check (length(btrim(name)) between 1 and 200),
    role text not null check (role in ('operator', 'admin', 'unit_admin', 'viewer')),
    password_hash text not null,
    active boolean not null default true,
    created_at timestamptz not null default now(),
    password_changed_at timestamptz not null default now(),
    unique (email),
    -- an operator runs the deployment; everyone else belongs to one instansi
    check ((role = 'operator') = (instansi_id is null))
  )`,
  // which units a unit_admin or viewer reaches (admins reach their whole instansi)
  `create table user_unit (
    user_id uuid not null references app_user (id),
    unit_id uuid not null references unit (id),
    primary key (user_id, unit_id)
  )`,
  `create table session (
    token_hash text primary key,
    user_id uuid not null references app_user (id),
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    expires_at timestamptz not null,
    revoked_at timestamptz
  )`,
  `create index session_by_user on session (user_id)`,
  `create table invitation (
    id uuid primary key default gen_random_uuid(),
    unit_id uuid not null references unit (id),
    loket_id uuid,
    layanan_id uuid,
    token_hash text not null unique,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz,
    foreign key (unit_id, loket_id) references loket (unit_id, id),
    foreign key (unit_id, layanan_id) references layanan (unit_id, id)
  )`,
  `create table api_key (
    id uuid primary key default gen_random_uuid(),
    unit_id uuid not null references unit (id),
    name text not null check (length(btrim(name)) between 1 and 200),
    key_hash text not null unique,
    created_at timestamptz not null default now(),
    created_by uuid references app_user (id),
    revoked_at timestamptz
  )`,
  // id = the submission id generated when the form was rendered: a retry cannot store twice
  `create table response (
    id uuid primary key,
    unit_id uuid not null references unit (id),
    loket_id uuid,
    layanan_id uuid,
    channel text not null check (channel in ('qr', 'kiosk', 'invitation', 'paper')),
    trust text not null default 'normal' check (trust in ('high', 'normal', 'low')),
    flags text[] not null default '{}',
    submitted_at timestamptz not null default now(),
    -- the instansi-local calendar day of submitted_at: periods are cut in the instansi's zone
    local_date date not null,
    served_at timestamptz,
    invitation_id uuid unique references invitation (id),
    import_batch text,
    gender text check (gender in ('L', 'P')),
    age smallint check (age between 10 and 120),
    education text check (education in ('tidak_sekolah', 'sd', 'smp', 'sma', 'd1_d3', 'd4_s1', 's2', 's3')),
    occupation text check (occupation in ('pns', 'tni', 'polri', 'swasta', 'wirausaha', 'pelajar', 'irt', 'petani', 'pensiunan', 'lainnya')),
    disability text check (disability in ('none', 'fisik', 'intelektual', 'mental', 'sensorik')),
    saran text check (length(saran) <= 1000),
    client_hash text,
    excluded_at timestamptz,
    excluded_by uuid references app_user (id),
    excluded_reason text,
    check ((excluded_at is null) = (excluded_reason is null)),
    check ((channel = 'invitation') = (invitation_id is not null)),
    foreign key (unit_id, loket_id) references loket (unit_id, id),
    foreign key (unit_id, layanan_id) references layanan (unit_id, id)
  )`,
  `create index response_unit_date on response (unit_id, local_date)`,
  `create table answer (
    response_id uuid not null references response (id),
    version_id uuid not null,
    item_code text not null,
    value smallint not null check (value between 1 and 4),
    primary key (response_id, version_id, item_code),
    foreign key (version_id, item_code) references instrument_item (version_id, code)
  )`,
  // Per-day answer histograms, kept in the same transaction as the answers (and moved on
  // exclusion/restore), so results read a few rows per day, not every response.
  `create table answer_tally (
    unit_id uuid not null references unit (id),
    loket_id uuid,
    layanan_id uuid,
    local_date date not null,
    version_id uuid not null references instrument_version (id),
    item_code text not null,
    n1 integer not null default 0 check (n1 >= 0),
    n2 integer not null default 0 check (n2 >= 0),
    n3 integer not null default 0 check (n3 >= 0),
    n4 integer not null default 0 check (n4 >= 0),
    unique nulls not distinct (unit_id, local_date, loket_id, layanan_id, version_id, item_code)
  )`,
  `create table response_tally (
    unit_id uuid not null references unit (id),
    loket_id uuid,
    layanan_id uuid,
    local_date date not null,
    version_id uuid not null references instrument_version (id),
    respondents integer not null default 0 check (respondents >= 0),
    unique nulls not distinct (unit_id, local_date, loket_id, layanan_id, version_id)
  )`,
  // estimated service users of a unit in a period ('2026-Q1', '2026-S1', '2026'), for the minimum sample
  `create table population (
    unit_id uuid not null references unit (id),
    period text not null check (period ~ '^[0-9]{4}(-Q[1-4]|-S[12])?$'),
    users integer not null check (users >= 1),
    updated_at timestamptz not null default now(),
    updated_by uuid references app_user (id),
    primary key (unit_id, period)
  )`,
  `create table follow_up (
    id uuid primary key default gen_random_uuid(),
    unit_id uuid not null references unit (id),
    period text not null check (period ~ '^[0-9]{4}(-Q[1-4]|-S[12])?$'),
    unsur_code text not null,
    action text not null check (length(btrim(action)) between 1 and 2000),
    owner text check (length(owner) <= 200),
    due date,
    status text not null default 'planned' check (status in ('planned', 'in_progress', 'done')),
    evidence text check (length(evidence) <= 2000),
    published boolean not null default false,
    created_at timestamptz not null default now(),
    created_by uuid references app_user (id),
    updated_at timestamptz not null default now()
  )`,
  `create index follow_up_unit_period on follow_up (unit_id, period)`,
  // unit_id null = the whole instansi; the ScoreCard is frozen as published, never recomputed
  `create table publication (
    id uuid primary key default gen_random_uuid(),
    instansi_id uuid not null references instansi (id),
    unit_id uuid,
    period text not null check (period ~ '^[0-9]{4}(-Q[1-4]|-S[12])?$'),
    revision integer not null check (revision >= 1),
    scorecard jsonb not null,
    published_at timestamptz not null default now(),
    published_by uuid references app_user (id),
    unpublished_at timestamptz,
    unpublished_by uuid references app_user (id),
    unique nulls not distinct (instansi_id, unit_id, period, revision),
    foreign key (instansi_id, unit_id) references unit (instansi_id, id)
  )`,
  `create table audit_log (
    id bigint generated always as identity primary key,
    at timestamptz not null default now(),
    instansi_id uuid references instansi (id),
    user_id uuid references app_user (id),
    action text not null,
    target_type text,
    target_id text,
    detail jsonb not null default '{}'
  )`,
  `create index audit_log_instansi_at on audit_log (instansi_id, at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
