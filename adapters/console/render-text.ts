/** Reply → terminal text (the console's rendering of a platform-neutral Reply). */
import { safeLinks, type Reply } from '../../bot/contracts/chat.ts';

export interface RenderTextOptions {
  color: boolean;
  /** Emit the chart inline (iTerm2 image protocol). */
  inlineImages?: boolean;
  /** Where a file attachment was saved. */
  savedFile?: string;
}

export function renderReplyText(reply: Reply, opts: RenderTextOptions): string {
  const dim = (s: string) => (opts.color ? `\x1b[2m${s}\x1b[0m` : s);
  const bold = (s: string) => (opts.color ? `\x1b[1m${s}\x1b[0m` : s);
  const red = (s: string) => (opts.color ? `\x1b[31m${s}\x1b[0m` : s);
  const out: string[] = [];
  out.push(reply.error ? red(`error: ${reply.text}`) : bold(reply.text));
  if (reply.table && reply.table.rows.length > 0 && !(reply.table.rows.length === 1 && reply.table.columns.length === 1)) {
    out.push(reply.table.text);
  }
  if (reply.image) {
    if (opts.inlineImages) {
      out.push(`\x1b]1337;File=inline=1;width=80;preserveAspectRatio=1:${reply.image.png.toString('base64')}\x07`);
    }
    out.push(reply.image.path ? `chart: ${reply.image.path}` : `chart: ${reply.image.alt}`);
  }
  if (reply.code && !reply.error) out.push(dim(reply.code.language === 'sql' ? `SQL: ${reply.code.text}` : reply.code.text));
  if (reply.file) out.push(opts.savedFile ? `saved ${reply.file.name} to ${opts.savedFile}` : reply.file.data.toString('utf8'));
  if (reply.footer) out.push(dim(reply.footer));
  // Link buttons (Open → the answer page) as their URL: terminals make it clickable.
  for (const link of safeLinks(reply.links, 4096)) out.push(`${link.label}: ${link.url}`);
  return out.join('\n');
}
