/**
 * Who may do what. viewer: ask questions, run saved queries and templates,
 * see own history. analyst: also raw SQL, save queries, see the workspace's
 * history. admin: everything, including binding chats and granting roles.
 */
import type { Role } from '../../contracts/workspace.ts';
import { DatalabsError } from '../../contracts/errors.ts';

export type Permission = 'ask' | 'run' | 'history' | 'rerun' | 'sql' | 'save' | 'history.all' | 'admin';

const RANK: Record<Role, number> = { viewer: 1, analyst: 2, admin: 3 };

const MIN_ROLE: Record<Permission, Role> = {
  ask: 'viewer',
  run: 'viewer',
  history: 'viewer',
  rerun: 'viewer',
  sql: 'analyst',
  save: 'analyst',
  'history.all': 'analyst',
  admin: 'admin',
};

const WHAT: Record<Permission, string> = {
  ask: 'ask questions',
  run: 'run saved queries',
  history: 'see the history',
  rerun: 're-run queries',
  sql: 'run SQL',
  save: 'save queries',
  'history.all': "see everyone's history",
  admin: 'use admin commands',
};

export function can(role: Role | null, permission: Permission): boolean {
  return role !== null && RANK[role] >= RANK[MIN_ROLE[permission]];
}

/** Throws FORBIDDEN with one line naming the role needed and the caller's role. */
export function requirePermission(role: Role | null, permission: Permission): void {
  if (can(role, permission)) return;
  const need = MIN_ROLE[permission];
  const article = need === 'admin' || need === 'analyst' ? 'an' : 'a';
  throw new DatalabsError(
    'FORBIDDEN',
    `only ${need === 'admin' ? 'admins' : `${need}s and above`} can ${WHAT[permission]} here (you are ${role ? `${role === 'admin' || role === 'analyst' ? 'an' : 'a'} ${role}` : 'not a member'}; ask an admin for ${article} ${need} role)`,
  );
}
