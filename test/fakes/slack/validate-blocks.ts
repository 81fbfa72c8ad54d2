/**
 * Block Kit validation as Slack's chat.postMessage / chat.update apply it
 * (the subset our messages use, with Slack's published limits). Returns
 * Slack-style error strings (`… [json-pointer:/blocks/3/text]`), empty when valid.
 */

const KNOWN = new Set(['section', 'header', 'context', 'actions', 'divider', 'image', 'rich_text', 'table', 'markdown', 'file', 'input', 'video']);

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function textObject(v: unknown, at: string, max: number, errors: string[], plainOnly = false): void {
  if (!isObj(v)) return void errors.push(`missing required field: text [json-pointer:${at}]`);
  if (v.type !== 'plain_text' && (plainOnly || v.type !== 'mrkdwn')) errors.push(`must be a valid enum value [json-pointer:${at}/type]`);
  if (typeof v.text !== 'string' || v.text.length === 0) errors.push(`must be more than 0 characters [json-pointer:${at}/text]`);
  else if (v.text.length > max) errors.push(`must be less than ${max + 1} characters [json-pointer:${at}/text]`);
}

export function validateBlocks(blocks: unknown): string[] {
  const errors: string[] = [];
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  if (blocks.length > 50) errors.push('no more than 50 items allowed [json-pointer:/blocks]');
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  blocks.forEach((b, i) => {
    const at = `/blocks/${i}`;
    if (!isObj(b)) return void errors.push(`must be an object [json-pointer:${at}]`);
    if (typeof b.type !== 'string' || !KNOWN.has(b.type)) return void errors.push(`unsupported type: ${String(b.type)} [json-pointer:${at}/type]`);
    if (b.block_id !== undefined) {
      if (typeof b.block_id !== 'string' || b.block_id.length > 255) errors.push(`must be less than 256 characters [json-pointer:${at}/block_id]`);
      else if (blockIds.has(b.block_id)) errors.push(`duplicate block_id [json-pointer:${at}/block_id]`);
      else blockIds.add(b.block_id);
    }
    switch (b.type) {
      case 'section':
        if (b.text === undefined && b.fields === undefined) errors.push(`must provide either text or fields [json-pointer:${at}]`);
        if (b.text !== undefined) textObject(b.text, `${at}/text`, 3000, errors);
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields) || b.fields.length > 10) errors.push(`no more than 10 items allowed [json-pointer:${at}/fields]`);
          else b.fields.forEach((f, j) => textObject(f, `${at}/fields/${j}`, 2000, errors));
        }
        break;
      case 'header':
        textObject(b.text, `${at}/text`, 150, errors, true);
        break;
      case 'context':
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10) errors.push(`must have 1 to 10 items [json-pointer:${at}/elements]`);
        else b.elements.forEach((e, j) => (isObj(e) && e.type === 'image' ? undefined : textObject(e, `${at}/elements/${j}`, 3000, errors)));
        break;
      case 'actions':
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25) errors.push(`must have 1 to 25 items [json-pointer:${at}/elements]`);
        else
          b.elements.forEach((e, j) => {
            const eat = `${at}/elements/${j}`;
            if (!isObj(e) || e.type !== 'button') return void errors.push(`unsupported element [json-pointer:${eat}]`);
            textObject(e.text, `${eat}/text`, 75, errors, true);
            if (typeof e.action_id !== 'string' || e.action_id.length > 255) errors.push(`must be less than 256 characters [json-pointer:${eat}/action_id]`);
            else if (actionIds.has(e.action_id)) errors.push(`duplicate action_id [json-pointer:${eat}/action_id]`);
            else actionIds.add(e.action_id);
            if (e.value !== undefined && (typeof e.value !== 'string' || e.value.length > 2000)) errors.push(`must be less than 2001 characters [json-pointer:${eat}/value]`);
          });
        break;
      case 'image':
        if (typeof b.alt_text !== 'string' || b.alt_text.length === 0 || b.alt_text.length > 2000) errors.push(`missing or too long alt_text [json-pointer:${at}/alt_text]`);
        if (b.image_url === undefined && b.slack_file === undefined) errors.push(`must provide image_url or slack_file [json-pointer:${at}]`);
        break;
      default:
        break;
    }
  });
  return errors;
}
