// The workspace's routes as the app's own route table lists them, and their parameters filled with
// one unit's objects: shared by the tenant-isolation test and the admin forms fuzzing, so a new
// route is covered by both without editing either (a parameter nobody mapped fails them).

/** One unit's objects, to put in a route's parameters. */
export interface RouteObjects {
  instansi: string;
  unit: string;
  unitName: string;
  loket: string;
  layanan: string;
  response: string;
  saran: string;
  followUp: string;
  apiKey: string;
  user: string;
  instrument: string;
  /** an import job of the unit (a file with a bad row: nothing stored) */
  job: string;
}

/** Fills a route's parameters with one unit's objects; a parameter nobody mapped throws. */
export function fill(path: string, o: RouteObjects): string {
  return path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string, __, offset: number) => {
    const before = path.slice(0, offset);
    if (name === 'unit') return o.unit;
    if (name === 'instansi') return o.instansi;
    if (name === 'code' && /\/instruments\/?$/.test(before)) return o.instrument;
    if (name === 'code' || name === 'loket') return o.loket;
    if (name === 'id' || name === 'response') {
      if (/\/responses\/?$/.test(before) || /\/saran\/?$/.test(before)) return o.response;
      if (/\/layanan\/?$/.test(before)) return o.layanan;
      if (/\/follow-up\/[^/]+\/?$/.test(before)) return o.followUp;
      if (/\/api-keys\/?$/.test(before)) return o.apiKey;
      if (/\/users\/?$/.test(before)) return o.user;
    }
    if (name === 'instrument') return o.instrument;
    if (name === 'job') return o.job;
    throw new Error(`no value for :${name} in ${path} (map it in test/support/routes.ts fill())`);
  });
}

/** The GET and POST routes under /admin, once each, as the app registered them. */
export function workspaceRoutes(app: { routes: { method: string; path: string }[] }): { method: string; path: string }[] {
  return app.routes
    .filter((r) => (r.method === 'GET' || r.method === 'POST') && r.path.startsWith('/admin') && !r.path.includes('*'))
    .map((r) => ({ method: r.method, path: r.path }))
    .filter((r, i, all) => all.findIndex((x) => x.method === r.method && x.path === r.path) === i);
}
