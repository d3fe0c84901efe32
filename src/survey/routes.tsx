// The citizen side: GET/POST /s/:code (QR at the loket, or the rotating presence QR with ?p=),
// /i/:token (single-use invitation), /k/:code?key= (kiosk tablet), /d/:code?key= (loket screen).
import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import { pgErrorCode } from '../db/errors.ts';
import type { Database, Trust } from '../db/types.ts';
import { limitBody } from '../http/body-limit.ts';
import { clientAddressOf } from '../http/client-address.ts';
import { AppError } from '../http/errors.ts';
import type { AppEnv } from '../http/middleware.ts';
import type { ArrivalMeter } from '../results/fold.ts';
import { Page, sendPage } from '../http/page.tsx';
import { fill, type Lang, messages, resolveLang } from '../i18n/index.ts';
import { type LoketContextCache, loketContextCache } from './context-cache.ts';
import { instantFlags } from './flags.ts';
import { SurveyForm, type FormState } from './form.tsx';
import { readSubmission } from './input.ts';
import { claimInvitation, findInvitation } from './invitations.ts';
import type { LoketContext } from './load.ts';
import { DisplayPage, NoticePage, ThanksPage } from './pages.tsx';
import { qrSvg } from './qr.ts';
import { type Limiters, RateLimiter } from './rate-limit.ts';
import { type NewResponse, storeResponses, submissionWriter } from './store.ts';
import { clientHash, type FormToken, keyHash, presenceToken, signFormToken, verifyFormToken, verifyPresenceToken } from './token.ts';

export interface SurveyDeps {
  db: Kysely<Database>;
  config: Config;
  /** the client's network address as the runtime sees it (undefined when unknown) */
  clientAddress?: (c: Context) => string | undefined;
  arrivals?: ArrivalMeter;
  /** shared with the workspace, which clears it after a change */
  loketContexts?: LoketContextCache;
  /** counters shared by every isolate (Workers); in the process's memory otherwise */
  limiters?: Pick<Limiters, 'submitPerAddress' | 'submitPerDevice'>;
}

const MAX_BODY = 16 * 1024;
/** Faster than this from render to submit is a bot: it gets a thank-you and nothing is stored. */
const MIN_FILL_MS = 3_000;
/** A form left open longer than this must be reloaded. */
const MAX_FORM_AGE_MS = 12 * 3_600_000;
/** A kiosk may hold answers through a long network outage: its queued forms stay valid a week. */
const MAX_KIOSK_FORM_AGE_MS = 7 * 24 * 3_600_000;

class InvitationUsedError extends Error {}

