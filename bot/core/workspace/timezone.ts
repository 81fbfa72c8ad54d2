/**
 * The workspace's time zone (`/datalabs admin timezone Europe/Berlin`): an IANA
 * zone as `Intl` knows it, stored in its canonical spelling; scheduled reports
 * without their own `timezone:` run their cron and label their runs in it.
 */
import { DatalabsError } from '../../contracts/errors.ts';

/** The canonical IANA name of `text` (`europe/berlin` → `Europe/Berlin`, `utc` → `UTC`), or a one-line BAD_INPUT error. */
export function parseTimezone(text: string): string {
  const zone = text.trim();
  if (!zone || zone.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(zone)) throw new DatalabsError('BAD_INPUT', `"${zone.slice(0, 64)}" is not a time zone: use an IANA name such as Europe/Berlin, America/New_York or UTC`);
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    // As typed when it is a known spelling (Asia/Kolkata stays, not ICU's Asia/Calcutta); else Intl's.
    const known = ['UTC', ...Intl.supportedValuesOf('timeZone')].find((z) => z.toLowerCase() === zone.toLowerCase());
    return known ?? (/^[A-Z]/.test(zone) && zone.toLowerCase() !== resolved.toLowerCase() ? zone : resolved);
  } catch {
    throw new DatalabsError('BAD_INPUT', `"${zone}" is not a time zone: use an IANA name such as Europe/Berlin, America/New_York or UTC`);
  }
}
