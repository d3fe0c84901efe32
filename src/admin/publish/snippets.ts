// The HTML a unit's web admin pastes into the OPD website: the widget (a div and the loader script),
// the same card as a plain iframe, and the badges. Written by hand, so every value is escaped here;
// every address starts from PUBLIC_BASE_URL, never from the request's Host.
import type { InstrumentKind } from '../../instruments/schema.ts';
import { KIND_LABEL } from '../../i18n/changes.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[ch]};`);
const part = encodeURIComponent;

export interface SnippetTarget {
  /** PUBLIC_BASE_URL, without a trailing slash */
  base: string;
  instansi: string;
  unit: string;
  unitName: string;
}

/** The card's defaults; the options line of the page explains the alternatives. */
const DEFAULTS = { theme: 'light', lang: 'id', view: 'full' } as const;

export const publicPageUrl = (t: SnippetTarget) => `${t.base}/p/${part(t.instansi)}/${part(t.unit)}`;

export function widgetSnippet(t: SnippetTarget): string {
  return [
    `<div data-survei-unit="${escapeHtml(`${t.instansi}/${t.unit}`)}" data-theme="${DEFAULTS.theme}" data-lang="${DEFAULTS.lang}" data-view="${DEFAULTS.view}"></div>`,
    `<script src="${escapeHtml(t.base)}/widget.js" async></script>`,
  ].join('\n');
}

/** Without the loader the height cannot follow the card: a height that fits the full card on a phone. */
export function iframeSnippet(t: SnippetTarget, title: string): string {
  const src = `${t.base}/embed/${part(t.instansi)}/${part(t.unit)}?theme=${DEFAULTS.theme}&lang=${DEFAULTS.lang}&view=${DEFAULTS.view}`;
  return `<iframe src="${escapeHtml(src)}" title="${escapeHtml(title)}" width="100%" height="560" loading="lazy" style="border:0;max-width:100%"></iframe>`;
}

/** One linked badge per index the unit runs; `alt` names the index and the unit. */
export function badgeSnippet(t: SnippetTarget, kinds: readonly InstrumentKind[], alt: (index: string) => string): string {
  return kinds
    .map((kind) => {
      const src = `${t.base}/badge/${part(t.instansi)}/${part(t.unit)}/${kind}.svg`;
      return `<a href="${escapeHtml(publicPageUrl(t))}"><img src="${escapeHtml(src)}" alt="${escapeHtml(alt(KIND_LABEL[kind]))}" height="20"></a>`;
    })
    .join('\n');
}
