// The Tim Survei workspace under /admin: one gate (language, session, CSRF, no caching), then the
// workspace areas, each in its own folder.
import { Hono } from 'hono';
import { limitBody } from '../http/body-limit.ts';
import { AppError } from '../http/errors.ts';
import { reachableUnits } from './access.ts';
import { authRoutes } from './auth/routes.tsx';
import { dashboardRoutes } from './dashboard/routes.tsx';
import { followUpRoutes } from './follow-up/routes.tsx';
import { instansiRoutes } from './instansi/routes.tsx';
import { manageRoutes } from './manage/routes.tsx';
import { resultsPosterRoutes } from './publish/poster-route.ts';
import { publishAdminRoutes } from './publish/routes.tsx';
import { reportsRoutes } from './reports/routes.tsx';
import { importUploadLimit, isImportUpload } from './reports/upload-limit.ts';
import { reviewRoutes } from './review/routes.tsx';
import { settingsRoutes } from './settings/routes.tsx';
import type { AdminDeps, AdminEnv } from './web/env.ts';
import { adminGuard } from './web/guard.ts';
import { sendAdminPage } from './web/page.tsx';

/** Uploads (a logo, follow-up evidence up to 2 MB) are the largest bodies: 2 MB and the form around them. */
export const ADMIN_BODY_LIMIT = 2 * 1024 * 1024 + 64 * 1024;

export function adminRoutes(deps: AdminDeps) {
  const app = new Hono<AdminEnv>();
  const adminLimit = limitBody(ADMIN_BODY_LIMIT, () => {
    throw new AppError(413, 'too_large', 'the body must be at most 2 MB');
  });
  // the import of paper forms is the one upload allowed to be larger
  const importLimit = importUploadLimit();
  app.use('/admin/*', (c, next) => (isImportUpload(c) ? importLimit(c, next) : adminLimit(c, next)));
  app.use('/admin', adminGuard(deps));
  app.use('/admin/*', adminGuard(deps));
  app.route('/', authRoutes(deps));
  app.route('/', manageRoutes(deps));
  app.route('/', settingsRoutes(deps));
  app.route('/', dashboardRoutes(deps));
  app.route('/', reviewRoutes(deps));
  app.route('/', followUpRoutes(deps));
  app.route('/', instansiRoutes(deps));
  app.route('/', resultsPosterRoutes(deps));
  app.route('/', publishAdminRoutes(deps));
  app.route('/', reportsRoutes(deps));

  app.get('/admin', async (c) => {
    const at = c.get('at');
    const units = await reachableUnits(deps.db, c.get('user'));
    return sendAdminPage(c, {
      title: at.homeTitle,
      children: (
        <section class="card">
          <h2>{at.homeUnits}</h2>
          {units.length === 0 ? (
            <p class="muted">{at.homeNoUnits}</p>
          ) : (
            <ul class="links">
              {units.map((u) => (
                <li>
                  <a href={`/admin/dashboard/${u.slug}`}>{u.name}</a>
                </li>
              ))}
            </ul>
          )}
        </section>
      ),
    });
  });
  return app;
}
