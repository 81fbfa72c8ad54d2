/**
 * The email receiver (nodemailer over SMTP_URL): HTML with the chart inline
 * (a CID attachment) and a plain-text part; repeats and the resolved notice
 * carry `In-Reply-To` / `References` of the episode's first notice, so mail
 * clients thread them. The Message-ID is derived from the idempotency key,
 * and a key already delivered is dropped. SMTP 4xx and connection failures
 * are retried by the outbox; 5xx (mailbox refused) is not.
 */
import nodemailer from 'nodemailer';
import type { AdapterMemory, Reply } from '../../bot/contracts/chat.ts';
import { DeliveryError, type Notification, type Receiver } from '../lifecycle/index.ts';
import { DELIVERED_TTL_MS, processMemory } from './memory.ts';
import { alertLine, headline, renderAlertChart, type WindowProvider } from './render.ts';

export interface EmailReceiverOptions {
  /** `smtp://user:pass@host:587`, `smtps://…` (SMTP_URL). */
  smtpUrl: string;
  from: string;
  /** Recipients when the rule names none (`email:<address>` entries). */
  to?: readonly string[];
  window?: WindowProvider;
  memory?: AdapterMemory;
  /** Host name in Message-IDs (default datalabs.local). */
  messageIdDomain?: string;
  /** A scheduled report's answer (kind `report`), as for the chat receiver. */
  report?: (n: Notification) => Promise<Reply>;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function createEmailReceiver(o: EmailReceiverOptions): Receiver & { close(): void } {
  const transport = nodemailer.createTransport(o.smtpUrl);
  const memory = o.memory ?? processMemory();
  const domain = o.messageIdDomain ?? 'datalabs.local';
  const msgId = (id: string) => `<${id.replace(/[^A-Za-z0-9._-]/g, '_')}@${domain}>`;

  /** A report by email: its text, the table as text, the chart inline, the SQL. */
  async function sendReport(n: Notification, reply: Reply, to: string[], idempotencyKey: string): Promise<void> {
    const chart = reply.image;
    const subject = `[REPORT] ${n.report?.name ?? ''}: ${reply.text.split('\n')[0]}`.slice(0, 200);
    const html = [
      `<h2 style="font-family:sans-serif">${esc(reply.text.split('\n')[0])}</h2>`,
      ...reply.text.split('\n').slice(1).map((l) => `<p style="font-family:sans-serif">${esc(l)}</p>`),
      reply.table ? `<pre style="font-family:monospace">${esc(reply.table.text)}</pre>` : '',
      chart ? `<p><img src="cid:chart@datalabs" alt="${esc(chart.alt)}" width="${chart.width}" height="${chart.height}"></p>` : '',
      reply.code ? `<pre style="background:#f4f4f4;padding:8px">${esc(reply.code.text)}</pre>` : '',
    ].join('\n');
    try {
      await transport.sendMail({
        from: o.from,
        to,
        subject,
        text: [reply.text, '', reply.table?.text ?? '', ...(reply.code ? ['', reply.code.text] : [])].join('\n'),
        html,
        messageId: msgId(idempotencyKey),
        headers: { 'X-Datalabs-Idempotency-Key': idempotencyKey },
        attachments: chart ? [{ filename: 'chart.png', content: chart.png, contentType: 'image/png', cid: 'chart@datalabs' }] : [],
      });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      throw new DeliveryError(`email: ${(err as Error).message.split('\n')[0]}`, { retryable: code === undefined || code < 500 });
    }
  }

  return {
    async send(n: Notification, { idempotencyKey }) {
      const key = `alerts:email:${idempotencyKey}`;
      if (await memory.get(key)) return;
      const to = (n.commonLabels.email_to ?? n.alerts[0]?.labels.email_to)?.split(',').filter(Boolean) ?? [...(o.to ?? [])];
      if (!to.length) throw new DeliveryError('email: no recipient (receivers: [email:<address>] on the rule, or ALERT_EMAIL_TO)', { retryable: false });
      if (n.kind === 'report') {
        if (!o.report) throw new DeliveryError('email: scheduled reports are not wired to this receiver', { retryable: false });
        await sendReport(n, await o.report(n), to, idempotencyKey);
        await memory.set(key, '1', DELIVERED_TTL_MS);
        return;
      }
      const w = await o.window?.(n).catch(() => undefined);
      const chart = w ? await renderAlertChart(w).catch(() => undefined) : undefined;
      const lines = n.alerts.map((a) => alertLine(n, a));
      const html = [
        `<h2 style="font-family:sans-serif">${esc(headline(n))}</h2>`,
        '<ul style="font-family:sans-serif">',
        ...lines.map((l) => `<li>${esc(l)}</li>`),
        '</ul>',
        chart ? `<p><img src="cid:chart@datalabs" alt="${esc(chart.alt)}" width="${chart.width}" height="${chart.height}"></p>` : '',
        w?.sql ? `<pre style="background:#f4f4f4;padding:8px">${esc(w.sql)}</pre>` : '',
      ].join('\n');
      try {
        await transport.sendMail({
          from: o.from,
          to,
          subject: `[${n.kind === 'resolved' ? 'RESOLVED' : 'ALERT'}] ${headline(n)}`.slice(0, 200),
          text: [headline(n), '', ...lines, ...(w?.sql ? ['', w.sql] : [])].join('\n'),
          html,
          messageId: msgId(idempotencyKey),
          ...(n.threadId !== n.id ? { inReplyTo: msgId(n.threadId), references: [msgId(n.threadId)] } : {}),
          headers: { 'X-Datalabs-Idempotency-Key': idempotencyKey },
          attachments: chart ? [{ filename: 'chart.png', content: chart.png, contentType: 'image/png', cid: 'chart@datalabs' }] : [],
        });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        throw new DeliveryError(`email: ${(err as Error).message.split('\n')[0]}`, { retryable: code === undefined || code < 500 });
      }
      await memory.set(key, '1', DELIVERED_TTL_MS);
    },
    close: () => transport.close(),
  };
}
