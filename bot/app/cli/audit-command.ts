/**
 * `datalabs audit verify [--json]`: walks the audit log's hash chain. Prints
 * `OK` with the number of entries and the head hash (keep it elsewhere: a
 * later verify that prints a different head for the same count means the
 * whole chain was rewritten), or the first broken link, exit code 1.
 */
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { openCliStore } from './open-store.ts';

export const AUDIT_USAGE = 'datalabs audit verify [--json]';

export async function runAudit(ctx: { config: Config; logger: Logger }, args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const [action, ...rest] = args;
  const json = rest.includes('--json');
  const unknown = rest.filter((a) => a !== '--json');
  if (action !== 'verify' || unknown.length) {
    throw new DatalabsError('BAD_INPUT', `${action && action !== 'verify' ? `unknown audit action "${action}"` : unknown.length ? `unexpected "${unknown.join(' ')}"` : 'missing action'}; usage: ${AUDIT_USAGE}`);
  }
  const store = await openCliStore(ctx);
  try {
    const r = await store.audit.verify();
    if (json) {
      out.write(JSON.stringify(r) + '\n');
    } else if (r.ok) {
      out.write(`OK: ${r.count} audit entries chained${r.legacy ? ` (${r.legacy} older entries from before the chain are not covered)` : ''}; head ${r.headHash || '(empty)'}\n`);
    } else {
      out.write(`BROKEN at entry ${r.brokenId === null ? '(none)' : `#${r.brokenId}`}: ${r.reason} (${r.count} entries verified before it)\n`);
    }
    return r.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}
