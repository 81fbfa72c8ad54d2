/**
 * Reply → Discord message payload (content, embeds, attachments, buttons),
 * within Discord's limits: 2000 characters of content, 4096 of embed
 * description, 256 of title, 1024 a field, 2048 of footer, 6000 an embed in
 * all, 5 buttons a row, 100 characters of custom_id. Pure: no SDK import, so
 * the limits can be unit-tested; the payload is the REST JSON shape that
 * discord.js accepts as is.
 */
import { ACTION_VALUE_PATTERN, isActionId, safeFileName, safeLinks, type ActionId, type Reply, type ReplyButton } from '../../bot/contracts/chat.ts';

/** Discord's message limits the renderer keeps to. */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedTotal: 6000,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  threadName: 100,
} as const;

/** Embed colours: neutral answer, error. */
const COLOR_ANSWER = 0x5865f2;
const COLOR_ERROR = 0xed4245;
/** The chart's attachment name (the embed shows it as `attachment://chart.png`). */
export const CHART_FILE_NAME = 'chart.png';

/** An embed in Discord's REST shape (the parts the adapter uses). */
export interface DiscordEmbed {
  title?: string;
  description?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  image?: { url: string };
  footer?: { text: string };
}

/** A button (component type 2) in Discord's REST shape. */
export interface DiscordButton {
  type: 2;
  /** 2 = secondary (grey). */
  style: 2;
  label: string;
  custom_id: string;
}

/** A Link-style button (style 5): opens `url`, sends no interaction. */
export interface DiscordLinkButton {
  type: 2;
  style: 5;
  label: string;
  url: string;
}

/** A row of Link-style buttons. */
export interface DiscordLinkRow {
  type: 1;
  components: DiscordLinkButton[];
}

/** A row of up to five buttons (component type 1). */
export interface DiscordActionRow {
  type: 1;
  components: DiscordButton[];
}

/** A file to upload with the message. */
export interface DiscordFile {
  name: string;
  attachment: Buffer;
  description?: string;
}

/** A complete message: every part is always present so an edit replaces all of them. */
export interface DiscordPayload {
  content: string;
  embeds: DiscordEmbed[];
  files: DiscordFile[];
  components: DiscordActionRow[];
  /** Link-style button rows, sent before `components` (at most 5 rows in all). */
  linkRows?: DiscordLinkRow[];
}

/** `${actionId}:${value}`, the custom_id of a reply button. */
export function encodeCustomId(button: Pick<ReplyButton, 'actionId' | 'value'>): string {
  return `${button.actionId}:${button.value}`.slice(0, DISCORD_LIMITS.customId);
}

/** Parses a custom_id made by `encodeCustomId`; undefined for anything else. */
export function decodeCustomId(customId: string): { id: ActionId; value: string } | undefined {
  const at = customId.indexOf(':');
  if (at <= 0) return undefined;
  const id = customId.slice(0, at) as ActionId;
  if (!isActionId(id)) return undefined;
  const value = customId.slice(at + 1);
  // A button carries an opaque answer id and nothing else.
  if (!ACTION_VALUE_PATTERN.test(value)) return undefined;
  return { id, value };
}

/**
 * THE escaping of every text the Discord adapter sends. Always: mentions are
 * defused (`@everyone`, `@here`, `<@id>`, `<@!id>`, `<@&role>`, `<#channel>`,
 * `</command:id>` get a zero-width space so they show as typed), on top of
 * `allowedMentions: { parse: [] }` on every send. Where Discord renders
 * markdown (`'markdown'`: message content, embed titles and descriptions),
 * markdown and masked links are escaped too; `'plain'` is for places it
 * does not (footers, attachment descriptions, thread names, code blocks).
 */