export function surveyRoutes({ db, config, clientAddress, arrivals, loketContexts, limiters }: SurveyDeps) {
  const app = new Hono<AppEnv>();
  const secret = config.appSecret!;
  const https = config.publicBaseUrl.startsWith('https://');
  const deviceCookie = https ? '__Host-sv' : 'sv';
  // generous per address (offices and campuses share one NAT address), tighter per device
  const perAddress = limiters?.submitPerAddress ?? new RateLimiter(config.rateLimitPerAddress, 10 * 60_000);
  const perDevice = limiters?.submitPerDevice ?? new RateLimiter(10, 10 * 60_000);

  // the same few addresses (an office NAT, a kiosk) post again and again: their hashes are kept
  const addressHashes = new Map<string, string>();
  function addressHash(address: string): string {
    let hash = addressHashes.get(address);
    if (hash === undefined) {
      if (addressHashes.size >= 10_000) addressHashes.clear();
      hash = clientHash(secret, 'ip', address);
      addressHashes.set(address, hash);
    }
    return hash;
  }

  const page = (c: Context, lang: Lang) => ({ lang, t: messages(lang), path: c.req.path });
  const loadContext = loketContexts ?? loketContextCache(db);
  const recordSubmission = submissionWriter(db);

  async function context(c: Context, code: string): Promise<LoketContext> {
    const found = await loadContext(code);
    if (!found) throw new AppError(404, 'not_found', 'no active loket with this code');
    return found;
  }

  function kioskKeyOk(ctx: LoketContext, key: string | undefined) {
    return Boolean(key && ctx.loket.kioskKeyHash && keyHash(key) === ctx.loket.kioskKeyHash);
  }

  async function renderForm(c: Context, ctx: LoketContext, opts: { token: string; action: string; sid?: string; keep?: Record<string, string>; state?: FormState; kiosk?: boolean }, status: 200 | 422 = 200) {
    const lang = resolveLang(c);
    const t = messages(lang);
    // never in a shared cache (its submission id is one citizen's); but kept for Back, so a second
    // send of the same page carries the same id and stores nothing new
    c.header('Cache-Control', 'private, no-cache');
    return sendPage(
      c,
      <Page lang={lang} t={t} title={`${t.surveyTitle} · ${ctx.unit.name}`} path={c.req.path} keep={opts.keep} head={opts.kiosk && <script src="/static/kiosk.js" defer />}>
        <section class="intro">
          <h1>{ctx.unit.name}</h1>
          <p>{fill(t.surveyIntro, { unit: ctx.unit.name, loket: ctx.loket.name })}</p>
          <details class="privacy">
            <summary>{t.privacyTitle}</summary>
            <p>{t.privacyText}</p>
          </details>
        </section>
        <SurveyForm context={ctx} lang={lang} t={t} action={opts.action} token={opts.token} sid={opts.sid} state={opts.state} kiosk={opts.kiosk} />
      </Page>,
      status,
    );
  }

  function newToken(code: string, trust: Trust, extra: Partial<FormToken> = {}) {
    return signFormToken(secret, { s: extra.k ? undefined : crypto.randomUUID(), l: code, t: Date.now(), tr: trust, ...extra });
  }

  // ---- forms --------------------------------------------------------------------------------

  app.get('/s/:code', async (c) => {
    const code = c.req.param('code');
    const ctx = await context(c, code);
    const p = c.req.query('p');
    const trust: Trust = p && verifyPresenceToken(secret, code, p) ? 'presence' : 'open';
    return renderForm(c, ctx, { token: newToken(code, trust), action: `/s/${code}` });
  });

  app.get('/i/:token', async (c) => {
    const lang = resolveLang(c);
    const t = messages(lang);
    const invitation = await findInvitation(db, c.req.param('token'));
    if (!invitation?.loketCode) throw new AppError(404, 'not_found', 'no such invitation');
    if (invitation.usedAt) return sendPage(c, <NoticePage {...page(c, lang)} title={t.usedTitle} text={t.usedText} />, 410);
    if (invitation.expiresAt.getTime() < Date.now()) return sendPage(c, <NoticePage {...page(c, lang)} title={t.expiredTitle} text={t.expiredText} />, 410);
    const ctx = await context(c, invitation.loketCode);
    return renderForm(c, ctx, { token: newToken(ctx.loket.code, 'invited', { i: invitation.id }), action: `/s/${ctx.loket.code}` });
  });

  app.get('/k/:code', async (c) => {
    const code = c.req.param('code');
    const ctx = await context(c, code);
    const key = c.req.query('key');
    if (!kioskKeyOk(ctx, key)) throw new AppError(404, 'not_found', 'no kiosk with this code and key');
    const token = newToken(code, 'presence', { k: 1 });
    return renderForm(c, ctx, { token, sid: crypto.randomUUID(), action: `/k/${code}?key=${encodeURIComponent(key!)}`, keep: { key: key! }, kiosk: true });
  });

  app.get('/d/:code', async (c) => {
    const code = c.req.param('code');
    const ctx = await context(c, code);
    const key = c.req.query('key');
    if (!key || !ctx.loket.displayKeyHash || keyHash(key) !== ctx.loket.displayKeyHash) throw new AppError(404, 'not_found', 'no display with this code and key');
    const lang = resolveLang(c);
    const url = `${config.publicBaseUrl}/s/${code}?p=${presenceToken(secret, code)}`;
    c.header('Cache-Control', 'no-store');
    return sendPage(c, <DisplayPage {...page(c, lang)} keep={{ key }} unitName={ctx.unit.name} loketName={ctx.loket.name} svg={await qrSvg(url)} shortUrl={`${config.publicBaseUrl.replace(/^https?:\/\//, '')}/s/${code}`} />);
  });

  // ---- submission ---------------------------------------------------------------------------

  const formBodyLimit = limitBody(MAX_BODY, (c) => {
    throw new AppError(413, 'too_large', messages(resolveLang(c)).tooLarge);
  });

  async function submit(c: Context, ctx: LoketContext, kioskKey?: string) {
    const lang = resolveLang(c);
    const t = messages(lang);
    const type = c.req.header('Content-Type') ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded')) throw new AppError(415, 'unsupported_media_type', t.wrongType);
    const body: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(await c.req.text())) {
      if (name in body) throw new AppError(400, 'invalid', fill(t.badValue, { field: name }));
      body[name] = value;
    }
    const code = ctx.loket.code;
    const token = verifyFormToken(secret, body.token ?? '');
    if (!token || token.l !== code || Boolean(token.k) !== Boolean(kioskKey)) throw new AppError(400, 'invalid_token', t.badForm);
    const now = Date.now();
    if (now - token.t > (token.k ? MAX_KIOSK_FORM_AGE_MS : MAX_FORM_AGE_MS) || token.t > now + 60_000) throw new AppError(400, 'form_expired', t.formExpired);
    const sid = token.k ? body.sid : token.s;
    if (!sid || !/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(sid)) throw new AppError(400, 'invalid', t.badForm);

    const thanks = kioskKey ? `/k/${code}/selesai?key=${encodeURIComponent(kioskKey)}` : `/s/${code}/terima-kasih`;
    // a filled honeypot or an inhumanly fast submit: looks accepted, stores nothing
    if (body.website || now - token.t < MIN_FILL_MS) return c.redirect(thanks, 303);

    const address = clientAddressOf(c, config, clientAddress);
    const ipHash = address ? addressHash(address) : null;
    let deviceHash: string | null = null;
    if (!kioskKey) {
      let device = getCookie(c, deviceCookie);
      if (!device || !/^[A-Za-z0-9_-]{22}$/.test(device)) {
        // 122 random bits from randomUUID, which draws on a pooled entropy buffer (cheaper per call)
        device = Buffer.from(crypto.randomUUID().replaceAll('-', ''), 'hex').toString('base64url');
        setCookie(c, deviceCookie, device, { path: '/', secure: https, httpOnly: true, sameSite: 'Lax', maxAge: 31_536_000 });
      }
      deviceHash = clientHash(secret, 'device', device);
    }
    const wait = Math.max(ipHash && config.rateLimitPerAddress > 0 ? await perAddress.hit(ipHash, now) : 0, deviceHash ? await perDevice.hit(deviceHash, now) : 0);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new AppError(429, 'rate_limited', t.tooMany);
    }

    const read = readSubmission(ctx, body);
    if (read.kind === 'invalid') throw new AppError(400, 'invalid', fill(read.reason === 'unknown' ? t.unknownField : t.badValue, { field: read.field }));
    if (read.kind === 'incomplete') {
      const action = kioskKey ? `/k/${code}?key=${encodeURIComponent(kioskKey)}` : `/s/${code}`;
      return renderForm(c, ctx, { token: body.token!, sid: token.k ? sid : undefined, action, state: read.state, keep: kioskKey ? { key: kioskKey } : undefined, kiosk: Boolean(kioskKey) }, 422);
    }

    const submittedAt = new Date(now);
    const flags = instantFlags({
      // a kiosk page stays open for many citizens: its render time says nothing about one of them
      elapsedMs: token.k ? Number.POSITIVE_INFINITY : now - token.t,
      values: read.answers.map((a) => a.value),
      submittedAt,
      timeZone: ctx.instansi.timeZone,
      serviceHours: ctx.instansi.serviceHours,
    });
    const response: NewResponse = {
      id: sid,
      unitId: ctx.unit.id,
      loketId: ctx.loket.id,
      layananId: read.layananId,
      channel: token.i ? 'invitation' : token.k ? 'kiosk' : 'qr',
      trust: token.tr,
      flags,
      submittedAt,
      servedAt: submittedAt,
      invitationId: token.i ?? null,
      gender: read.profile.gender ?? null,
      age: read.profile.age ?? null,
      education: read.profile.education ?? null,
      occupation: read.profile.occupation ?? null,
      disability: read.profile.disability ?? null,
      saran: read.profile.saran ?? null,
      clientHash: deviceHash,
      ipHash,
      excludedReason: flags.length > 0 && ctx.unit.flagPolicy === 'exclude' ? `unit policy: ${flags.join(', ')}` : null,
      answers: read.answers,
    };
    if (!token.i) {
      // the fast path: one row; answers, tallies and cross-response flags are folded in later
      await recordSubmission(response, ctx.instansi.timeZone);
      arrivals?.mark();
      return c.redirect(thanks, 303);
    }
    // an invitation is claimed in the same transaction as the response it admits
    try {
      await storeResponses(db, [response], async (tx, stored) => {
        if (stored.has(sid) && !(await claimInvitation(tx, token.i!))) throw new InvitationUsedError();
      });
    } catch (error) {
      if (error instanceof InvitationUsedError || (error as { code?: string }).code === '23505') {
        return sendPage(c, <NoticePage {...page(c, lang)} title={t.usedTitle} text={t.usedText} />, 409);
      }
      // a signed form of an invitation the database no longer has (restored from before it was made)
      if (pgErrorCode(error) === '23503') return sendPage(c, <NoticePage {...page(c, lang)} title={t.expiredTitle} text={t.expiredText} />, 410);
      throw error;
    }
    // stored now, or already stored by an earlier try of the same submission: thank-you either way
    return c.redirect(thanks, 303);
  }

  app.post('/s/:code', formBodyLimit, async (c) => submit(c, await context(c, c.req.param('code'))));
  app.post('/k/:code', formBodyLimit, async (c) => {
    const ctx = await context(c, c.req.param('code'));
    const key = c.req.query('key');
    if (!kioskKeyOk(ctx, key)) throw new AppError(404, 'not_found', 'no kiosk with this code and key');
    return submit(c, ctx, key);
  });

  // ---- thank-you ----------------------------------------------------------------------------

  app.get('/s/:code/terima-kasih', async (c) => {
    const ctx = await context(c, c.req.param('code'));
    return sendPage(c, <ThanksPage {...page(c, resolveLang(c))} unitName={ctx.unit.name} />);
  });

  app.get('/k/:code/selesai', async (c) => {
    const code = c.req.param('code');
    const ctx = await context(c, code);
    const key = c.req.query('key');
    if (!kioskKeyOk(ctx, key)) throw new AppError(404, 'not_found', 'no kiosk with this code and key');
    return sendPage(c, <ThanksPage {...page(c, resolveLang(c))} keep={{ key: key! }} unitName={ctx.unit.name} kioskReturn={`/k/${code}?key=${encodeURIComponent(key!)}`} />);
  });

  return app;
}
