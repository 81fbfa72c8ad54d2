/**
 * Admin operations shared by chat (`/datalabs admin …`) and the CLI
 * (`datalabs workspace …`). Each runs in one transaction together with its
 * audit-log entry, so an action and its record never part.
 */
import type { MetadataStore, Repositories } from '../../infra/store/create-metadata-store.ts';
import type { ChatUser } from '../../infra/store/member-repo.ts';
import type { ClickHouseConnectionSettings, Member, Role, Workspace } from '../../contracts/workspace.ts';
import type { Platform } from '../../contracts/chat.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { requireWithinCeiling } from './ceiling.ts';

export interface BindingKey {
  platform: Platform;
  workspaceKey: string;
  /** '' = the whole team / chat / guild. */
  channelId: string;
}

export type MemberTarget = ChatUser | { memberId: number };

export interface NewWorkspaceInput {
  name: string;
  allowedDatabases?: string[];
  allowedTables?: string[];
  semanticModel?: string | null;
  /** Made the first admin. */
  admin?: ChatUser;
  binding?: BindingKey;
  /** A one-time setup code, consumed in the same transaction (refused when unknown, used or expired). */
  invite?: { code: string; now: Date };
}

export interface AdminOps {
  createWorkspace(input: NewWorkspaceInput, actor: string): Promise<{ workspace: Workspace; admin?: Member }>;
  bind(ws: Workspace, binding: BindingKey, actor: string): Promise<void>;
  /** False when nothing was bound there (to this workspace). */
  unbind(ws: Workspace, binding: BindingKey, actor: string): Promise<boolean>;
  /** Sets a role, creating the member (with that identity) when new. */
  grant(ws: Workspace, target: MemberTarget, role: Role, actor: string): Promise<{ member: Member; created: boolean; previous?: Role }>;
  revoke(ws: Workspace, memberId: number, actor: string): Promise<Member>;
  link(ws: Workspace, memberId: number, user: ChatUser, actor: string): Promise<Member>;
  /** `db` or `db.table`; returns false when it was already allowed. */
  allow(ws: Workspace, target: string, actor: string): Promise<boolean>;
  disallow(ws: Workspace, target: string, actor: string): Promise<boolean>;
  setRetention(ws: Workspace, days: number | null, actor: string): Promise<Workspace>;
  setDefaultRole(ws: Workspace, role: 'viewer' | 'analyst' | null, actor: string): Promise<Workspace>;
  /** The workspace's IANA time zone (already validated, see `parseTimezone`); null = UTC. */
  setTimezone(ws: Workspace, timezone: string | null, actor: string): Promise<Workspace>;
  setSemanticModel(ws: Workspace, model: string | null, actor: string): Promise<Workspace>;
  setClickhouse(ws: Workspace, settings: ClickHouseConnectionSettings | null, actor: string): Promise<Workspace>;
}

/** `slack:U123` */
export const identityLabel = (u: { platform: string; userId: string }) => `${u.platform}:${u.userId}`;

function isChatUser(t: MemberTarget): t is ChatUser {
  return 'platform' in t;
}

async function keepsAnAdmin(repos: Repositories, ws: Workspace, member: Member): Promise<void> {
  if (member.role === 'admin' && (await repos.members.countAdmins(ws.id)) <= 1) {
    throw new DatalabsError('BAD_INPUT', 'a workspace needs at least one admin: make someone else admin first');
  }
}

export interface AdminOpsOptions {
  /** DATALABS_ALLOWED_DATABASES: `allow` and new workspaces never go beyond it. */
  ceiling: readonly string[];
}

