// Row types of the schema in migrations/. Both databases return the same JS types:
// int8/numeric → number, date → 'YYYY-MM-DD' string, timestamptz → Date, jsonb → parsed value.
import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

export type Channel = 'qr' | 'kiosk' | 'invitation' | 'paper';
export type Trust = 'open' | 'presence' | 'invited';
export type FlagPolicy = 'count' | 'exclude';

/** Opening hours in the instansi's zone: ISO weekdays (1 = Monday) and HH:MM times. */
export interface ServiceHours {
  days: number[];
  open: string;
  close: string;
}
export type Role = 'operator' | 'admin' | 'unit_admin' | 'viewer';
export type InstrumentKind = 'ikm' | 'ipak' | 'ipkp';
export type FollowUpStatus = 'planned' | 'in_progress' | 'done';

export interface InstansiTable {
  id: Generated<string>;
  slug: string;
  name: string;
  time_zone: string;
  logo: Uint8Array | null;
  logo_type: string | null;
  service_hours: ColumnType<ServiceHours | null, string | null | undefined, string | null>;
  embed_origins: Generated<string[]>;
  created_at: CreatedAt;
}

export interface UnitTable {
  id: Generated<string>;
  instansi_id: string;
  parent_id: string | null;
  slug: string;
  name: string;
  head_name: string | null;
  head_nip: string | null;
  address: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  cooldown_minutes: Generated<number>;
  flag_policy: Generated<FlagPolicy>;
}

