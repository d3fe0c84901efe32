// Concurrent citizens for the resilience scenarios: each client posts distinct, valid submissions
// one after the other for a bounded time. A client that retries behaves as the kiosk's offline
// queue (web/kiosk.js): the SAME submission again after a server error or a dropped connection,
// until it is answered; a refusal (4xx) leaves the queue. Every request has a timeout.
import { type FormShape, submissionBody } from '../support/submission.ts';

export interface LoadOptions {
  /** the server's current address (it may change when the server is restarted) */
  url: () => string;
  form: FormShape;
  secret: string;
  clients: number;
  /** new submissions are started until this settles (a scenario's faults happen meanwhile) */
  until: Promise<unknown>;
  /** per request; a request that takes longer counts as timed out */
  timeoutMs: number;
  /** retry the same submission after a 5xx or a network error (kiosk queue); false: one try each */
  retry: boolean;
  /** how long after the end a client keeps retrying its last submission */
  retryForMs?: number;
  /** pause before a retry */
  retryDelayMs?: number;
}

export interface LoadResult {
  /** submission ids sent at least once */
  sent: Set<string>;
  /** ids answered 303 to the thank-you page */
  acknowledged: Set<string>;
  /** ids that were still unanswered when their client gave up */
  unanswered: string[];
  /** ids sent more than once (retried after an error) */
  retried: Set<string>;
  /** ids with a request under way right now (read it while the load runs) */
  inFlight: Set<string>;
  requests: number;
  /** HTTP status → how many answers */
  statuses: Map<number, number>;
  /** 503 answers without a Retry-After header */
  unavailableWithoutRetryAfter: number;
  /** connection refused or reset, socket closed (no HTTP answer) */
  networkErrors: number;
  /** why, e.g. ECONNREFUSED → how many */
  networkReasons: Map<string, number>;
  timeouts: number;
  /** when each 303 arrived (ms since the epoch) */
  acknowledgedAt: number[];
  /** how long new submissions were being started, in s */
  seconds: number;
}

type Attempt = { kind: 'answer'; status: number; location: string | null; retryAfter: string | null } | { kind: 'timeout' } | { kind: 'network'; reason: string };

async function post(url: string, code: string, body: string, timeoutMs: number): Promise<Attempt> {
  try {
    const res = await fetch(`${url}/s/${code}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    return { kind: 'answer', status: res.status, location: res.headers.get('location'), retryAfter: res.headers.get('retry-after') };
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return { kind: 'timeout' };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { kind: 'network', reason: cause?.code ?? cause?.message ?? String(error) };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An empty result, to pass to `runLoad` when a scenario reads it while the load runs. */
export function emptyLoadResult(): LoadResult {
  return {
    sent: new Set(),
    acknowledged: new Set(),
    unanswered: [],
    retried: new Set(),
    inFlight: new Set(),
    requests: 0,
    statuses: new Map(),
    unavailableWithoutRetryAfter: 0,
    networkErrors: 0,
    networkReasons: new Map(),
    timeouts: 0,
    acknowledgedAt: [],
    seconds: 0,
  };
}

/** Runs the clients until `until` settles and each has finished (or given up on) its last submission. */
export async function runLoad(options: LoadOptions, result = emptyLoadResult()): Promise<LoadResult> {
  const { form, secret, clients, timeoutMs, retry, retryForMs = 30_000, retryDelayMs = 250 } = options;
  const started = Date.now();
  let stopAt = Number.POSITIVE_INFINITY;
  const stop = () => void (stopAt = Date.now());
  // a failed fault (rejected) stops the clients too; the scenario awaits it and fails
  options.until.then(stop, stop);

  async function client() {
    while (Date.now() < stopAt) {
      const id = crypto.randomUUID();
      const body = submissionBody(form, secret, id);
      result.sent.add(id);
      for (;;) {
        result.inFlight.add(id);
        const attempt = await post(options.url(), form.code, body, timeoutMs);
        result.inFlight.delete(id);
        result.requests += 1;
        if (attempt.kind === 'timeout') result.timeouts += 1;
        if (attempt.kind === 'network') {
          result.networkErrors += 1;
          result.networkReasons.set(attempt.reason, (result.networkReasons.get(attempt.reason) ?? 0) + 1);
        }
        if (attempt.kind === 'answer') {
          result.statuses.set(attempt.status, (result.statuses.get(attempt.status) ?? 0) + 1);
          if (attempt.status === 503 && !attempt.retryAfter) result.unavailableWithoutRetryAfter += 1;
          if (attempt.status === 303 && attempt.location?.endsWith('/terima-kasih')) {
            result.acknowledged.add(id);
            result.acknowledgedAt.push(Date.now());
            break;
          }
          // a refusal: no retry can fix it (the kiosk drops it too); the test fails on its status
          if (attempt.status < 500) break;
        }
        if (!retry || Date.now() > stopAt + retryForMs) {
          result.unanswered.push(id);
          break;
        }
        result.retried.add(id);
        await sleep(retryDelayMs);
      }
    }
  }

  await Promise.all(Array.from({ length: clients }, client));
  result.seconds = (stopAt - started) / 1000;
  return result;
}

/** "303: 1200, 503: 14" */
export const statusSummary = (statuses: Map<number, number>) =>
  [...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');

/** Answers with a status of 500 or more (all of them, or all but 503). */
export function serverErrors(statuses: Map<number, number>, { except503 = false } = {}): number {
  let n = 0;
  for (const [status, count] of statuses) if (status >= 500 && !(except503 && status === 503)) n += count;
  return n;
}

/**
 * Resolves once the load has run `minMs` and at least `count` submissions were acknowledged, so a
 * fault falls in the middle of real writes however slowly a busy machine starts; fails after `maxMs`.
 */
export async function loadUnderWay(live: LoadResult, { count, minMs, maxMs = 60_000 }: { count: number; minMs: number; maxMs?: number }): Promise<void> {
  const started = Date.now();
  await sleep(minMs);
  while (live.acknowledged.size < count) {
    if (Date.now() - started > maxMs) throw new Error(`only ${live.acknowledged.size} submissions acknowledged after ${maxMs} ms`);
    await sleep(50);
  }
}
