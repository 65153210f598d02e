/**
 * How console users and sessions are stored, for every adapter: the record's id becomes the document's _id, emails
 * are kept normalised, and shapes are checked before anything is written (messages name fields, never values).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CONSOLE_ROLES, normaliseEmail, type ConsoleSession, type ConsoleUser, type ConsoleUserPatch, type NewConsoleUser } from '../../services/accounts/ConsoleUsers';
import { InvalidRecordError } from './validation';
import { withoutUndefined } from './records';

export type ConsoleUserDocument = Omit<ConsoleUser, 'id'> & { _id: string };
export type ConsoleSessionDocument = Omit<ConsoleSession, 'id'> & { _id: string };

const role = z.enum(CONSOLE_ROLES as [ConsoleUser['role'], ...ConsoleUser['role'][]]);
const text = z.string().min(1);
const date = z.date().refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date');
const newUser = z.object({ email: text.max(254).regex(/@/, 'must be an email address'), firstName: text.max(40), role, passwordHash: text, mustChangePassword: z.boolean(), disabled: z.boolean().optional() });
const userPatch = newUser.omit({ email: true }).partial();
const session = z.object({ id: text, userId: text, csrfToken: text, createdAt: date, lastSeenAt: date, expiresAt: date });

function check(what: string, schema: z.ZodType, value: unknown): void {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidRecordError(what, result.error.issues.map((issue) => `${issue.path.join('.') || '(record)'} ${issue.message}`));
}

export function newUserDocument(user: NewConsoleUser, now: Date): ConsoleUserDocument {
  check('console user', newUser, user);
  return withoutUndefined({
    _id: randomUUID(),
    email: normaliseEmail(user.email),
    firstName: user.firstName,
    role: user.role,
    passwordHash: user.passwordHash,
    mustChangePassword: user.mustChangePassword,
    disabled: user.disabled ?? false,
    createdAt: now,
    updatedAt: now,
  });
}

/** The fields of a patch that may be stored (email, id and creation time never change). */
export function userPatchFields(patch: ConsoleUserPatch, now: Date): Record<string, unknown> {
  const { firstName, role: r, passwordHash, mustChangePassword, disabled } = patch;
  const fields = withoutUndefined({ firstName, role: r, passwordHash, mustChangePassword, disabled });
  check('console user update', userPatch, fields);
  return { ...fields, updatedAt: now };
}

export const userFromDocument = ({ _id, ...rest }: ConsoleUserDocument): ConsoleUser => ({ id: _id, ...rest });

export function sessionToDocument(value: ConsoleSession): ConsoleSessionDocument {
  check('console session', session, value);
  const { id, userId, csrfToken, createdAt, lastSeenAt, expiresAt } = value;
  return { _id: id, userId, csrfToken, createdAt, lastSeenAt, expiresAt };
}

export const sessionFromDocument = ({ _id, userId, csrfToken, createdAt, lastSeenAt, expiresAt }: ConsoleSessionDocument): ConsoleSession => ({ id: _id, userId, csrfToken, createdAt, lastSeenAt, expiresAt });

export const USER_LIST_SORT = { createdAt: 1, _id: 1 } as const;
