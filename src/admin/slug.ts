/** What a slug may be: 2–63 lowercase letters, digits or dashes, not starting with a dash. */
export const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** A URL slug from a name: "Dinas Kependudukan & Capil" → "dinas-kependudukan-capil". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}
