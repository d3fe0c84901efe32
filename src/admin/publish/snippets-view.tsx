// The "put it on your website" part of a unit's publication page: the snippets to copy, what their
// options do, and the links to the public page, the images and the counter posters.
import { fill } from '../../i18n/index.ts';
import { periodName } from '../../i18n/format.ts';
import { parsePeriod } from '../../results/period.ts';
import type { PublicMark, SnippetFacts } from './queries.ts';
import { badgeSnippet, iframeSnippet, publicPageUrl, type SnippetTarget, widgetSnippet } from './snippets.ts';
import type { Words } from './views.tsx';

function Snippet({ id, label, code }: { id: string; label: string; code: string }) {
  // the lines wrap in the box: room for about 70 characters a row, the whole snippet in view
  const rows = Math.min(12, code.split('\n').reduce((n, line) => n + Math.ceil(line.length / 70), 0) + 1);
  return (
    <div class="snippet">
      <label for={id}>{label}</label>
      <textarea readonly id={id} rows={rows} spellcheck={false}>
        {code}
      </textarea>
    </div>
  );
}

/** The instansi as a whole has no widget or badge: its figure lives on the instansi's public page. */
export function InstansiLinks({ w, base, instansi }: { w: Words; base: string; instansi: string }) {
  const url = `${base}/p/${encodeURIComponent(instansi)}`;
  return (
    <section class="card" aria-labelledby="snippets-h">
      <h2 id="snippets-h">{w.pm.linksHeading}</h2>
      <p>
        {w.pm.snippetsInstansi} <a href={url}>{url}</a>
      </p>
    </section>
  );
}

export function UnitSnippets({ w, target, facts, latest, unitKey }: { w: Words; target: SnippetTarget; facts: SnippetFacts; latest: PublicMark | undefined; unitKey: string }) {
  const { pm } = w;
  if (!latest) {
    return (
      <section class="card" aria-labelledby="snippets-h">
        <h2 id="snippets-h">{pm.snippetsHeading}</h2>
        <p class="muted">{pm.snippetsNone}</p>
      </section>
    );
  }
  const page = publicPageUrl(target);
  const image = (file: string) => `${page}/${encodeURIComponent(latest.period)}/${file}`;
  const period = parsePeriod(latest.period);
  const shown = period ? periodName(period, w.dm, w.lang) : latest.period;
  return (
    <section class="card snippets" aria-labelledby="snippets-h">
      <h2 id="snippets-h">{pm.snippetsHeading}</h2>
      <p>{pm.snippetsIntro}</p>
      <Snippet id="snippet-widget" label={pm.widgetLabel} code={widgetSnippet(target)} />
      <Snippet id="snippet-iframe" label={pm.iframeLabel} code={iframeSnippet(target, fill(pm.iframeTitle, { name: target.unitName }))} />
      {facts.kinds.length > 0 && <Snippet id="snippet-badge" label={pm.badgeLabel} code={badgeSnippet(target, facts.kinds, (index) => fill(pm.badgeAlt, { index, name: target.unitName }))} />}
      <h3>{pm.optionsHeading}</h3>
      <ul>
        {(['theme', 'lang', 'view'] as const).map((name) => (
          <li>
            <code>data-{name}</code>, <code>?{name}=</code>: {{ theme: pm.optTheme, lang: pm.optLang, view: pm.optView }[name]}
          </li>
        ))}
      </ul>
      <p class="hint">{pm.embedOriginsNote}</p>
      <h3>{pm.linksHeading}</h3>
      <ul class="links">
        <li>
          <a href={page}>
            {pm.publicPage}: {page}
          </a>
        </li>
        <li>
          <a href={image('card.png')}>{fill(pm.cardImage, { period: shown })}</a>
        </li>
        <li>
          <a href={image('square.png')}>{fill(pm.squareImage, { period: shown })}</a>
        </li>
        {facts.lokets.map((loket) => (
          <li>
            <a href={`/admin/publish/${encodeURIComponent(unitKey)}/poster.pdf?loket=${encodeURIComponent(loket.code)}`}>{fill(pm.poster, { loket: loket.name })}</a>
          </li>
        ))}
      </ul>
      {facts.lokets.length === 0 && <p class="muted">{pm.noLoket}</p>}
    </section>
  );
}
