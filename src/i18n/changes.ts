// How a change between two revisions (or between a publication and the live numbers) is worded,
// the same on the public pages, the publish page and the dashboard: "IKM konversi 100,00 → 91,00",
// "U3 NRR 3,2000 → 3,1000".
import type { InstrumentKind } from '../instruments/schema.ts';
import type { Change } from '../results/publication.ts';
import { formatCount, formatNumber, INDEX_DECIMALS, KONVERSI_DECIMALS } from './format.ts';
import { fill, type Lang } from './index.ts';
import type { PublicMessages } from './public.ts';

/** The names the users know the indices by, in both languages. */
export const KIND_LABEL: Record<InstrumentKind, string> = { ikm: 'IKM', ipak: 'IPAK', ipkp: 'IPKP' };

/** One change between revisions in words: "IKM konversi 100,00 → 91,00", "U3 NRR 3,2000 → 3,1000". */
export function changeText(change: Change, lang: Lang, pm: PublicMessages): string {
  const label = KIND_LABEL[change.kind];
  const value = (v: Change['from']) => (typeof v === 'number' ? formatNumber(v, change.field === 'konversi' || change.field === 'added' || change.field === 'removed' ? KONVERSI_DECIMALS : INDEX_DECIMALS, lang) : (v ?? '–'));
  const count = (v: Change['from']) => (typeof v === 'number' ? formatCount(v, lang) : (v ?? '–'));
  switch (change.field) {
    case 'added':
      return fill(pm.changeAdded, { name: label, to: value(change.to) });
    case 'removed':
      return fill(pm.changeRemoved, { name: label, from: value(change.from) });
    case 'respondents':
      return `${label} ${pm.changeField.respondents} ${count(change.from)} → ${count(change.to)}`;
    default: {
      const subject = change.unsur ?? label;
      return `${subject} ${pm.changeField[change.field]} ${value(change.from)} → ${value(change.to)}`;
    }
  }
}
