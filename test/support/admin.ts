// A browser-like client of the workspace for tests: keeps cookies, finds the CSRF token of a page
// and sends it back with forms.
import type { Hono } from 'hono';

type App = { request: Hono['request'] };

export const TEST_PASSWORD = 'correct horse battery staple';

export class Agent {
  readonly cookies = new Map<string, string>();
  /** the `_csrf` of the last workspace page read */
  csrf = '';

  constructor(
    private readonly app: App,
    private readonly headers: Record<string, string> = {},
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers({ Accept: 'text/html', ...this.headers, ...(init.headers as Record<string, string> | undefined) });
    if (this.cookies.size > 0) headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await this.app.request(`https://survei.test${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** GET a page; remembers its CSRF token. */
  async page(path: string): Promise<{ res: Response; text: string }> {
    const res = await this.request(path);
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { res, text };
  }

  /** POST a form with the CSRF token (read from `from`, or the last page read). */
  async post(path: string, fields: Record<string, string | string[]>, { from, csrf = true }: { from?: string; csrf?: boolean } = {}): Promise<Response> {
    if (csrf && (from || !this.csrf)) await this.page(from ?? '/admin/account');
    const body = new URLSearchParams();
    if (csrf) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.request(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  }

  /** POST multipart form data (uploads) with the CSRF token. */
  async postMultipart(path: string, form: FormData, { from }: { from?: string } = {}): Promise<Response> {
    if (from || !this.csrf) await this.page(from ?? '/admin/account');
    form.append('_csrf', this.csrf);
    return this.request(path, { method: 'POST', body: form });
  }

  async signIn(email: string, password = TEST_PASSWORD): Promise<Response> {
    const res = await this.post('/admin/login', { email, password }, { from: '/admin/login' });
    this.csrf = '';
    return res;
  }
}
