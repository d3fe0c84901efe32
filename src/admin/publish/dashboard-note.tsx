// The dashboard's word on the publication of the period it shows: which revision the public sees
// and, when the live numbers moved since, what differs, with the way to republish. One query for
// the publication and one live read for the drift.
import type { Kysely } from 'kysely';
import type { TimeZone } from '../../config.ts';
import type { Database } from '../../db/types.ts';
import { publishMessages } from '../../i18n/admin-publish.ts';
import { fill, type Lang } from '../../i18n/index.ts';
import { type Change, currentPublication, driftOf, type Publication, type PublicationScope } from '../../results/publication.ts';
import { changeText } from '../../i18n/changes.ts';
import { publicMessages } from '../../i18n/public.ts';
import { momentText } from './format.ts';

export interface PublicationNote {
  publication: Publication;
  drift: Change[];
}

export async function loadPublicationNote(db: Kysely<Database>, scope: PublicationScope, period: string): Promise<PublicationNote | undefined> {
  const publication = await currentPublication(db, scope, period);
  return publication && { publication, drift: await driftOf(db, publication) };
}

/** `href`: the scope's publication page for the period. */
export function PublicationNoteView({ note, lang, zone, href }: { note: PublicationNote; lang: Lang; zone: TimeZone; href: string }) {
  const pm = publishMessages(lang);
  const { publication, drift } = note;
  return (
    <div class={`notice ${drift.length > 0 ? 'warn' : 'ok'} published-note`} role="status">
      <p>{fill(pm.publishedAs, { revision: publication.revision, date: momentText(publication.publishedAt, zone, lang) })}</p>
      {drift.length > 0 && (
        <p>
          {pm.drift} {drift.map((change) => changeText(change, lang, publicMessages(lang))).join('; ')}.
        </p>
      )}
      <p>
        <a href={href}>{pm.dashboardManage}</a>
      </p>
    </div>
  );
}
