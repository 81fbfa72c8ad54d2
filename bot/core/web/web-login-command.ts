/**
 * `/datalabs web` (also `/web`) in any chat: a one-time login link to the
 * workspace console for the person who asked, in the chat's workspace. Anyone
 * with a role there may ask; the link is audited, works once and expires in
 * minutes (bot/core/web/sessions.ts). The reply is private (Reply.visibility):
 * only the person who asked sees the link, never the rest of a group.
 */
import type { ChatMessage, Reply } from '../../contracts/chat.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import type { WebSessions } from './sessions.ts';

export interface WebLoginCommand {
  reply(message: ChatMessage): Promise<Reply>;
  /** The workspace console's absolute URL (`<PUBLIC_URL>/w/<id>`), for /help. */
  consoleUrl(workspaceId: number): string;
}

export function createWebLoginCommand(deps: { service: WorkspaceService; sessions: WebSessions; publicUrl: string; now: () => Date }): WebLoginCommand {
  return {
    consoleUrl: (workspaceId) => `${deps.publicUrl}/w/${workspaceId}`,
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
      // Only the person who asked sees the link (an ephemeral message or a direct message), never the group.
      const again = user.platform === 'telegram' ? '/web' : '/datalabs web';
      return {
        visibility: {
          kind: 'private',
          userId: message.user.id,
          notice: `${message.user.name ? `${message.user.name}, I` : 'I'} sent you the sign-in link privately.`,
          unreachable: `I send sign-in links privately, and cannot write to you yet: open a private chat with me and send ${again} there.`,
        },
        text: `Sign in to the console of workspace "${ctx.workspace.name}" (history, saved queries, alerts): the link works once, for ${minutes} minutes, and signs in as you — do not share it.`,
        links: [{ kind: 'url', label: 'Sign in', url }],
      };
    },
  };
}
