/**
 * Format: Reply → Telegram messages: HTML (parse_mode HTML), split to the Bot API
 * limits (4096 characters of text, 1024 of caption), an inline keyboard on
 * the last message. Lengths are measured on the HTML source, which is never
 * shorter than the text Telegram counts after parsing entities, so a part
 * that fits here fits there.
 */
import { ACTION_VALUE_PATTERN, safeLinks, type Reply, type ReplyButton, type ReplyFile } from '../../bot/contracts/chat.ts';

/** Characters allowed in a message text. */
export const TELEGRAM_TEXT_LIMIT = 4096;
/** Characters allowed in a photo or document caption. */
export const TELEGRAM_CAPTION_LIMIT = 1024;
/** Bytes allowed in an inline button's callback_data. */
export const TELEGRAM_CALLBACK_DATA_BYTES = 64;

/** A button of an inline keyboard: a callback button, or a URL button (Open → the answer page). */
export type InlineKeyboardButton = { text: string; callback_data: string; url?: undefined } | { text: string; url: string; callback_data?: undefined };
/** An inline keyboard: rows of buttons under a message. */
export interface InlineKeyboard {
  inline_keyboard: InlineKeyboardButton[][];
}

/** One Bot API message to send; `plain` is the same content without markup. */
export type OutMessage =
  | { kind: 'text'; html: string; plain: string; keyboard?: InlineKeyboard }
  | { kind: 'photo'; png: Buffer; html: string; plain: string; keyboard?: InlineKeyboard }
  | { kind: 'document'; file: ReplyFile; html: string; plain: string; keyboard?: InlineKeyboard };

type BlockStyle = 'plain' | 'bold' | 'italic' | 'pre' | 'sql';
interface Block {
  style: BlockStyle;
  text: string;
}

/** Limits to render to (the Bot API's by default; smaller in tests). */
export interface RenderLimits {
  textLimit?: number;
  captionLimit?: number;
}

/**
 * THE escaping of every text the Telegram adapter sends with parse_mode HTML
 * (message text, captions, table cells, SQL, footers, errors, echoed
 * questions): every block goes through `blockHtml`, which escapes with this.
 * Texts sent without parse_mode (the plain fallback) are not parsed.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}


function open(style: BlockStyle): string {
  switch (style) {
    case 'plain':
      return '';
    case 'bold':
      return '<b>';
    case 'italic':
      return '<i>';
    case 'pre':
      return '<pre>';
    case 'sql':
      return '<pre><code class="language-sql">';
  }
}

function close(style: BlockStyle): string {
  switch (style) {
    case 'plain':
      return '';
    case 'bold':
      return '</b>';
    case 'italic':
      return '</i>';
    case 'pre':
      return '</pre>';
    case 'sql':
      return '</code></pre>';
  }
}

function blockHtml(b: Block): string {
  return open(b.style) + escapeHtml(b.text) + close(b.style);
}

function joinHtml(blocks: Block[]): string {
  return blocks.map(blockHtml).join('\n');
}

function joinPlain(blocks: Block[]): string {
  return blocks.map((b) => b.text).join('\n');
}

function escapedLength(ch: string): number {
  return ch === '&' ? 5 : ch === '<' || ch === '>' ? 4 : ch === '"' ? 6 : ch.length;
}

/** Splits one block into blocks whose HTML fits `limit`: at line breaks, else between characters. */
function fitBlock(block: Block, limit: number): Block[] {
  if (blockHtml(block).length <= limit) return [block];
  const budget = limit - open(block.style).length - close(block.style).length;
  const out: Block[] = [];
  let lines: string[] = [];
  let used = 0;
  const flush = () => {
    if (lines.length) out.push({ style: block.style, text: lines.join('\n') });
    lines = [];
    used = 0;
  };
  for (const line of block.text.split('\n')) {
    const cost = [...line].reduce((n, ch) => n + escapedLength(ch), 0);
    const add = lines.length ? cost + 1 : cost;
    if (used + add <= budget) {
      lines.push(line);
      used += add;
      continue;
    }
    flush();
    if (cost <= budget) {
      lines.push(line);
      used = cost;
      continue;
    }
    // One line longer than a whole message: cut it between code points.
    let piece = '';
    let pieceCost = 0;
    for (const ch of line) {
      const c = escapedLength(ch);
      if (pieceCost + c > budget) {
        out.push({ style: block.style, text: piece });
        piece = '';
        pieceCost = 0;
      }
      piece += ch;
      pieceCost += c;
    }
    lines.push(piece);
    used = pieceCost;
  }
  flush();
  return out;
}

/** Packs blocks into as few messages as fit `limit` each (blocks joined by newlines). */
export function packBlocks(blocks: Block[], limit: number): Block[][] {
  const chunks: Block[][] = [];
  let cur: Block[] = [];
  let len = 0;
  for (const piece of blocks.flatMap((b) => fitBlock(b, limit))) {
    const l = blockHtml(piece).length;
    const add = cur.length ? l + 1 : l;
    if (cur.length && len + add > limit) {
      chunks.push(cur);
      cur = [piece];
      len = l;
    } else {
      cur.push(piece);
      len += add;
    }
  }
  if (cur.length) chunks.push(cur);
  return chunks;
}

