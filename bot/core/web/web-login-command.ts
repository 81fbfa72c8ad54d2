/**
 * `/datalabs web` (also `/web`) in any chat: a one-time login link to the
 * workspace console for the person who asked, in the chat's workspace. Anyone
 * with a role there may ask; the link is audited, works once and expires in
 * minutes (bot/core/web/sessions.ts).
 */
import type { ChatMessage, Reply } from '../../contracts/chat.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import type { WebSessions } from './sessions.ts';

export interface WebLoginCommand {
  reply(message: ChatMessage): Promise<Reply>;
}

export function createWebLoginCommand(deps: { service: WorkspaceService; sessions: WebSessions; publicUrl: string; now: () => Date }): WebLoginCommand {
  return {
    async reply(message) {
      const { service } = deps;
      const ctx = await service.resolve(message.conversation, message.user);
      if (!ctx) throw new DatalabsError('FORBIDDEN', service.unboundReply().text);
      service.authorize(ctx, 'ask');
      const user = { platform: message.conversation.platform, userId: message.user.id, name: message.user.name ?? null };
      const { path, expiresAt } = await deps.sessions.issueLogin({ workspaceId: ctx.workspace.id, user, conversation: message.conversation });
      const minutes = Math.max(1, Math.round((expiresAt.getTime() - deps.now().getTime()) / 60_000));
      await service.recordAction(ctx.workspace.id, `${user.platform}:${user.userId}`, 'web.login_link', { platform: user.platform, channelId: message.conversation.channelId });
      const url = `${deps.publicUrl}${path}`;
      return {
        text: `Sign in to the console of workspace "${ctx.workspace.name}" (history, saved queries, alerts): the link works once, for ${minutes} minutes, and signs in as you — do not share it.`,
        links: [{ kind: 'url', label: 'Sign in', url }],
      };
    },
  };
}
