import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, Role } from '../db/types.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AppError } from '../http/errors.ts';
import { audit } from './audit.ts';
import { findInstansi, findUnit } from './org.ts';
import { MIN_PASSWORD_LENGTH, hashPassword } from './password.ts';

export const userInput = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email({ error: 'must be an e-mail address' })),
    name: z.string().trim().min(1, 'must not be empty').max(200),
    role: z.enum(['operator', 'admin', 'unit_admin', 'viewer'], { error: 'must be operator, admin, unit_admin or viewer' }),
    instansi: z.string().optional(),
    units: z.array(z.string()).default([]),
    password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
  })
  .superRefine((v, ctx) => {
    if (v.role === 'operator' && v.instansi) ctx.addIssue({ code: 'custom', path: ['instansi'], message: 'is not given for an operator (operators run the deployment, not one instansi)' });
    if (v.role !== 'operator' && !v.instansi) ctx.addIssue({ code: 'custom', path: ['instansi'], message: `is required for role ${v.role}` });
    if (v.role === 'unit_admin' && v.units.length === 0) ctx.addIssue({ code: 'custom', path: ['units'], message: 'must name at least one unit for a unit_admin' });
    if ((v.role === 'admin' || v.role === 'operator') && v.units.length > 0) ctx.addIssue({ code: 'custom', path: ['units'], message: `are not given for role ${v.role} (it reaches the whole instansi)` });
  });

export async function addUser(db: Kysely<Database>, input: z.input<typeof userInput>, byUserId: string | null = null) {
  const parsed = userInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(400, 'invalid', `${issue.path.join('.') || 'input'} ${issue.message}`);
  }
  const v = parsed.data;
  const instansi = v.instansi ? await findInstansi(db, v.instansi) : null;
  const units = instansi ? await Promise.all(v.units.map((u) => findUnit(db, instansi.slug, u))) : [];
  const passwordHash = await hashPassword(v.password);
  try {
    return await db.transaction().execute(async (tx) => {
      const user = await tx
        .insertInto('app_user')
        .values({ email: v.email, name: v.name, role: v.role as Role, instansi_id: instansi?.id ?? null, password_hash: passwordHash })
        .returning(['id', 'email', 'name', 'role'])
        .executeTakeFirstOrThrow();
      if (units.length > 0) await tx.insertInto('user_unit').values(units.map((u) => ({ user_id: user.id, unit_id: u.id }))).execute();
      await audit(tx, {
        instansiId: instansi?.id ?? null,
        userId: byUserId,
        action: 'user.create',
        targetType: 'app_user',
        targetId: user.id,
        detail: { email: user.email, role: user.role, units: units.map((u) => u.slug) },
      });
      return { ...user, instansi: instansi?.slug ?? null, units: units.map((u) => u.slug) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError(409, 'exists', `a user with e-mail ${v.email} already exists`);
    throw error;
  }
}
