// What a social image or a counter poster says about one publication, in the page's language and
// in the dashboard's words (mutu and kinerja, "Menuju WBK: Memenuhi", the margin of error), so a
// number and its verdict read the same in the workspace, on the public page and on paper.
import { dashboardMessages } from '../i18n/admin-dashboard.ts';
import { formatCount, formatNumber, INDEX_DECIMALS, KONVERSI_DECIMALS, periodName } from '../i18n/format.ts';
import { fill, type Lang } from '../i18n/index.ts';
import type { PublishedInstrument, Snapshot } from '../results/publication.ts';
import { thresholdWithinMargin, type Mutu } from '../scoring/index.ts';

const words = {
  id: {
    title: 'Hasil survei pelayanan publik',
    ikm: 'Indeks Kepuasan Masyarakat (IKM)',
    mutu: 'Mutu {mutu} · {kinerja}',
    revision: 'revisi {n}',
    respondents: '{n} responden',
    minimum: 'minimum {n}',
    withinMargin: '* dalam batas margin of error (interval 95 %)',
  },
  en: {
    title: 'Public service survey results',
    ikm: 'Community Satisfaction Index (IKM)',
    mutu: 'Quality {mutu} · {kinerja}',
    revision: 'revision {n}',
    respondents: '{n} respondents',
    minimum: 'minimum {n}',
    withinMargin: '* within the margin of error (95 % interval)',
  },
};

export type SummaryWords = (typeof words)['id'];

export interface ZiVerdict {
  /** "Menuju WBK" */
  label: string;
  met: boolean;
  /** the threshold lies inside the 95 % interval: the verdict holds only within the margin of error */
  withinMargin: boolean;
  /** "Memenuhi", "Belum memenuhi*" */
  status: string;
}

export interface ZiLine {
  label: 'IPAK' | 'IPKP';
  /** the index on 1–4, 4 decimals as the workspace shows it */
  index: string;
  verdicts: ZiVerdict[];
}

export interface ResultsSummary {
  words: SummaryWords;
  /** "Triwulan II 2026" */
  period: string;
  /** "revisi 2"; null for the first revision */
  revision: string | null;
  ikm: { konversi: string; mutu: Mutu | null; kinerja: string | null; line: string | null } | undefined;
  zi: ZiLine[];
  /** "10 responden · minimum 217" */
  respondents: string;
  /** some verdict holds only within the margin of error: show `words.withinMargin` */
  withinMargin: boolean;
}

const ZI_LABEL = { ipak: 'IPAK', ipkp: 'IPKP' } as const;

function ziLine(instrument: PublishedInstrument, kind: 'ipak' | 'ipkp', lang: Lang): ZiLine {
  const dm = dashboardMessages(lang);
  const { card } = instrument;
  const zi = card.zi;
  const verdicts = zi
    ? ([
        [dm.wbk, zi.wbk],
        [dm.wbbm, zi.wbbm],
      ] as const).map(([label, t]) => {
        const withinMargin = thresholdWithinMargin(card.ci95, t.threshold);
        return { label, met: t.met, withinMargin, status: `${t.met ? dm.met : dm.notMet}${withinMargin ? '*' : ''}` };
      })
    : [];
  return { label: ZI_LABEL[kind], index: formatNumber(card.index, INDEX_DECIMALS, lang), verdicts };
}

export function summarise(snapshot: Snapshot, revision: number, lang: Lang): ResultsSummary {
  const w = words[lang];
  const dm = dashboardMessages(lang);
  const ikmCard = snapshot.instruments.find((i) => i.card.kind === 'ikm')?.card;
  const zi: ZiLine[] = [];
  for (const kind of ['ipak', 'ipkp'] as const) {
    const instrument = snapshot.instruments.find((i) => i.card.kind === kind);
    if (instrument) zi.push(ziLine(instrument, kind, lang));
  }
  const kinerja = ikmCard?.kinerja ? dm.kinerjaName[ikmCard.kinerja] : null;
  const respondents = [fill(w.respondents, { n: formatCount(snapshot.respondents, lang) })];
  if (snapshot.minimumSample !== null) respondents.push(fill(w.minimum, { n: formatCount(snapshot.minimumSample, lang) }));
  return {
    words: w,
    period: periodName(snapshot.period, dm, lang),
    revision: revision > 1 ? fill(w.revision, { n: revision }) : null,
    ikm: ikmCard && {
      konversi: formatNumber(ikmCard.konversi, KONVERSI_DECIMALS, lang),
      mutu: ikmCard.mutu,
      kinerja,
      line: ikmCard.mutu && kinerja ? fill(w.mutu, { mutu: ikmCard.mutu, kinerja }) : null,
    },
    zi,
    respondents: respondents.join(' · '),
    withinMargin: zi.some((line) => line.verdicts.some((v) => v.withinMargin)),
  };
}
