/**
 * Reply → Slack message (Block Kit + plain-text fallback), within Slack's
 * limits: 3000 characters per section text, 50 blocks per message, 75 per
 * button label, 2000 per button value, 40 000 for the top-level text.
 */
import { ACTION_VALUE_PATTERN, safeLinks, type Reply } from '../../bot/contracts/chat.ts';

/** Slack's limits the renderer keeps to (characters, counts). */
export const SLACK_LIMITS = {
  sectionText: 3000,
  blocks: 50,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  actionsElements: 25,
  contextText: 3000,
  messageText: 40_000,
  /** Slack truncates notification text; a short fallback reads better anyway. */
  fallbackText: 3000,
} as const;

/** A Block Kit block as sent on the wire (loosely typed: the fake validates). */
export type SlackBlock = Record<string, unknown> & { type: string };

/** A rendered message: Block Kit blocks and their plain-text fallback. */
export interface SlackMessage {
  /** Plain-text fallback (notifications, screen readers). */
  text: string;
  blocks: SlackBlock[];
}

/**
 * THE escaping of every text the Slack adapter sends: mrkdwn sections and
 * context, the top-level `text` (notification fallback, also parsed for
 * mentions), `initial_comment`, file titles and alt text, response_url
 * messages. Slack turns `<!channel>`, `<@U…>`, `<#C…>` and `<url|label>` into
 * pings and links; escaping `&`, `<` and `>` leaves them as the text a person
 * typed.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The same escaping under its older name. */
export const escapeMrkdwn = escapeSlackText;

/** Escapes `text` and cuts it to `max` characters without splitting an entity. */
export function escapeAndClip(text: string, max: number): string {
  const escaped = escapeSlackText(text);
  if (escaped.length <= max) return escaped;
  return `${escaped.slice(0, max - 1).replace(/&[a-z]{0,3}$/, '')}…`;
}


function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, SLACK_LIMITS.sectionText) } };
}

/**
 * Splits preformatted text into ```-fenced sections of at most 3000
 * characters each, cutting at line ends (a single over-long line is cut).
 */
export function codeSections(raw: string, maxBlocks: number): { blocks: SlackBlock[]; cut: boolean } {
  // Backtick runs would close the fence early; swap them for a look-alike.
  const body = escapeMrkdwn(raw.replace(/```/g, 'ʼʼʼ'));
  const room = SLACK_LIMITS.sectionText - 8; // "```\n" + "\n```"
  const chunks: string[] = [];
  let current = '';
  for (let line of body.split('\n')) {
    while (line.length > room) {
      if (current) chunks.push(current);
      chunks.push(line.slice(0, room));
      current = '';
      line = line.slice(room);
    }
    if (current && current.length + 1 + line.length > room) {
      chunks.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current || chunks.length === 0) chunks.push(current);
  const kept = chunks.slice(0, Math.max(0, maxBlocks));
  return { blocks: kept.map((c) => section(`\`\`\`\n${c}\n\`\`\``)), cut: kept.length < chunks.length };
}

/** The notification fallback of a reply: its headline, clipped and escaped (Slack parses it for mentions and links). */
export function fallbackText(reply: Reply): string {
  const lead = reply.error ? `⚠️ ${reply.text}` : reply.text;
  return escapeAndClip(lead || ' ', SLACK_LIMITS.fallbackText);
}

/** Renders a Reply as Block Kit. Files and images are sent separately (upload flow). */
export function renderSlackMessage(reply: Reply): SlackMessage {
  const head: SlackBlock[] = [];
  const body: SlackBlock[] = [];
  const tail: SlackBlock[] = [];
  const headline = reply.error ? `:warning: ${escapeMrkdwn(reply.text)}` : `*${escapeMrkdwn(reply.text)}*`;
  // A headline with notes under it (kept filters, an incomplete period, why a chart kind was not drawn): the first line bold.
  const [first, ...notesUnder] = reply.text.split('\n');
  head.push(section(notesUnder.length && !reply.error ? [`*${escapeMrkdwn(first)}*`, ...notesUnder.map(escapeMrkdwn)].join('\n') : headline));

  // A button carries an opaque answer id only, never SQL or data: anything else is not rendered.
  const buttons = (reply.buttons ?? []).filter((b) => ACTION_VALUE_PATTERN.test(b.value));
  const hasShowSqlButton = buttons.some((b) => b.actionId === 'show_sql');
  const singleValue = reply.table && reply.table.rows.length === 1 && reply.table.columns.length === 1;
  const notes: string[] = [];

  if (reply.footer) tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(escapeMrkdwn(reply.footer), SLACK_LIMITS.contextText) }] });
  // Link buttons (Open → the answer page): a button with `url`; Slack still sends a block_actions event, acked and ignored.
  const links = safeLinks(reply.links, 3000);
  if (buttons.length || links.length) {
    tail.push({
      type: 'actions',
      block_id: 'datalabs_actions',
      elements: [
        ...links.map((l, i) => ({
          type: 'button',
          action_id: `open_link_${i}`,
          text: { type: 'plain_text', text: clip(l.label, SLACK_LIMITS.buttonText), emoji: true },
          url: l.url,
        })),
        ...buttons.map((b) => ({
          type: 'button',
          action_id: clip(b.actionId, SLACK_LIMITS.actionId),
          text: { type: 'plain_text', text: clip(b.label, SLACK_LIMITS.buttonText), emoji: true },
          value: b.value,
        })),
      ].slice(0, SLACK_LIMITS.actionsElements),
    });
  }

  // Everything between the headline and the footer shares what is left of the 50 blocks
  // (one block held back for a "cut" note).
  let room = SLACK_LIMITS.blocks - head.length - tail.length - 1;
  if (reply.table && reply.table.rows.length > 0 && !singleValue) {
    const { blocks, cut } = codeSections(reply.table.text, room);
    body.push(...blocks);
    room -= blocks.length;
    if (cut) notes.push('table cut to fit Slack');
    if (reply.table.moreRows > 0) notes.push(`… ${reply.table.moreRows} more row${reply.table.moreRows === 1 ? '' : 's'} (Export CSV for all)`);
  }
  if (reply.code && !reply.error && !hasShowSqlButton) {
    const { blocks, cut } = codeSections(reply.code.text, room);
    body.push(...blocks);
    if (cut) notes.push('SQL cut to fit Slack');
  }
  if (notes.length) body.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(escapeMrkdwn(notes.join(' · ')), SLACK_LIMITS.contextText) }] });

  return { text: fallbackText(reply), blocks: [...head, ...body, ...tail] };
}

/** The visible text of Block Kit blocks (what a person reads), for tests and logs. */
export function blocksText(blocks: unknown[]): string {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if ((obj.type === 'mrkdwn' || obj.type === 'plain_text') && typeof obj.text === 'string') out.push(obj.text);
    for (const [k, v] of Object.entries(obj)) if (k !== 'text' || typeof v === 'object') visit(v);
  };
  visit(blocks);
  return out.join('\n');
}

/** File names are made safe one way on every platform (declared in the contracts). */
export { safeFileName } from '../../bot/contracts/chat.ts';
