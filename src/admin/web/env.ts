import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/types.ts';
import type { AppEnv } from '../../http/middleware.ts';
import type { AdminMessages } from '../../i18n/admin.ts';
import type { Lang } from '../../i18n/index.ts';
import type { PublicViews } from '../../publish/view.ts';
import type { LoketContextCache } from '../../survey/context-cache.ts';
import type { SessionUser } from '../auth/session.ts';

/** What every workspace handler finds in its context (set by web/guard.ts). */
export type AdminEnv = {
  Variables: AppEnv['Variables'] & {
    lang: Lang;
    at: AdminMessages;
    /** the token every state-changing form of this page must send back as `_csrf` */
    csrf: string;
    /** the client's address, for the audit log ("from where") */
    address: string | null;
    /** the signed-in user; set on every route but sign-in and first setup */
    user: SessionUser;
    sessionHash: string;
  };
};

export interface AdminDeps {
  db: Kysely<Database>;
  config: Config;
  clientAddress?: (c: import('hono').Context) => string | undefined;
  /** the one-time first-setup token printed in the server log (only while there are no users) */
  setupToken?: string;
  /** the questionnaire's loket cache: call `invalidate()` after changing a loket, unit, layanan or instrument */
  loketContexts?: LoketContextCache;
  /** the public pages' cache: call `invalidate()` after publishing or changing what the public sees */
  publicViews?: PublicViews;
  /**
   * false where no background job can outlive its request (Workers: no process, no temporary
   * disk): the import of paper forms, which runs in the background from a temporary file, answers
   * 501 and its page says how to import instead
   */
  backgroundJobs?: boolean;
}
