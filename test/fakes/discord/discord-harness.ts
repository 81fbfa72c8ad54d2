/**
 * Drives the Discord adapter (real discord.js) against the fake Discord,
 * through the inbound pipeline as `serve` wires it (`createInboundRig`:
 * record → queue → `app.core.answer`), and reports what a user would see:
 * the interaction's original response, its embeds, attachments and buttons.
 */
import type { ActionId, AdapterMemory, ChatAdapter, ChatMessage } from '../../../bot/contracts/chat.ts';
import type { Logger } from '../../../bot/contracts/logger.ts';
import type { App } from '../../../bot/app/create-app.ts';
import { createDiscordAdapter, type DiscordAdapterOptions } from '../../../adapters/discord/index.ts';
import { createProcessAdapterMemory } from '../../../bot/infra/adapter-memory.ts';
import type { AdapterHarness, Observed } from '../../adapters/contract.ts';
import { createInboundRig, type InboundRig } from '../../support/inbound-rig.ts';
import type { TestApp } from '../../support/test-app.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type FakeInteraction, type FakeMessage } from './fake-discord.ts';

export interface DiscordHarness extends AdapterHarness {
  readonly fake: FakeDiscord;
  /** Every ChatMessage the adapter produced, in order. */
  readonly received: ChatMessage[];
  /** The AdapterMemory the adapter was built with (the app's store's when it has one). */
  readonly memory: AdapterMemory;
  readonly rig: InboundRig;
  /** Waits until the message with this id has been answered (or given up). */
  handled(id: string): Promise<ChatMessage>;
  /** Observes the bot messages created since `marker` (a `fake.messages.size`) in `channelId`. */
  observe(channelId: string, marker: number): Observed;
}

const WAIT_MS = 30_000;
const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => SILENT };

export function createDiscordHarness(fakeOptions: FakeDiscordOptions = {}, adapterOptions: Partial<DiscordAdapterOptions> = {}): DiscordHarness {
  let fake: FakeDiscord | undefined;
  let adapter: ChatAdapter | undefined;
  let rig: InboundRig | undefined;
  let memory: AdapterMemory | undefined;
  const received: ChatMessage[] = [];

  async function handled(id: string): Promise<ChatMessage> {
    const until = Date.now() + WAIT_MS;
    while (!received.some((m) => m.id === id)) {
      if (Date.now() > until) throw new Error(`the adapter never delivered message ${id}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        rig!.answered(id),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`message ${id} was never answered`)), WAIT_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
    return received.find((m) => m.id === id)!;
  }

  function toObserved(msgs: FakeMessage[]): Observed {
    const text: string[] = [];
    let images = 0;
    const files: string[] = [];
    const buttons: ActionId[] = [];
    for (const m of msgs) {
      if (m.content) text.push(m.content);
      for (const e of m.embeds) {
        for (const part of [e.title, e.description, ...(e.fields ?? []).flatMap((f: { name: string; value: string }) => [f.name, f.value]), e.footer?.text]) if (part) text.push(part);
      }
      for (const a of m.attachments) {
        if (a.content_type.startsWith('image/')) images++;
        else files.push(a.filename);
      }
      for (const row of m.components) for (const c of row.components) if (c.custom_id) buttons.push(String(c.custom_id).split(':')[0] as ActionId);
    }
    return { text: text.join('\n'), images, files, buttons, messages: msgs.length, handle: msgs[0] };
  }

  function observe(channelId: string, marker: number): Observed {
    const f = fake!;
    const msgs = [...f.messages.values()].slice(marker).filter((m) => m.channel_id === channelId && m.author.id === f.bot.id);
    return toObserved(msgs);
  }

  async function run(start: () => FakeInteraction): Promise<Observed> {
    const marker = fake!.messages.size;
    const interaction = start();
    await handled(interaction.id);
    return observe(interaction.channelId, marker);
  }

  return {
    get adapter(): ChatAdapter {
      if (!adapter) throw new Error('harness not started');
      return adapter;
    },
    get fake(): FakeDiscord {
      if (!fake) throw new Error('harness not started');
      return fake;
    },
    get memory(): AdapterMemory {
      if (!memory) throw new Error('harness not started');
      return memory;
    },
    get rig(): InboundRig {
      if (!rig) throw new Error('harness not started');
      return rig;
    },
    received,
    handled,
    observe,
    async start(app: TestApp) {
      fake = await startFakeDiscord(fakeOptions);
      memory = adapterOptions.memory ?? app.store?.adapterMemory ?? createProcessAdapterMemory();
      const a = createDiscordAdapter({ token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, ...adapterOptions, memory });
      adapter = a;
      // Stand-in apps in tests may bring no logger; the rig needs one.
      const r = createInboundRig((app.logger ? app : { ...app, logger: SILENT }) as App, [a]);
      rig = r;
      await a.start(async (message) => {
        received.push(message);
        await r.receive(message);
      });
    },
    ask: (text) => run(() => fake!.slashCommand('ask', { question: text })),
    sql: (query) => run(() => fake!.slashCommand('sql', { query })),
    help: () => run(() => fake!.slashCommand('help')),
    async press(answer: Observed, actionId: ActionId) {
      const msg = answer.handle as FakeMessage;
      const button = msg.components.flatMap((r) => r.components).find((c) => String(c.custom_id).startsWith(`${actionId}:`));
      if (!button) throw new Error(`no ${actionId} button on message ${msg.id}`);
      return run(() => fake!.clickButton(msg.id, String(button.custom_id)));
    },
    async stop() {
      await adapter?.stop();
      await rig?.close();
      await fake?.close();
    },
  };
}
