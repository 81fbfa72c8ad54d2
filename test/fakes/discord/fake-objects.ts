/** Discord API v10 object shapes the fake stores and serves. */

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  bot?: boolean;
}

export interface FakeChannel {
  id: string;
  /** 0 text, 1 DM, 5 announcement, 10/11 threads. */
  type: number;
  /** Absent for DM channels. */
  guild_id?: string;
  name: string;
  /** DM channels: the other person. */
  recipients?: FakeUser[];
  parent_id?: string;
  owner_id?: string;
  auto_archive_duration?: number;
}

export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  content_type: string;
  description?: string;
  /** The uploaded bytes (not part of Discord's JSON). */
  data: Buffer;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: FakeUser;
  content: string;
  embeds: Record<string, any>[];
  components: { type: number; components: Record<string, any>[] }[];
  attachments: FakeAttachment[];
  flags: number;
  timestamp: string;
  edited_timestamp: string | null;
  type: number;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Record<string, unknown>;
  /** Thread started from this message. */
  thread_id?: string;
}

export function memberJson(user: FakeUser): Record<string, unknown> {
  return { user, roles: [], joined_at: '2025-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0, nick: null, avatar: null, premium_since: null, pending: false, communication_disabled_until: null };
}

export function channelJson(ch: FakeChannel): Record<string, unknown> {
  if (ch.type === 1) return { id: ch.id, type: 1, last_message_id: null, flags: 0, recipients: ch.recipients ?? [] };
  return { id: ch.id, type: ch.type, guild_id: ch.guild_id, name: ch.name, position: 0, permission_overwrites: [], parent_id: ch.parent_id ?? null, topic: null, nsfw: false, last_message_id: null, rate_limit_per_user: 0, flags: 0 };
}

export function threadJson(ch: FakeChannel): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    id: ch.id, type: ch.type, guild_id: ch.guild_id, name: ch.name, parent_id: ch.parent_id, owner_id: ch.owner_id, last_message_id: null,
    message_count: 0, member_count: 1, rate_limit_per_user: 0, total_message_sent: 0, flags: 0,
    thread_metadata: { archived: false, auto_archive_duration: ch.auto_archive_duration ?? 4320, archive_timestamp: now, locked: false, create_timestamp: now },
  };
}

export function messageJson(m: FakeMessage): Record<string, unknown> {
  return {
    id: m.id, channel_id: m.channel_id, ...(m.guild_id ? { guild_id: m.guild_id } : {}), author: m.author, content: m.content,
    timestamp: m.timestamp, edited_timestamp: m.edited_timestamp, tts: false, mention_everyone: false, mentions: [], mention_roles: [],
    attachments: m.attachments.map(({ data: _data, ...a }) => ({ ...a, url: `https://cdn.discordapp.test/attachments/${m.channel_id}/${a.id}/${a.filename}`, proxy_url: `https://media.discordapp.test/attachments/${m.channel_id}/${a.id}/${a.filename}` })),
    embeds: m.embeds, components: m.components, pinned: false, type: m.type, flags: m.flags,
    ...(m.webhook_id ? { webhook_id: m.webhook_id } : {}),
    ...(m.application_id ? { application_id: m.application_id } : {}),
    ...(m.interaction_metadata ? { interaction_metadata: m.interaction_metadata } : {}),
  };
}

export function guildCreatePayload(guildId: string, bot: FakeUser, channels: FakeChannel[]): Record<string, unknown> {
  const plain = (ch: FakeChannel) => {
    const { guild_id: _g, ...rest } = (ch.type === 10 || ch.type === 11 ? threadJson(ch) : channelJson(ch)) as Record<string, unknown> & { guild_id?: string };
    return rest;
  };
  return {
    id: guildId, name: 'datalabs test', icon: null, splash: null, discovery_splash: null, banner: null, description: null, owner_id: '300000000000000001',
    afk_channel_id: null, afk_timeout: 300, verification_level: 0, default_message_notifications: 0, explicit_content_filter: 0, mfa_level: 0,
    roles: [{ id: guildId, name: '@everyone', color: 0, hoist: false, position: 0, permissions: '2248473465835073', managed: false, mentionable: false, flags: 0 }],
    emojis: [], stickers: [], features: [], application_id: null, system_channel_id: null, system_channel_flags: 0, rules_channel_id: null,
    public_updates_channel_id: null, vanity_url_code: null, premium_tier: 0, premium_subscription_count: 0, preferred_locale: 'en-US', nsfw_level: 0,
    premium_progress_bar_enabled: false, max_members: 500000, joined_at: '2025-01-01T00:00:00.000Z', large: false, unavailable: false, member_count: 2,
    voice_states: [], members: [memberJson(bot)], presences: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
    channels: channels.filter((c) => c.type !== 10 && c.type !== 11).map(plain),
    threads: channels.filter((c) => c.type === 10 || c.type === 11).map((c) => ({ ...plain(c), guild_id: guildId })),
  };
}
