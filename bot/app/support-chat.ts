/**
 * Wires the support agent (agents/support) into the chat core: its passages
 * (the README, the chat commands, the workspace usage lines and the /help
 * text), Claude as the phraser when a key is set, and each workspace's scope
 * (its readable tables, listed by the `list_tables` tool, and its semantic
 * models) from the workspace's tool context.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../contracts/logger.ts';
import type { Reply } from '../contracts/chat.ts';
import { COMMANDS } from '../contracts/commands.ts';
import { USAGE } from '../core/workspace/index.ts';
import { buildHelpReply } from '../core/conversation/help-text.ts';
import type { SupportChat } from '../core/conversation/index.ts';
import { commandDocs, createClaudePhraser, createSupportAgent, helpDocs, readmeDocs, usageDocs, type SupportAgent, type SupportDoc, type SupportScope } from '../../agents/support/index.ts';
import { createToolSession, listTablesTool } from '../../agents/tools/index.ts';
import { DEFAULT_CLAUDE_MODEL } from '../../agents/claude/index.ts';
import type { ToolContexts, WorkspaceToolContext } from './mcp/tool-contexts.ts';

/** The project's README (the nearest one above this file: the same from bot/ and from dist/bot/), or undefined. */
export function findReadme(from = import.meta.dirname): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'README.md');
    if (fs.existsSync(file) && fs.existsSync(path.join(dir, 'package.json'))) return file;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** How long after start the support index is built when no support question asked for it first. */
const SUPPORT_INDEX_DELAY_MS = 2_000;

/** Every passage the support agent retrieves from, whatever the workspace. */
export function supportDocs(opts: { readmePath?: string; alerts: boolean; logger?: Logger }): SupportDoc[] {
  const docs: SupportDoc[] = [];
  const readme = opts.readmePath ?? findReadme();
  try {
    if (!readme) throw new Error('no README.md above the program');
    docs.push(...readmeDocs(fs.readFileSync(readme, 'utf8')));
  } catch (err) {
    opts.logger?.warn({ err, readme }, 'README not found: the support agent answers from the command help alone');
  }
  docs.push(...commandDocs(COMMANDS), ...usageDocs(USAGE), ...helpDocs(buildHelpReply({ naturalLanguage: true, alerts: opts.alerts }).text));
  return docs;
}

/** The readable tables (fully qualified) and models of a workspace's tool context. */
export async function supportScope(ctx: WorkspaceToolContext, workspaceName?: string): Promise<SupportScope> {
  const listed = await listTablesTool.run({}, { ...ctx, session: createToolSession() });
  const tables = listed.isError ? [] : ((listed.output as { tables: { table: string }[] }).tables ?? []).map((t) => t.table);
  return { tables, models: ctx.models, workspaceName };
}

export interface SupportChatOptions {
  contexts: ToolContexts;
  logger: Logger;
  alerts: boolean;
  /** Claude phrases the answers when set (ANTHROPIC_*; the model defaults to the Claude engine's). */
  anthropic?: { apiKey: string; baseURL?: string; model?: string };
  readmePath?: string;
}

/** The support agent as the chat core takes it. */
export function createSupportChat(opts: SupportChatOptions): SupportChat & { agent: SupportAgent } {
  // Indexing the README and the help takes a few hundred ms: done once, off the start-up path — a while after
  // start (a one-off command such as `ask` is done by then and never pays for it), or at the first support question.
  let built: SupportAgent | undefined;
  const agentOf = () =>
    (built ??= createSupportAgent({
      docs: supportDocs({ readmePath: opts.readmePath, alerts: opts.alerts, logger: opts.logger }),
      phraser: opts.anthropic ? createClaudePhraser({ apiKey: opts.anthropic.apiKey, baseURL: opts.anthropic.baseURL, model: opts.anthropic.model ?? DEFAULT_CLAUDE_MODEL }) : undefined,
      logger: opts.logger,
    }));
  setTimeout(agentOf, SUPPORT_INDEX_DELAY_MS).unref();
  return {
    get agent() {
      return agentOf();
    },
    matches: (text) => agentOf().matches(text),
    async reply(text, where): Promise<Reply> {
      const scope: SupportScope = where.mayRead
        ? await supportScope(await opts.contexts.forWorkspace(where.workspace), where.workspace?.name)
        : { tables: [], models: [], workspaceName: where.workspace?.name, mayRead: false };
      const answer = await agentOf().answer(text, scope);
      opts.logger.info({ kind: answer.kind, engine: answer.engine, sources: answer.sources }, 'support answer');
      return { text: answer.engine === 'claude' ? `${answer.text}\n(phrased by Claude from the documentation)` : answer.text };
    },
  };
}
