/**
 * Telegram's parse_mode=HTML parser, as strict as the real one: only the
 * supported tags, properly nested and closed; `<` and `&` outside tags and
 * entities are errors. Returns the visible text (whose length Telegram
 * limits) and the entities.
 */

export interface ParsedEntity {
  type: string;
  offset: number;
  length: number;
  language?: string;
}

export type ParseResult = { ok: true; text: string; entities: ParsedEntity[] } | { ok: false; error: string };

const TAGS: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function byteOffset(s: string, i: number): number {
  return Buffer.byteLength(s.slice(0, i), 'utf8');
}

export function parseTelegramHtml(html: string): ParseResult {
  let text = '';
  const entities: ParsedEntity[] = [];
  const stack: { name: string; start: number; at: number; language?: string }[] = [];
  const fail = (msg: string): ParseResult => ({ ok: false, error: `can't parse entities: ${msg}` });
  let i = 0;
  while (i < html.length) {
    const ch = html[i];
    if (ch === '&') {
      const m = /^&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/.exec(html.slice(i, i + 12));
      if (!m) return fail(`Character '&' at byte offset ${byteOffset(html, i)} must be escaped as &amp;`);
      const ref = m[1];
      if (ref.startsWith('#x')) text += String.fromCodePoint(parseInt(ref.slice(2), 16));
      else if (ref.startsWith('#')) text += String.fromCodePoint(parseInt(ref.slice(1), 10));
      else if (NAMED[ref]) text += NAMED[ref];
      else text += m[0]; // unknown named entities stay as written
      i += m[0].length;
      continue;
    }
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) return fail(`Unclosed start tag at byte offset ${byteOffset(html, i)}`);
      const inner = html.slice(i + 1, end);
      if (inner.startsWith('/')) {
        const name = inner.slice(1).trim().toLowerCase();
        const top = stack.pop();
        if (!top) return fail(`Unexpected end tag at byte offset ${byteOffset(html, i)}`);
        if (top.name !== name) return fail(`Unmatched end tag at byte offset ${byteOffset(html, i)}, expected "</${top.name}>", found "</${name}>"`);
        const length = text.length - top.start;
        if (length > 0) entities.push({ type: TAGS[top.name], offset: top.start, length, ...(top.language ? { language: top.language } : {}) });
        i = end + 1;
        continue;
      }
      const m = /^([a-zA-Z][a-zA-Z0-9-]*)(\s[^]*)?$/.exec(inner);
      const name = m?.[1]?.toLowerCase() ?? '';
      if (!m || !(name in TAGS)) return fail(`Unsupported start tag "${name || inner.slice(0, 10)}" at byte offset ${byteOffset(html, i)}`);
      const attrs = m[2] ?? '';
      if (name === 'span' && !/class\s*=\s*"tg-spoiler"/.test(attrs)) return fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(html, i)}`);
      if (name === 'a' && !/href\s*=/.test(attrs)) return fail(`Tag "a" must have attribute "href" at byte offset ${byteOffset(html, i)}`);
      const parent = stack[stack.length - 1];
      if (parent && (parent.name === 'code' || (parent.name === 'pre' && name !== 'code'))) {
        return fail(`Can't use tag "${name}" inside "${parent.name}" at byte offset ${byteOffset(html, i)}`);
      }
      let language: string | undefined;
      if (name === 'code' && parent?.name === 'pre') language = /class\s*=\s*"language-([^"]+)"/.exec(attrs)?.[1];
      stack.push({ name, start: text.length, at: i, language });
      i = end + 1;
      continue;
    }
    text += ch;
    i++;
  }
  if (stack.length) {
    const open = stack[stack.length - 1];
    return fail(`Can't find end tag corresponding to start tag "${open.name}" at byte offset ${byteOffset(html, open.at)}`);
  }
  return { ok: true, text, entities };
}