export interface LayananTable {
  id: Generated<string>;
  unit_id: string;
  name: string;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface LoketTable {
  id: Generated<string>;
  unit_id: string;
  layanan_id: string | null;
  code: string;
  name: string;
  active: Generated<boolean>;
  display_key_hash: string | null;
  kiosk_key_hash: string | null;
  created_at: CreatedAt;
}

export interface InstrumentTable {
  id: Generated<string>;
  instansi_id: string | null;
  code: string;
  kind: InstrumentKind;
  name: string;
  created_at: CreatedAt;
}

export interface InstrumentVersionTable {
  id: Generated<string>;
  instrument_id: string;
  version: number;
  definition: Json<unknown>;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface InstrumentItemTable {
  version_id: string;
  code: string;
  unsur_code: string;
  position: number;
}

export interface UnitInstrumentTable {
  unit_id: string;
  instrument_id: string;
  version_id: string;
  position: Generated<number>;
  enabled: Generated<boolean>;
}

export interface AppUserTable {
  id: Generated<string>;
  instansi_id: string | null;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  active: Generated<boolean>;
  created_at: CreatedAt;
  password_changed_at: Generated<Date>;
}

export interface UserUnitTable {
  user_id: string;
  unit_id: string;
}

export interface SessionTable {
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface InvitationTable {
  id: Generated<string>;
  unit_id: string;
  loket_id: string | null;
  layanan_id: string | null;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface ApiKeyTable {
  id: Generated<string>;
  unit_id: string;
  name: string;
  key_hash: string;
  created_at: CreatedAt;
  created_by: string | null;
  revoked_at: NullableTimestamp;
}

export interface ResponseTable {
  id: string;
  unit_id: string;
  loket_id: string | null;
  layanan_id: string | null;
  channel: Channel;
  trust: Generated<Trust>;
  flags: Generated<string[]>;
  submitted_at: ColumnType<Date, Date | string | undefined, never>;
  local_date: string;
  served_at: NullableTimestamp;
  invitation_id: string | null;
  import_batch: string | null;
  gender: 'L' | 'P' | null;
  age: number | null;
  education: string | null;
  occupation: string | null;
  disability: string | null;
  saran: string | null;
  client_hash: string | null;
  ip_hash: string | null;
  /** the answers, by instrument version id and item code: { "<version>": { "<item>": 1..4 } } */
  answers: ColumnType<Record<string, Record<string, number>>, string, string>;
  /** when this response was counted in the tallies and its cross-response flags set (null: not yet) */
  tallied_at: NullableTimestamp;
  excluded_at: NullableTimestamp;
  excluded_by: string | null;
  excluded_reason: string | null;
  saran_category: 'keluhan' | 'saran' | 'apresiasi' | null;
  saran_followed_up_at: NullableTimestamp;
}

/** What a respondent gives besides the answers: the profile and the saran. */
export type ResponseProfile = Pick<ResponseTable, 'gender' | 'age' | 'education' | 'occupation' | 'disability' | 'saran'>;

export interface AnswerTallyTable {
  unit_id: string;
  loket_id: string | null;
  layanan_id: string | null;
  local_date: string;
  version_id: string;
  item_code: string;
  n1: Generated<number>;
  n2: Generated<number>;
  n3: Generated<number>;
  n4: Generated<number>;
}

export interface ResponseTallyTable {
  unit_id: string;
  loket_id: string | null;
  layanan_id: string | null;
  local_date: string;
  version_id: string;
  respondents: Generated<number>;
}

/** Respondents per day and dimension (channel, trust, each profile question): one row per value. */
export interface RespondentTallyTable {
  unit_id: string;
  local_date: string;
  loket_id: string | null;
  layanan_id: string | null;
  dimension: RespondentDimension;
  /** null: the (optional) profile question was left blank */
  value: string | null;
  respondents: Generated<number>;
}

export type RespondentDimension = 'channel' | 'trust' | 'gender' | 'age_band' | 'education' | 'occupation' | 'disability';

export interface PopulationTable {
  unit_id: string;
  period: string;
  users: number;
  updated_at: Generated<Date>;
  updated_by: string | null;
}

export interface FollowUpTable {
  id: Generated<string>;
  unit_id: string;
  period: string;
  unsur_code: string;
  action: string;
  owner: string | null;
  due: string | null;
  status: Generated<FollowUpStatus>;
  evidence: string | null;
  evidence_file: Uint8Array | null;
  evidence_file_name: string | null;
  evidence_file_type: 'application/pdf' | 'image/png' | 'image/jpeg' | null;
  published: Generated<boolean>;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: Generated<Date>;
}

export interface PublicationTable {
  id: Generated<string>;
  instansi_id: string;
  unit_id: string | null;
  period: string;
  revision: number;
  scorecard: Json<unknown>;
  published_at: CreatedAt;
  published_by: string | null;
  unpublished_at: NullableTimestamp;
  unpublished_by: string | null;
}

export interface AuditLogTable {
  id: GeneratedAlways<number>;
  at: CreatedAt;
  instansi_id: string | null;
  user_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** where the action came from (the client address of a signed-in user; null from the CLI) */
  address: string | null;
}

/** One import of paper questionnaires into a unit (reports/import); its responses' import_batch is the id. */
export interface ResponseImportTable {
  id: string;
  unit_id: string;
  file_name: string;
  /** SHA-256 of the file's bytes, hex */
  file_hash: string;
  rows: number;
  /** null: imported from the command line */
  imported_by: string | null;
  imported_at: CreatedAt;
  /** imported again although the same file had been imported into the unit before */
  forced: boolean;
}

export interface SigninFailureTable {
  /** 'account:<email>' or 'address:<keyed hash>' */
  key: string;
  failures: number;
  last_at: Timestamp;
}

export interface Database {
  instansi: InstansiTable;
  unit: UnitTable;
  layanan: LayananTable;
  loket: LoketTable;
  instrument: InstrumentTable;
  instrument_version: InstrumentVersionTable;
  instrument_item: InstrumentItemTable;
  unit_instrument: UnitInstrumentTable;
  app_user: AppUserTable;
  user_unit: UserUnitTable;
  session: SessionTable;
  invitation: InvitationTable;
  api_key: ApiKeyTable;
  response: ResponseTable;
  answer_tally: AnswerTallyTable;
  response_tally: ResponseTallyTable;
  respondent_tally: RespondentTallyTable;
  population: PopulationTable;
  follow_up: FollowUpTable;
  publication: PublicationTable;
  audit_log: AuditLogTable;
  response_import: ResponseImportTable;
  signin_failure: SigninFailureTable;
}
