// BAB V Kesimpulan of the Laporan SKM, written from the numbers, and the head of unit's signature.
import { thresholdWithinMargin } from '../scoring/index.ts';
import { extremes, unsurNamer, ziVerdictText } from './pdf-laporan-analysis.ts';
import { type LaporanContext, runsZi } from './pdf-laporan-context.ts';
import { cardOf, countText, dateText, indexText, joinWords, KIND_TEXT, konversiText, periodTitle, placeOf, unsurText } from './pdf-words.ts';

function conclusions(c: LaporanContext): string[] {
  const { data } = c;
  const unit = data.unit.name;
  const card = c.ikm?.card;
  const out: string[] = [];
  if (!card || card.index === null) {
    out.push(`Pada ${c.periodName} belum ada jawaban IKM yang terkumpul di ${unit}, sehingga nilai IKM dan mutu pelayanan belum dapat ditetapkan. Pengumpulan jawaban melalui kode QR di loket perlu dipastikan berjalan pada periode berikutnya.`);
  } else {
    out.push(`Nilai IKM ${unit} pada ${c.periodName} adalah ${konversiText(card.konversi)} (indeks ${indexText(card.index)}) dengan mutu pelayanan ${card.mutu} dan kinerja unit pelayanan ${card.kinerja}, dari ${countText(card.respondents)} responden.`);
    if (data.sample && data.population !== null) {
      out.push(
        data.sample.met
          ? `Jumlah responden (${countText(data.sample.actual)}) telah memenuhi jumlah minimum ${countText(data.sample.minimum)} responden untuk populasi ${countText(data.population)} pengguna layanan.`
          : `Jumlah responden (${countText(data.sample.actual)}) belum memenuhi jumlah minimum ${countText(data.sample.minimum)} responden untuk populasi ${countText(data.population)} pengguna layanan; pengumpulan jawaban perlu ditingkatkan pada periode berikutnya.`,
      );
    } else {
      out.push(`Populasi pengguna layanan belum diisi, sehingga kecukupan jumlah responden (${countText(card.respondents)}) belum dapat dinilai.`);
    }
    const { weakest, strongest } = extremes(card);
    out.push(
      `Unsur yang perlu diperbaiki adalah ${joinWords(weakest.map((u) => `${unsurText(u)} (konversi ${konversiText(u.konversi)})`))}, sedangkan unsur dengan nilai tertinggi adalah ${joinWords(strongest.map((u) => `${unsurText(u)} (konversi ${konversiText(u.konversi)})`))}.`,
    );
    const previous = data.trend.length >= 2 ? data.trend[data.trend.length - 2]! : undefined;
    const before = previous ? cardOf(previous.cards, 'ikm', data.questionnaire)?.card.konversi : undefined;
    if (previous && before != null && card.konversi !== null) {
      const diff = card.konversi - before;
      out.push(
        diff === 0
          ? `IKM sama dengan ${periodTitle(previous.period)} (${konversiText(before)}).`
          : `IKM ${diff > 0 ? 'naik' : 'turun'} ${konversiText(Math.abs(diff))} poin dibandingkan ${periodTitle(previous.period)} (${konversiText(before)}).`,
      );
    }
  }
  out.push(
    data.followUps.length > 0
      ? `Telah disusun ${countText(data.followUps.length)} rencana tindak lanjut untuk ${joinWords([...new Set(data.followUps.map((f) => f.unsurCode))].map(unsurNamer(c)))}.`
      : 'Rencana tindak lanjut untuk periode ini belum disusun dan perlu segera ditetapkan.',
  );
  const runs = runsZi(c);
  for (const kind of ['ipak', 'ipkp'] as const) {
    if (!runs[kind]) continue;
    const zi = (kind === 'ipak' ? c.ipak : c.ipkp)?.card;
    out.push(
      zi?.zi
        ? `${KIND_TEXT[kind].short} sebesar ${indexText(zi.index)} (nilai lembar kerja ZI ${konversiText(zi.zi.worksheetValue)}) ${ziVerdictText(zi)}${
            thresholdWithinMargin(zi.ci95, zi.zi.wbk.threshold) || thresholdWithinMargin(zi.ci95, zi.zi.wbbm.threshold)
              ? '; dengan jumlah responden ini, selisihnya terhadap ambang masih dalam batas margin of error (interval kepercayaan 95 %)'
              : ''
          }.`
        : `${KIND_TEXT[kind].short} belum dijawab pada ${c.periodName}, sehingga nilai komponen hasil Zona Integritasnya belum tersedia.`,
    );
  }
  return out;
}

export function kesimpulan(c: LaporanContext): void {
  const { r, data } = c;
  r.chapter('BAB V', 'Kesimpulan', '5');
  r.paragraph(`Berdasarkan hasil Survei Kepuasan Masyarakat ${c.periodName}, dapat disimpulkan hal-hal berikut.`);
  r.list(conclusions(c), 'number');
  r.signature(
    {
      place: placeOf(data.instansi.name),
      date: dateText(c.createdAt, data.instansi.timeZone),
      role: `Kepala ${data.unit.name}`,
      name: data.unit.headName,
      nip: data.unit.headNip,
    },
    'Demikian laporan ini disusun sebagai bahan evaluasi dan dasar perbaikan pelayanan, serta untuk dipublikasikan kepada masyarakat.',
  );
}
