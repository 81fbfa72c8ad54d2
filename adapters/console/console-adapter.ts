/**
 * Console chat: the terminal as a chat platform. On a TTY it shows a prompt
 * with history; without one it answers each stdin line in order and
 * finishes at EOF, so it is scriptable.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatAdapter, ChatMessage, ConversationRef, MessageHandler, Reply, SentRef } from '../../bot/contracts/chat.ts';
import { renderReplyText } from './render-text.ts';

export interface ConsoleAdapterOptions {
  input?: Readable;
  output?: Writable;
  /** Force TTY behaviour on or off (default: the input's isTTY). */
  interactive?: boolean;
  /** File keeping prompt history between runs (TTY only). */
  historyFile?: string;
  /** Directory where CSV exports are written. */
  exportDir?: string;
  userName?: string;
}

export interface ConsoleAdapter extends ChatAdapter {
  /** Resolves when the input ends (EOF, "exit") and every message is answered. */
  readonly finished: Promise<void>;
}

const CONVERSATION: ConversationRef = { platform: 'console', workspaceKey: 'console', channelId: 'console' };

export function createConsoleAdapter(opts: ConsoleAdapterOptions = {}): ConsoleAdapter {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const interactive = opts.interactive ?? Boolean((input as NodeJS.ReadStream).isTTY);
  const color = interactive && Boolean((output as NodeJS.WriteStream).isTTY);
  let counter = 0;
  let rl: readline.Interface | undefined;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));

  function toMessage(line: string): ChatMessage | undefined {
    const text = line.trim();
    if (!text) return undefined;
    const base = { id: `console-${process.pid}-${++counter}`, conversation: CONVERSATION, user: { id: 'console', name: opts.userName }, receivedAt: new Date() };
    const cmd = /^\/(\w+)\s*(.*)$/s.exec(text);
    if (!cmd) return { ...base, kind: 'question', text };
    const [, name, rest] = cmd;
    const lower = name.toLowerCase();
    if (lower === 'help' || lower === 'start') return { ...base, kind: 'help', text: rest };
    if (lower === 'sql') return { ...base, kind: 'sql', text: rest };
    if (lower === 'ask') return { ...base, kind: 'question', text: rest };
    return { ...base, kind: 'command', command: lower, text: rest };
  }

  async function start(onMessage: MessageHandler): Promise<void> {
    const history = interactive && opts.historyFile ? readHistory(opts.historyFile) : [];
    rl = readline.createInterface({ input, output: interactive ? output : undefined, terminal: interactive, history, historySize: 500 });
    if (interactive) {
      output.write('datalabs console — ask a question, send SELECT … or /help; "exit" quits.\n');
      rl.setPrompt(color ? '\x1b[1mask>\x1b[0m ' : 'ask> ');
      rl.prompt();
    }
    const queue: string[] = [];
    let busy = false;
    let ended = false;
    const pump = async (): Promise<void> => {
      if (busy) return;
      busy = true;
      while (queue.length) {
        const line = queue.shift()!;
        if (/^(exit|quit|\\q)$/i.test(line.trim())) {
          rl?.close();
          queue.length = 0;
          break;
        }
        const message = toMessage(line);
        if (message) {
          try {
            await onMessage(message);
          } catch (err) {
            output.write(`error: ${(err as Error).message.split('\n')[0]}\n`);
          }
        }
        if (interactive && !ended) rl?.prompt();
      }
      busy = false;
      if (ended) finish();
    };
    const finish = () => {
      if (opts.historyFile && interactive && rl) writeHistory(opts.historyFile, (rl as any).history ?? []);
      resolveFinished();
    };
    rl.on('line', (line) => {
      queue.push(line);
      void pump();
    });
    rl.on('close', () => {
      ended = true;
      if (!busy) finish();
    });
  }

  async function send(_to: ConversationRef, reply: Reply): Promise<SentRef> {
    let file: string | undefined;
    if (reply.file && opts.exportDir) {
      fs.mkdirSync(opts.exportDir, { recursive: true });
      file = `${opts.exportDir}/${reply.file.name}`;
      fs.writeFileSync(file, reply.file.data);
    }
    output.write(renderReplyText(reply, { color, inlineImages: interactive && supportsInlineImages(), savedFile: file }) + '\n');
    return { conversation: CONVERSATION, messageId: String(counter) };
  }

  return {
    platform: 'console',
    capabilities: { images: true, buttons: false, threads: false, editMessages: false, files: true, privateReplies: 'local' },
    finished,
    start,
    async stop() {
      rl?.close();
    },
    send,
  };
}

function supportsInlineImages(): boolean {
  return process.env.TERM_PROGRAM === 'iTerm.app' || process.env.TERM_PROGRAM === 'WezTerm';
}

function readHistory(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, 500);
  } catch {
    return [];
  }
}

function writeHistory(file: string, history: string[]): void {
  try {
    fs.writeFileSync(file, [...history].reverse().slice(-500).join('\n') + '\n');
  } catch {
    /* history is a convenience; never fail a session over it */
  }
}
