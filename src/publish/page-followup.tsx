// "Tindak lanjut": what the unit is doing about the period's results, the weakest IKM unsur named
// first. Only actions the team marked as published reach the view.
import { dayName, INDEX_DECIMALS, KONVERSI_DECIMALS, periodName } from '../i18n/format.ts';
import { fill } from '../i18n/index.ts';
import type { Publication } from '../results/publication.ts';
import { instrumentOf, unsurName, weakestUnsur } from './page-figures.ts';
import { num, type PageText } from './page-parts.tsx';
import type { PublicFollowUp } from './view.ts';

export function FollowUpSection({ text, unitName, shown, followUps }: { text: PageText; unitName: string; shown: Publication; followUps: PublicFollowUp[] }) {
  const { dm, pm, lang } = text;
  const period = periodName(shown.snapshot.period, dm, lang);
  const ikm = instrumentOf(shown.snapshot, 'ikm');
  const unsur = new Map((ikm?.card.unsur ?? []).map((u) => [u.code, u]));
  const weakest = ikm ? weakestUnsur(ikm.card) : [];
  // the lowest NRR first; actions on an unsur the IKM does not have (or did not answer) after them
  const nrrOf = (f: PublicFollowUp) => unsur.get(f.unsurCode)?.nrr ?? Number.POSITIVE_INFINITY;
  const actions = followUps.filter((f) => f.period === shown.period).sort((a, b) => nrrOf(a) - nrrOf(b));
  const nameOf = (code: string) => {
    const u = unsur.get(code);
    return u && ikm ? `${code} ${unsurName(ikm, u, lang)}` : code;
  };
  return (
    <section class="card" aria-labelledby="followup-h">
      <h2 id="followup-h">{pm.followUpTitle}</h2>
      <p>{fill(pm.followUpIntro, { unit: unitName, period })}</p>
      {weakest.length > 0 && ikm && (
        <p>
          {fill(pm.weakest, {
            figure: weakest.map((u) => fill(dm.unsurFigure, { code: u.code, name: unsurName(ikm, u, lang), nrr: num(text, u.nrr, INDEX_DECIMALS), konversi: num(text, u.konversi, KONVERSI_DECIMALS) })).join('; '),
          })}
        </p>
      )}
      {actions.length === 0 ? (
        <p class="muted">{pm.followUpNone}</p>
      ) : (
        // a list, not a table: each action reads whole on a phone
        <ol class="actions">
          {actions.map((f) => (
            <li>
              <p class="unsur">{nameOf(f.unsurCode)}</p>
              <p>{f.action}</p>
              <dl class="facts">
                <dt>{pm.colOwner}</dt>
                <dd>{f.owner ?? '–'}</dd>
                <dt>{pm.colDue}</dt>
                <dd>{f.due ? dayName(f.due, dm) : '–'}</dd>
                <dt>{pm.colStatus}</dt>
                <dd>{pm.followUpStatus[f.status]}</dd>
              </dl>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
