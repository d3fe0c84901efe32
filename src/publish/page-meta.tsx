// Open Graph and Twitter card meta, so a shared link previews with the results image. Every URL is
// absolute on PUBLIC_BASE_URL (never the request's Host).
import type { Lang } from '../i18n/index.ts';

export interface ShareImage {
  url: string;
  width: number;
  height: number;
  alt: string;
}

export function ShareMeta({ lang, siteName, title, description, url, image }: { lang: Lang; siteName: string; title: string; description: string; url: string; image?: ShareImage }) {
  return (
    <>
      <meta name="description" content={description} />
      <link rel="canonical" href={url} />
      <meta property="og:type" content="website" />
      <meta property="og:site_name" content={siteName} />
      <meta property="og:locale" content={lang === 'en' ? 'en_US' : 'id_ID'} />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={url} />
      {image && (
        <>
          <meta property="og:image" content={image.url} />
          <meta property="og:image:type" content="image/png" />
          <meta property="og:image:width" content={String(image.width)} />
          <meta property="og:image:height" content={String(image.height)} />
          <meta property="og:image:alt" content={image.alt} />
        </>
      )}
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={title} />
      <meta name="twitter:description" content={description} />
      {image && <meta name="twitter:image" content={image.url} />}
      {image && <meta name="twitter:image:alt" content={image.alt} />}
    </>
  );
}
