// Reading pages and files back the way a browser or a spreadsheet would, to find stored text that
// became markup, script or a formula. Small on purpose: a tag scanner, not a full HTML parser —
// enough to see an element or attribute the payloads below would create when left unescaped.

/** Every classic stored-XSS shape at once: an element, an attribute breakout, a URL scheme, a style breakout, a template, SQL. */
export const PAYLOAD = `<script>alert(1)</script> "><img src=x onerror=alert(1)> javascript:alert(1) </style><svg onload=alert(1)> {{7*7}} '--`;

/** The payload as HTML text escapes it (Hono's JSX: & < > " '). */
export const PAYLOAD_ESCAPED = PAYLOAD.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

/** The part of the escaped payload every page must show where the name is shown (the element, escaped). */
export const ESCAPED_SCRIPT = '&lt;script&gt;alert(1)&lt;/script&gt;';

/** Each stored name starts like a spreadsheet formula, each a different way (OWASP's list). */
export const NAMES = {
  instansi: `@SUM(1) Kabupaten ${PAYLOAD}`,
  unit: `+cmd Dinas ${PAYLOAD}`,
  layanan: `-2+3 Layanan ${PAYLOAD}`,
  loket: `=HYPERLINK("http://x") Loket ${PAYLOAD}`,
  saran: `=HYPERLINK("http://x") Saran ${PAYLOAD}`,
  action: `+cmd Tindakan ${PAYLOAD}`,
} as const;

/** What a formula made from user text would contain. */
export const FORMULA_MARKERS = ['HYPERLINK', 'cmd', 'SUM(1)', '2+3', 'alert'];

interface Tag {
  name: string;
  attrs: [string, string][];
  /** the text up to the element's end tag, for <script> */
  body: string;
}

const TAG = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g;
const ATTR = /([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g;

const decode = (value: string) =>
  value
    .replace(/^["']|["']$/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

export function tags(html: string): Tag[] {
  const found: Tag[] = [];
  for (const m of html.matchAll(TAG)) {
    const name = m[1]!.toLowerCase();
    const attrs = [...(m[2] ?? '').matchAll(ATTR)].map((a): [string, string] => [a[1]!.toLowerCase(), decode(a[2] ?? '')]);
    const end = name === 'script' || name === 'style' ? html.indexOf(`</${name}`, m.index + m[0].length) : -1;
    found.push({ name, attrs, body: end < 0 ? '' : html.slice(m.index + m[0].length, end) });
  }
  return found;
}

/** What in this markup runs or points at script: empty when stored text stayed text. */
export function unsafeMarkup(html: string): string[] {
  const problems: string[] = [];
  if (/<script>alert/i.test(html)) problems.push('a <script>alert element');
  if (/<\/style><svg/i.test(html)) problems.push('a </style><svg breakout');
  for (const tag of tags(html)) {
    if ((tag.name === 'script' || tag.name === 'style') && /alert\(/.test(tag.body)) problems.push(`<${tag.name}> with alert()`);
    for (const [name, value] of tag.attrs) {
      if (/^on/.test(name)) problems.push(`<${tag.name} ${name}=…> event handler`);
      if (/^\s*javascript:/i.test(value)) problems.push(`<${tag.name} ${name}="${value}"> javascript: URL`);
    }
    if (tag.name === 'img' && tag.attrs.some(([n, v]) => n === 'src' && v === 'x')) problems.push('<img src=x> from the payload');
  }
  return problems;
}

/** RFC 4180 records (quotes, doubled quotes, CRLF), enough for the exports. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') record.push(field), (field = '');
    else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      if (ch === '\r') i++;
      record.push(field);
      records.push(record);
      (record = []), (field = '');
    } else field += ch;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

/** A cell a spreadsheet would run as a formula. */
export const formulaLike = (text: string) => /^[=+\-@\t\r]/.test(text);