export function escapeDiscordText(text: string, where: 'markdown' | 'plain' = 'markdown'): string {
  const defused = text.replace(/@(everyone|here)/gi, '@\u200b$1').replace(/<([@#/])/g, '<\u200b$1');
  if (where === 'plain') return defused;
  return defused.replace(/([\\*_~`|[\]])/g, '\\$1').replace(/^(\s*)([>#-])/gm, '$1\\$2');
}

/** The same escaping in its markdown form, under its older name. */
export function escapeMarkdown(text: string): string {
  return escapeDiscordText(text, 'markdown');
}


/** Cuts `text` to `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** A fenced code block that cannot be broken out of by its content. */
function codeBlock(text: string, language = ''): string {
  return `\`\`\`${language}\n${text.replace(/```/g, '`\u200b``')}\n\`\`\``;
}

/** Fits a code block into `max` characters by dropping whole lines, with a note of how many. */
function fittedCodeBlock(text: string, max: number, language = ''): { block: string; cutLines: number } {
  const lines = text.split('\n');
  let cut = 0;
  for (;;) {
    const kept = lines.slice(0, lines.length - cut);
    const note = cut > 0 ? `\n… ${cut} more line${cut === 1 ? '' : 's'}` : '';
    const block = codeBlock(kept.join('\n'), language) + note;
    if (block.length <= max || kept.length <= 1) return { block: truncate(block, max), cutLines: cut };
    cut += Math.max(1, Math.ceil((block.length - max) / 100));
    if (cut >= lines.length) cut = lines.length - 1;
  }
}

function buttonRows(buttons: ReplyButton[] | undefined): DiscordActionRow[] {
  const rows: DiscordActionRow[] = [];
  for (const [i, b] of (buttons ?? []).filter((x) => ACTION_VALUE_PATTERN.test(x.value)).entries()) {
    if (i % DISCORD_LIMITS.buttonsPerRow === 0) rows.push({ type: 1, components: [] });
    rows[rows.length - 1].components.push({ type: 2, style: 2, label: truncate(escapeDiscordText(b.label, 'plain'), DISCORD_LIMITS.buttonLabel), custom_id: encodeCustomId(b) });
  }
  return rows.slice(0, 5);
}

/** Link-style buttons (Open → the answer page) in one row above the others; Discord sends no interaction for them. */
function linkRows(links: Reply['links']): DiscordLinkRow[] {
  const components = safeLinks(links, 512)
    .slice(0, DISCORD_LIMITS.buttonsPerRow)
    .map((l): DiscordLinkButton => ({ type: 2, style: 5, label: truncate(escapeDiscordText(l.label, 'plain'), DISCORD_LIMITS.buttonLabel), url: l.url }));
  return components.length ? [{ type: 1, components }] : [];
}

function isSingleValue(reply: Reply): boolean {
  return Boolean(reply.table && reply.table.rows.length === 1 && reply.table.columns.length === 1);
}

/** Renders a platform-neutral Reply as one Discord message. */
export function renderDiscordReply(reply: Reply): DiscordPayload {
  const out: DiscordPayload = { content: '', embeds: [], files: [], components: buttonRows(reply.buttons), linkRows: linkRows(reply.links) };

  if (reply.error) {
    out.embeds.push({ description: truncate(`⚠️ ${escapeMarkdown(reply.text)}`, DISCORD_LIMITS.embedDescription), color: COLOR_ERROR });
    return out;
  }

  const plain = !reply.table && !reply.image && !reply.code && !reply.footer;
  if (plain) {
    const text = escapeDiscordText(reply.text, 'markdown');
    if (text.length <= DISCORD_LIMITS.content) {
      out.content = text;
    } else {
      // Too long for a message: the embed holds 4096; the whole text goes along as a file.
      out.embeds.push({ description: truncate(text, DISCORD_LIMITS.embedDescription), color: COLOR_ANSWER });
      if (text.length > DISCORD_LIMITS.embedDescription) out.files.push({ name: 'reply.txt', attachment: Buffer.from(reply.text, 'utf8') });
    }
    if (reply.file) out.files.push({ name: safeFileName(reply.file.name), attachment: reply.file.data });
    return out;
  }

  const embed: DiscordEmbed = { color: COLOR_ANSWER };
  // The headline is the title; notes under it (kept filters, an incomplete period, a chart kind not drawn) open the description.
  const [firstLine, ...under] = reply.text.split('\n');
  const headline = escapeMarkdown(firstLine);
  const parts: string[] = [];
  if (headline.length <= DISCORD_LIMITS.embedTitle) embed.title = headline;
  else parts.push(truncate(headline, 1000));
  if (under.length) parts.push(truncate(escapeMarkdown(under.join('\n')), 1000));

  let budget = DISCORD_LIMITS.embedDescription - parts.join('\n').length - 2;
  if (reply.table && reply.table.rows.length > 0 && !isSingleValue(reply)) {
    const more = reply.table.moreRows > 0 ? `… ${reply.table.moreRows} more row${reply.table.moreRows === 1 ? '' : 's'} (Export CSV has them all)` : '';
    // Data values are shown, not run: mentions in them are defused even inside the code block.
    const { block } = fittedCodeBlock(escapeDiscordText(reply.table.text, 'plain'), budget - more.length - 1);
    parts.push(block);
    if (more) parts.push(more);
    budget = DISCORD_LIMITS.embedDescription - parts.join('\n').length - 2;
  }

  if (reply.code) {
    const onlyCode = !reply.table && !reply.image;
    if (onlyCode) {
      // "Show SQL": the SQL is the message; a query too long for the embed is attached whole.
      const full = codeBlock(reply.code.text, reply.code.language === 'sql' ? 'sql' : '');
      if (full.length <= budget) parts.push(full);
      else {
        parts.push(fittedCodeBlock(reply.code.text, budget, reply.code.language === 'sql' ? 'sql' : '').block);
        out.files.push({ name: reply.code.language === 'sql' ? 'query.sql' : 'code.txt', attachment: Buffer.from(reply.code.text, 'utf8') });
      }
    } else {
      const block = codeBlock(reply.code.text, reply.code.language === 'sql' ? 'sql' : '');
      if (block.length <= DISCORD_LIMITS.embedFieldValue) embed.fields = [{ name: 'SQL', value: block }];
    }
  }

  if (parts.length) embed.description = parts.join('\n');
  if (reply.image) {
    out.files.push({ name: CHART_FILE_NAME, attachment: reply.image.png, description: truncate(escapeDiscordText(reply.image.alt, 'plain'), 1024) });
    embed.image = { url: `attachment://${CHART_FILE_NAME}` };
  }
  // A short footer keeps the whole embed under 6000 (256 + 4096 + 1024 + 3 + 600).
  if (reply.footer) embed.footer = { text: truncate(escapeDiscordText(reply.footer, 'plain'), 600) };
  out.embeds.push(embed);
  if (reply.file) out.files.push({ name: safeFileName(reply.file.name), attachment: reply.file.data });
  return out;
}

/** Characters an embed counts towards Discord's 6000 limit. */
export function embedLength(embed: DiscordEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** A thread name (1–100 characters) from the question. */
export function threadName(question: string): string {
  const name = escapeDiscordText(question, 'plain').replace(/\s+/g, ' ').trim();
  return truncate(name || 'Answer', DISCORD_LIMITS.threadName);
}

