/**
 * What the real Discord API rejects, with its error JSON: over-long content
 * and embeds, empty messages, malformed components, missing required fields.
 * Shapes follow Discord's "Invalid Form Body" (code 50035) nested `_errors`.
 */

export interface DiscordErrorBody {
  message: string;
  code: number;
  errors?: Record<string, unknown>;
}

export class DiscordHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: DiscordErrorBody,
  ) {
    super(body.message);
  }
}

type ErrorTree = { _errors?: { code: string; message: string }[]; [key: string]: unknown };

function put(tree: ErrorTree, path: (string | number)[], code: string, message: string): void {
  let node: ErrorTree = tree;
  for (const key of path) {
    const k = String(key);
    node[k] = (node[k] as ErrorTree | undefined) ?? {};
    node = node[k] as ErrorTree;
  }
  (node._errors ??= []).push({ code, message });
}

export function formError(tree: ErrorTree): DiscordHttpError {
  return new DiscordHttpError(400, { message: 'Invalid Form Body', code: 50035, errors: tree });
}

function checkLength(tree: ErrorTree, path: (string | number)[], value: unknown, max: number, min = 0): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') {
    put(tree, path, 'STRING_TYPE_CONVERT', 'Could not interpret value as string.');
    return;
  }
  if (value.length > max) put(tree, path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  if (value.length < min) put(tree, path, 'BASE_TYPE_MIN_LENGTH', `Must be ${min} or more in length.`);
}

function embedSize(e: Record<string, any>): number {
  const len = (s: unknown) => (typeof s === 'string' ? s.length : 0);
  return (
    len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name) +
    (Array.isArray(e.fields) ? e.fields.reduce((n: number, f: any) => n + len(f?.name) + len(f?.value), 0) : 0)
  );
}

export interface MessageCheckOptions {
  /** Number of files uploaded with the request. */
  files: number;
  /** Attachments the message already has (edits keep them). */
  existingAttachments?: number;
  /** Edits may omit everything (only what is present is checked). */
  edit?: boolean;
}

/** Throws a DiscordHttpError for a message body Discord would refuse. */
export function validateMessageBody(body: Record<string, any>, opts: MessageCheckOptions): void {
  const tree: ErrorTree = {};
  checkLength(tree, ['content'], body.content, 2000);
  const embeds: unknown = body.embeds;
  if (embeds !== undefined && embeds !== null) {
    if (!Array.isArray(embeds)) put(tree, ['embeds'], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    else {
      if (embeds.length > 10) put(tree, ['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
      embeds.forEach((e: Record<string, any>, i) => {
        checkLength(tree, ['embeds', i, 'title'], e.title, 256);
        checkLength(tree, ['embeds', i, 'description'], e.description, 4096);
        checkLength(tree, ['embeds', i, 'footer', 'text'], e.footer?.text, 2048);
        if (e.footer && typeof e.footer.text !== 'string') put(tree, ['embeds', i, 'footer', 'text'], 'BASE_TYPE_REQUIRED', 'This field is required');
        if (Array.isArray(e.fields)) {
          if (e.fields.length > 25) put(tree, ['embeds', i, 'fields'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
          e.fields.forEach((f: Record<string, any>, j: number) => {
            if (typeof f.name !== 'string') put(tree, ['embeds', i, 'fields', j, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
            if (typeof f.value !== 'string') put(tree, ['embeds', i, 'fields', j, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
            checkLength(tree, ['embeds', i, 'fields', j, 'name'], f.name, 256, 1);
            checkLength(tree, ['embeds', i, 'fields', j, 'value'], f.value, 1024, 1);
          });
        }
        if (e.color !== undefined && (!Number.isInteger(e.color) || e.color < 0 || e.color > 0xffffff)) put(tree, ['embeds', i, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
        if (e.image !== undefined && typeof e.image?.url !== 'string') put(tree, ['embeds', i, 'image', 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
      });
      const total = embeds.reduce((n: number, e: Record<string, any>) => n + embedSize(e), 0);
      if (total > 6000) put(tree, ['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
    }
  }
  validateComponents(tree, body.components);
  if (Object.keys(tree).length) throw formError(tree);
  if (!opts.edit) {
    const empty =
      !(typeof body.content === 'string' && body.content.length > 0) &&
      !(Array.isArray(body.embeds) && body.embeds.length > 0) &&
      !(Array.isArray(body.components) && body.components.length > 0) &&
      opts.files === 0 &&
      !body.sticker_ids?.length &&
      !body.poll;
    if (empty) throw new DiscordHttpError(400, { message: 'Cannot send an empty message', code: 50006 });
  }
}

function validateComponents(tree: ErrorTree, rows: unknown): void {
  if (rows === undefined || rows === null) return;
  if (!Array.isArray(rows)) {
    put(tree, ['components'], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return;
  }
  if (rows.length > 5) put(tree, ['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  const ids = new Set<string>();
  rows.forEach((row: Record<string, any>, i) => {
    if (row?.type !== 1) put(tree, ['components', i, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1}.');
    if (!Array.isArray(row?.components)) {
      put(tree, ['components', i, 'components'], 'BASE_TYPE_REQUIRED', 'This field is required');
      return;
    }
    if (row.components.length > 5) put(tree, ['components', i, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    row.components.forEach((b: Record<string, any>, j: number) => {
      const at = ['components', i, 'components', j];
      if (b?.type !== 2) return; // only buttons are checked closely
      if (!Number.isInteger(b.style) || b.style < 1 || b.style > 6) put(tree, [...at, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6}.');
      checkLength(tree, [...at, 'label'], b.label, 80);
      if (b.style === 5) {
        if (typeof b.url !== 'string') put(tree, [...at, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
      } else if (b.style !== 6) {
        if (typeof b.custom_id !== 'string') put(tree, [...at, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
        else {
          checkLength(tree, [...at, 'custom_id'], b.custom_id, 100, 1);
          if (ids.has(b.custom_id)) put(tree, [...at, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
          ids.add(b.custom_id);
        }
      }
    });
  });
}

const COMMAND_NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

/** Validates an application command definition (bulk overwrite item). */
export function validateCommand(cmd: Record<string, any>, i: number, tree: ErrorTree): void {
  if (typeof cmd?.name !== 'string') put(tree, [i, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
  else if (!COMMAND_NAME.test(cmd.name) || cmd.name !== cmd.name.toLowerCase()) put(tree, [i, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  const type = cmd?.type ?? 1;
  if (type === 1) {
    if (typeof cmd?.description !== 'string') put(tree, [i, 'description'], 'BASE_TYPE_REQUIRED', 'This field is required');
    else checkLength(tree, [i, 'description'], cmd.description, 100, 1);
  }
  if (Array.isArray(cmd?.options)) {
    if (cmd.options.length > 25) put(tree, [i, 'options'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    let seenOptional = false;
    cmd.options.forEach((o: Record<string, any>, j: number) => {
      if (!Number.isInteger(o?.type)) put(tree, [i, 'options', j, 'type'], 'BASE_TYPE_REQUIRED', 'This field is required');
      if (typeof o?.name !== 'string' || !COMMAND_NAME.test(o.name)) put(tree, [i, 'options', j, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
      if (typeof o?.description !== 'string') put(tree, [i, 'options', j, 'description'], 'BASE_TYPE_REQUIRED', 'This field is required');
      else checkLength(tree, [i, 'options', j, 'description'], o.description, 100, 1);
      if (o?.required && seenOptional) put(tree, [i, 'options'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
      if (!o?.required) seenOptional = true;
    });
  }
}
