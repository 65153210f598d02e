/**
 * Admin only: console users.
 *   GET   /api/console/users                               everyone with an account
 *   GET   /api/console/colleagues                          any signed-in worker: the others who may take a conversation (id, first name)
 *   POST  /api/console/users {email, role, firstName?}     a new user; answers with their one-time password (once)
 *   PATCH /api/console/users/{id} {role?, disabled?}       change a role, or disable (signs them out everywhere)
 */
import type { Server } from 'restify';
import { z } from 'zod';
import { CONSOLE_ROLES, type ConsoleRole } from '../../services/accounts/ConsoleUsers';
import { publicUser } from '../../services/accounts/AccountService';
import { requireCaller } from '../auth/guard';
import type { ConsoleContext } from '../ConsoleContext';
import { ApiError, idParam, readBody, route, sendJson } from '../http';

const role = z.enum(CONSOLE_ROLES as [ConsoleRole, ...ConsoleRole[]]);
const newUserBody = z.object({ email: z.string().max(254), role, firstName: z.string().max(40).optional() }).strict();
const changeBody = z
  .object({ role, disabled: z.boolean() })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'change at least one field');

export function registerUserRoutes(server: Server, ctx: ConsoleContext): void {
  const { sessions, accounts } = ctx;

  server.get('/api/console/colleagues', route(ctx, async (req, res) => {
    const { user: me } = await requireCaller(sessions, req);
    const users = await ctx.users.list();
    const colleagues = users.filter((u) => !u.disabled && u.id !== me.id).map((u) => ({ id: u.id, firstName: u.firstName })).sort((a, b) => a.firstName.localeCompare(b.firstName));
    sendJson(res, 200, { colleagues });
  }));

  server.get('/api/console/users', route(ctx, async (req, res) => {
    const { user: admin } = await requireCaller(sessions, req, { role: 'admin' });
    const users = await accounts.list();
    await ctx.audit.append({ actor: admin.id, action: 'list-users', recordType: 'console-user', recordId: 'all' });
    sendJson(res, 200, { users });
  }));

  server.post('/api/console/users', route(ctx, async (req, res) => {
    const { user: admin } = await requireCaller(sessions, req, { role: 'admin' });
    const body = readBody(req, newUserBody);
    const { user, oneTimePassword } = await accounts.addUser({ email: body.email, role: body.role, firstName: body.firstName });
    await ctx.audit.append({ actor: admin.id, action: 'add-user', recordType: 'console-user', recordId: user.id });
    sendJson(res, 201, { user, oneTimePassword });
  }));

  server.patch('/api/console/users/:id', route(ctx, async (req, res) => {
    const { user: admin } = await requireCaller(sessions, req, { role: 'admin' });
    const id = idParam(req);
    const change = readBody(req, changeBody);
    if (id === admin.id && (change.disabled === true || change.role === 'linkworker')) throw new ApiError(409, 'Conflict', 'You cannot disable yourself or remove your own admin role.');
    const updated = await ctx.users.update(id, change);
    if (change.disabled) {
      await ctx.sessions.endAllFor(id);
      ctx.streams.endUser(id);
    }
    await ctx.audit.append({ actor: admin.id, action: `change-user:${Object.keys(change).sort().join(',')}`, recordType: 'console-user', recordId: id });
    sendJson(res, 200, { user: publicUser(updated) });
  }));
}
