/**
 * The chat commands, declared once for every platform. Adapters build their
 * registrations from this list (Telegram `setMyCommands`, Discord application
 * commands; the Slack manifest in deploy/ lists the `slash` ones) and the core
 * parses the workspace ones. A platform with one command (`/datalabs` on Slack
 * and Discord) reaches the others as sub-commands: `/datalabs history 5`.
 */

/** One command: its name without the slash, what it does, and the text it takes. */
export interface CommandSpec {
  name: string;
  /** One line for the platform's command menu (≤ 100 characters: Discord's limit). */
  description: string;
  /** The free text after the command, when it takes one: the option's name and an example. */
  text?: { option: string; example: string; required: boolean; maxLength: number };
  /** Registered as its own slash command on Slack and Discord (the rest go through `/datalabs`). */
  slash: boolean;
}

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'ask', description: 'Ask a question about the data; answers with a table, a chart and the SQL', text: { option: 'question', example: 'revenue by month', required: true, maxLength: 1000 }, slash: true },
  { name: 'sql', description: 'Run a read-only SELECT on the allow-listed tables', text: { option: 'query', example: 'SELECT …', required: true, maxLength: 4000 }, slash: true },
  { name: 'help', description: 'How to ask questions and send SQL, with examples', slash: true },
  { name: 'datalabs', description: 'Workspace: setup, admin …, whoami, history, rerun, save, saved, run', text: { option: 'command', example: 'setup Shop · admin grant <user> analyst · history', required: true, maxLength: 1000 }, slash: true },
  { name: 'history', description: 'Latest questions; /rerun <id> runs one again', text: { option: 'count', example: '5', required: false, maxLength: 10 }, slash: false },
  { name: 'rerun', description: 'Run a question from the history again', text: { option: 'id', example: '12', required: true, maxLength: 20 }, slash: false },
  { name: 'save', description: 'Save the last answer under a name', text: { option: 'name', example: 'weekly-revenue', required: true, maxLength: 64 }, slash: false },
  { name: 'saved', description: 'Saved queries; /run <name> runs one', slash: false },
  { name: 'unsave', description: 'Delete a saved query', text: { option: 'name', example: 'weekly-revenue', required: true, maxLength: 64 }, slash: false },
  { name: 'run', description: 'Run a saved query', text: { option: 'name', example: 'weekly-revenue', required: true, maxLength: 64 }, slash: false },
  { name: 'alert', description: 'Alert on a question or SQL (backtested first); pause|resume|delete <name>', text: { option: 'rule', example: 'refund rate on mobile above 10% every 1h', required: true, maxLength: 4000 }, slash: false },
  { name: 'alerts', description: "The workspace's alert rules and their states", slash: false },
  { name: 'report', description: 'Post a question as a report on a schedule: /report revenue by week every monday 9:00', text: { option: 'report', example: 'revenue by week every monday 9:00', required: true, maxLength: 4000 }, slash: false },
  { name: 'design', description: 'Propose ClickHouse tables for a requirement; admins apply them with a button', text: { option: 'requirement', example: 'an events table with timestamp, user_id, event_type; keep 90 days', required: true, maxLength: 2000 }, slash: false },
  { name: 'usage', description: "Claude's tokens and estimated cost this month, and the workspace's budget", slash: false },
  { name: 'web', description: 'A one-time link that signs you in to the workspace console in the browser', slash: false },
];

/** Every command the bot offers (the list above): in a group chat, `/design` without `@bot` is still ours. */
export const CHAT_COMMAND_NAMES: ReadonlySet<string> = new Set(COMMANDS.map((c) => c.name));

/** Commands the workspace service answers (directly, or as `/datalabs <sub-command>`). */
export const WORKSPACE_COMMAND_NAMES: ReadonlySet<string> = new Set(['datalabs', 'history', 'rerun', 'save', 'saved', 'unsave', 'run']);

/** Sub-commands `/datalabs <name> …` stands for on platforms with one command. */
export const DATALABS_SUBCOMMANDS: ReadonlySet<string> = new Set(['usage', 'web', 'history', 'rerun', 'save', 'saved', 'unsave', 'run', 'alert', 'alerts', 'report', 'design']);

/** Commands the alerting chat handler answers (directly, or as `/datalabs alert …`). */
export const ALERT_COMMAND_NAMES: ReadonlySet<string> = new Set(['alert', 'alerts', 'report']);

/** The command the designer chat handler answers (directly, or as `/datalabs design …`). */
export const DESIGN_COMMAND_NAME = 'design';
