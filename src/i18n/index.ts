import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { en } from './en.ts';
import { id, type Messages } from './id.ts';

export type Lang = 'id' | 'en';
export type { Messages };

const catalogs: Record<Lang, Messages> = { id, en };

export function messages(lang: Lang): Messages {
  return catalogs[lang];
}

const LANG_COOKIE = 'lang';

/**
 * The page language: `?lang=` (remembered in a cookie for a year), else the cookie, else
 * Bahasa Indonesia. Accept-Language is deliberately ignored: shared counter tablets and
 * phones set to English still default to the language of the service.
 */
export function resolveLang(c: Context): Lang {
  const asked = c.req.query('lang');
  if (asked === 'id' || asked === 'en') {
    setCookie(c, LANG_COOKIE, asked, { path: '/', maxAge: 31_536_000, sameSite: 'Lax', httpOnly: true });
    return asked;
  }
  return getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'id';
}

/** Fills the `{name}` slots of a message. */
export function fill(message: string, values: Record<string, string | number>): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
