// The instansi's logo: PNG, JPEG or SVG, at most 512 KB, judged by its bytes (never by the name
// or the declared type). An SVG is a document that can run scripts and fetch other resources, so
// one that could do either is refused: we do not try to clean it, since a cleaner that misses a
// trick stores something dangerous, while a refusal costs the admin one re-export.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.ts';
import { audit } from '../audit.ts';

export const MAX_LOGO_BYTES = 512 * 1024;

export type LogoType = 'image/png' | 'image/jpeg' | 'image/svg+xml';
export type LogoVerdict = { ok: true; type: LogoType } | { ok: false; reason: 'not_image' | 'unsafe' };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_IHDR = [0x49, 0x48, 0x44, 0x52];
const JPEG_SOI = [0xff, 0xd8, 0xff];

const bytesAt = (bytes: Uint8Array, offset: number, expected: number[]) => expected.every((b, i) => bytes[offset + i] === b);

// The prolog an SVG file may start with (declaration, comments, a doctype), then the root element.
const SVG_ROOT = /^\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>\s*)*<(?:[\w.-]+:)?svg[\s>/]/i;

const FORBIDDEN: RegExp[] = [
  // entity declarations and internal doctype subsets can define and hide anything
  /<!ENTITY/i,
  /<!DOCTYPE[^>]*\[/i,
  // processing instructions other than the XML declaration (xml-stylesheet loads a stylesheet)
  /<\?(?!xml\s)/i,
  // elements that run code or embed other documents, with or without a namespace prefix
  /<\s*(?:[\w.-]+:)?(?:script|foreignObject|handler|listener|iframe|frame|frameset|embed|object|applet|meta|link|base|portal)\b/i,
  // HTML inside the SVG (it could hold any of the above)
  /http:\/\/www\.w3\.org\/1999\/xhtml/i,
  // event handler attributes (onload=, onclick=, svg:onload=…)
  /(?:^|[\s"'/])(?:[\w.-]+:)?on[a-z]+\s*=/i,
  // animating a link target can point it anywhere
  /attributeName\s*=\s*["']\s*(?:[\w.-]+:)?href/i,
  /@import/i,
];

// What a reference may point at: a fragment of the same file, or an embedded raster image.
const INTERNAL = /^(?:#|data:image\/(?:png|jpeg|gif|webp);base64,)/i;
const HREF = /(?:^|[\s"'])(?:[\w.-]+:)?href\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
const URL_REF = /url\(\s*["']?([^)"']*)/gi;

/** Character references decoded, so `&#106;avascript:` reads as what the browser would see. */
function decodeCharacterReferences(text: string): string {
  const char = (code: number) => (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd');
  return text.replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => char(parseInt(hex, 16))).replace(/&#([0-9]+);?/g, (_, dec: string) => char(Number(dec)));
}

export function svgIsUnsafe(source: string): boolean {
  const text = decodeCharacterReferences(source);
  if (FORBIDDEN.some((pattern) => pattern.test(text))) return true;
  for (const m of text.matchAll(HREF)) if (!INTERNAL.test((m[1] ?? m[2] ?? '').trim())) return true;
  for (const m of text.matchAll(URL_REF)) if (!INTERNAL.test(m[1]!.trim())) return true;
  // browsers drop whitespace and control characters inside a URL scheme ("java\tscript:")
  const squeezed = text.replace(/[\s\u0000-\u001f]+/g, '').toLowerCase();
  return ['javascript:', 'vbscript:', 'data:text/', 'data:image/svg', 'data:application/'].some((scheme) => squeezed.includes(scheme));
}

function svgText(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return SVG_ROOT.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

export function judgeLogo(bytes: Uint8Array): LogoVerdict {
  if (bytesAt(bytes, 0, PNG_SIGNATURE) && bytesAt(bytes, 12, PNG_IHDR)) return { ok: true, type: 'image/png' };
  if (bytesAt(bytes, 0, JPEG_SOI)) return { ok: true, type: 'image/jpeg' };
  const svg = svgText(bytes);
  if (svg === undefined) return { ok: false, reason: 'not_image' };
  return svgIsUnsafe(svg) ? { ok: false, reason: 'unsafe' } : { ok: true, type: 'image/svg+xml' };
}

export async function storeLogo(db: Kysely<Database>, instansiId: string, logo: { bytes: Uint8Array; type: LogoType }, by: { userId: string; address: string | null }) {
  const sha256 = createHash('sha256').update(logo.bytes).digest('hex');
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('instansi').set({ logo: Buffer.from(logo.bytes), logo_type: logo.type }).where('id', '=', instansiId).execute();
    await audit(tx, { instansiId, userId: by.userId, action: 'instansi.logo', targetType: 'instansi', targetId: instansiId, detail: { type: logo.type, bytes: logo.bytes.length, sha256 }, address: by.address });
  });
}

/** The stored logo of an instansi (optionally only when it has this slug), or undefined. */
export async function readLogo(db: Kysely<Database>, instansiId: string, slug?: string) {
  let query = db.selectFrom('instansi').where('id', '=', instansiId).where('logo', 'is not', null).select(['logo', 'logo_type']);
  if (slug !== undefined) query = query.where('slug', '=', slug);
  const row = await query.executeTakeFirst();
  return row?.logo && row.logo_type ? { bytes: row.logo, type: row.logo_type as LogoType } : undefined;
}