export function createAdminOps(store: MetadataStore, opts: AdminOpsOptions): AdminOps {
  const audit = (repos: Repositories, ws: Workspace | null, actor: string, action: string, detail: Record<string, unknown>) =>
    repos.audit.append({ workspaceId: ws?.id ?? null, actor, action, detail });

  async function updateList(ws: Workspace, target: string, add: boolean, actor: string): Promise<boolean> {
    if (add) {
      try {
        requireWithinCeiling(target, opts.ceiling);
      } catch (err) {
        await store.audit.append({ workspaceId: ws.id, actor, action: 'allowlist.denied', detail: { target } });
        throw err;
      }
    }
    return store.transaction(async (repos) => {
      const fresh = (await repos.workspaces.get(ws.id))!;
      const isTable = target.includes('.');
      const list = isTable ? fresh.allowedTables : fresh.allowedDatabases;
      const has = list.includes(target);
      if (has === add) return false;
      const next = add ? [...list, target].sort() : list.filter((x) => x !== target);
      await repos.workspaces.update(ws.id, isTable ? { allowedTables: next } : { allowedDatabases: next });
      await audit(repos, ws, actor, add ? 'allowlist.add' : 'allowlist.remove', { target });
      return true;
    });
  }

  return {
    createWorkspace(input, actor) {
      for (const t of [...(input.allowedDatabases ?? []), ...(input.allowedTables ?? [])]) requireWithinCeiling(t, opts.ceiling);
      return store.transaction(async (repos) => {
        const invite = input.invite ? await repos.invites.consume(input.invite.code, actor, input.invite.now) : undefined;
        if (input.invite && !invite) throw new DatalabsError('FORBIDDEN', 'That setup code is not valid, already used or expired: ask the operator for a new one (datalabs workspace invite).');
        const workspace = await repos.workspaces.create({
          name: input.name,
          allowedDatabases: input.allowedDatabases ?? [],
          allowedTables: input.allowedTables ?? [],
          semanticModel: input.semanticModel ?? null,
        });
        await audit(repos, workspace, actor, 'workspace.create', { name: workspace.name, allowedDatabases: workspace.allowedDatabases });
        if (invite) {
          await repos.invites.attachWorkspace(invite.id, workspace.id);
          await audit(repos, workspace, actor, 'invite.use', { invite: invite.id, createdBy: invite.createdBy });
        }
        let admin: Member | undefined;
        if (input.admin) {
          admin = await repos.members.create(workspace.id, input.admin, 'admin');
          await audit(repos, workspace, actor, 'member.grant', { member: admin.id, user: identityLabel(input.admin), role: 'admin' });
        }
        if (input.binding) {
          await repos.workspaces.bind({ ...input.binding, workspaceId: workspace.id });
          await audit(repos, workspace, actor, 'binding.create', { ...input.binding });
        }
        return { workspace, admin };
      });
    },
    bind(ws, binding, actor) {
      return store.transaction(async (repos) => {
        const before = await repos.workspaces.lookupBinding(binding.platform, binding.workspaceKey, binding.channelId);
        await repos.workspaces.bind({ ...binding, workspaceId: ws.id });
        const previous = before && before.channelId === binding.channelId ? before.workspaceId : undefined;
        await audit(repos, ws, actor, 'binding.create', { ...binding, ...(previous !== undefined ? { previousWorkspace: previous } : {}) });
      });
    },
    unbind(ws, binding, actor) {
      return store.transaction(async (repos) => {
        const exact = (await repos.workspaces.bindings(ws.id)).find(
          (b) => b.platform === binding.platform && b.workspaceKey === binding.workspaceKey && b.channelId === binding.channelId,
        );
        if (!exact) return false;
        await repos.workspaces.unbind(binding.platform, binding.workspaceKey, binding.channelId);
        await audit(repos, ws, actor, 'binding.remove', { ...binding });
        return true;
      });
    },
    grant(ws, target, role, actor) {
      return store.transaction(async (repos) => {
        let member = isChatUser(target) ? await repos.members.byIdentity(ws.id, target.platform, target.userId) : await repos.members.get(ws.id, target.memberId);
        if (!member) {
          if (!isChatUser(target)) throw new DatalabsError('NOT_FOUND', `member #${target.memberId} is not in this workspace`);
          member = await repos.members.create(ws.id, target, role);
          await audit(repos, ws, actor, 'member.grant', { member: member.id, user: identityLabel(target), role });
          return { member, created: true };
        }
        const previous = member.role;
        if (previous !== role) {
          if (previous === 'admin') await keepsAnAdmin(repos, ws, member);
          member = await repos.members.setRole(ws.id, member.id, role);
        }
        await audit(repos, ws, actor, 'member.grant', { member: member.id, role, previous });
        return { member, created: false, previous };
      });
    },
    revoke(ws, memberId, actor) {
      return store.transaction(async (repos) => {
        const member = await repos.members.get(ws.id, memberId);
        if (!member) throw new DatalabsError('NOT_FOUND', `member #${memberId} is not in this workspace`);
        await keepsAnAdmin(repos, ws, member);
        await repos.members.remove(ws.id, memberId);
        await audit(repos, ws, actor, 'member.revoke', { member: memberId, role: member.role, identities: member.identities.map(identityLabel) });
        return member;
      });
    },
    link(ws, memberId, user, actor) {
      return store.transaction(async (repos) => {
        await repos.members.link(ws.id, memberId, user);
        await audit(repos, ws, actor, 'member.link', { member: memberId, user: identityLabel(user) });
        return (await repos.members.get(ws.id, memberId))!;
      });
    },
    allow: (ws, target, actor) => updateList(ws, target, true, actor),
    disallow: (ws, target, actor) => updateList(ws, target, false, actor),
    setRetention(ws, days, actor) {
      return store.transaction(async (repos) => {
        const out = await repos.workspaces.update(ws.id, { historyRetentionDays: days });
        await audit(repos, ws, actor, 'workspace.retention', { days });
        return out;
      });
    },
    setDefaultRole(ws, role, actor) {
      return store.transaction(async (repos) => {
        const out = await repos.workspaces.update(ws.id, { defaultRole: role });
        await audit(repos, ws, actor, 'workspace.default_role', { role });
        return out;
      });
    },
    setTimezone(ws, timezone, actor) {
      return store.transaction(async (repos) => {
        const out = await repos.workspaces.update(ws.id, { timezone });
        await audit(repos, ws, actor, 'workspace.timezone', { timezone, previous: ws.timezone });
        return out;
      });
    },
    setSemanticModel(ws, model, actor) {
      return store.transaction(async (repos) => {
        const out = await repos.workspaces.update(ws.id, { semanticModel: model });
        await audit(repos, ws, actor, 'workspace.semantic_model', { model });
        return out;
      });
    },
    setClickhouse(ws, settings, actor) {
      return store.transaction(async (repos) => {
        const out = await repos.workspaces.update(ws.id, { clickhouse: settings });
        // Never the password.
        await audit(repos, ws, actor, 'workspace.clickhouse', settings ? { url: settings.url, user: settings.user ?? null, database: settings.database ?? null } : { url: null });
        return out;
      });
    },
  };
}