/** Callback data for a button: `<actionId>:<value>`, or undefined when over 64 bytes. */
export function callbackData(button: ReplyButton): string | undefined {
  const data = `${button.actionId}:${button.value}`;
  return Buffer.byteLength(data, 'utf8') <= TELEGRAM_CALLBACK_DATA_BYTES ? data : undefined;
}

/** The inline keyboard of a reply's buttons (those with an opaque-id value that fits), or undefined. */
export function buildKeyboard(buttons: ReplyButton[] | undefined, links?: Reply['links']): InlineKeyboard | undefined {
  // A button carries an opaque answer id only, never SQL or data.
  const row: InlineKeyboardButton[] = (buttons ?? []).filter((b) => ACTION_VALUE_PATTERN.test(b.value)).flatMap((b) => {
    const data = callbackData(b);
    return data ? [{ text: b.label, callback_data: data }] : [];
  });
  // URL buttons (Open) in a row of their own, above the callback buttons.
  const linkRow: InlineKeyboardButton[] = safeLinks(links, 2048).map((l) => ({ text: l.label, url: l.url }));
  const rows = [linkRow, row].filter((r) => r.length > 0);
  return rows.length ? { inline_keyboard: rows } : undefined;
}

function isSingleValue(reply: Reply): boolean {
  return !!reply.table && reply.table.rows.length === 1 && reply.table.columns.length === 1;
}

/** The reply as blocks: lead line, table, "more rows" note, code, footer. */
function replyBlocks(reply: Reply): { lead: Block[]; body: Block[]; footer: Block[] } {
  const rich = !!(reply.table || reply.image);
  const text = reply.text.trim() ? reply.text : '…';
  const lead: Block[] = [reply.error ? { style: 'plain', text: `⚠️ ${text}` } : { style: rich ? 'bold' : 'plain', text }];
  const body: Block[] = [];
  const table = reply.table;
  if (table && table.rows.length > 0 && !isSingleValue(reply)) {
    body.push({ style: 'pre', text: table.text });
    if (table.moreRows > 0 && !/more rows?/i.test(table.text)) {
      body.push({ style: 'italic', text: `… ${table.moreRows} more row${table.moreRows === 1 ? '' : 's'} (Export CSV has them all)` });
    }
  }
  const hasSqlButton = reply.buttons?.some((b) => b.actionId === 'show_sql');
  if (reply.code && !reply.error && !hasSqlButton) {
    body.push({ style: reply.code.language === 'sql' ? 'sql' : 'pre', text: reply.code.text });
  }
  const footer: Block[] = reply.footer ? [{ style: 'italic', text: reply.footer }] : [];
  return { lead, body, footer };
}

function textMessages(blocks: Block[], limit: number): OutMessage[] {
  return packBlocks(blocks, limit).map((chunk) => ({ kind: 'text', html: joinHtml(chunk), plain: joinPlain(chunk) }));
}

/** A caption from `blocks`, cut to fit `limit` (whole blocks first, then the first block's text). */
function fitCaption(blocks: Block[], limit: number): Block[] {
  const kept: Block[] = [];
  for (const b of blocks) {
    if (joinHtml([...kept, b]).length <= limit) kept.push(b);
  }
  if (kept.length) return kept;
  return [fitBlock(blocks[0], limit)[0]];
}

/**
 * Plans the Bot API messages for a reply. With a chart: one photo whose
 * caption holds the whole answer when it fits 1024 characters, else the
 * photo with headline and footer, followed by the table as text. The
 * keyboard goes on the last message.
 */
export function renderReply(reply: Reply, limits: RenderLimits = {}): OutMessage[] {
  const textLimit = limits.textLimit ?? TELEGRAM_TEXT_LIMIT;
  const captionLimit = limits.captionLimit ?? TELEGRAM_CAPTION_LIMIT;
  const { lead, body, footer } = replyBlocks(reply);
  const out: OutMessage[] = [];
  if (reply.image) {
    const all = [...lead, ...body, ...footer];
    if (joinHtml(all).length <= captionLimit) {
      out.push({ kind: 'photo', png: reply.image.png, html: joinHtml(all), plain: joinPlain(all) });
    } else {
      const caption = fitCaption([...lead, ...footer], captionLimit);
      out.push({ kind: 'photo', png: reply.image.png, html: joinHtml(caption), plain: joinPlain(caption) });
      const rest = [...lead, ...footer].filter((b) => !caption.includes(b));
      out.push(...textMessages([...body, ...rest], textLimit));
    }
  } else if (reply.file) {
    const caption = fitCaption([...lead, ...footer], captionLimit);
    const rest = [...lead, ...footer].filter((b) => !caption.includes(b));
    out.push({ kind: 'document', file: reply.file, html: joinHtml(caption), plain: joinPlain(caption) });
    if (body.length || rest.length) out.push(...textMessages([...body, ...rest], textLimit));
  } else {
    out.push(...textMessages([...lead, ...body, ...footer], textLimit));
  }
  const keyboard = buildKeyboard(reply.buttons, reply.links);
  if (keyboard) out[out.length - 1].keyboard = keyboard;
  return out;
}

/** File names are made safe one way on every platform (declared in the contracts). */
export { safeFileName } from '../../bot/contracts/chat.ts';
