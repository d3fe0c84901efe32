// Uploaded evidence of a follow-up action: a PDF, PNG or JPEG of at most 2 MB. The type is read
// from the file's first bytes, never from its name or the browser's claim, and the stored name
// always ends in the extension of that type, so a download cannot open as anything else.
import type { FollowUpTable } from '../../db/types.ts';

export const EVIDENCE_MAX_BYTES = 2 * 1024 * 1024;

export type EvidenceType = NonNullable<FollowUpTable['evidence_file_type']>;

const SIGNATURES: { type: EvidenceType; magic: number[]; extension: string }[] = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d], extension: '.pdf' }, // %PDF-
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], extension: '.png' },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff], extension: '.jpg' },
];

/** The type the bytes are, or undefined when they are none of the accepted ones. */
export function sniffEvidence(bytes: Uint8Array): { type: EvidenceType; extension: string } | undefined {
  return SIGNATURES.find((s) => s.magic.every((b, i) => bytes[i] === b));
}

/** The uploaded name without folders or control characters, at most 200 characters, ending in the type's extension. */
export function evidenceName(uploaded: string, extension: string): string {
  const base = (uploaded.split(/[/\\]/).pop() ?? '')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim();
  const stem = base.replace(/\.(pdf|png|jpe?g)$/i, '') || 'bukti';
  return [...stem].slice(0, 200 - extension.length).join('') + extension;
}

/** An attachment header that keeps a non-ASCII name (RFC 6266 / 5987) with a plain fallback. */
export function attachmentHeader(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
