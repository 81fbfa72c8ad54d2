/**
 * Time words read in a time zone. The agent resolves periods on the zone's
 * wall clock — `now` is moved to the zone's local time and every calendar rule
 * of time-phrases.ts (start of day, ISO week, month…) runs on it unchanged —
 * and the compiler turns the wall-clock bounds back into UTC instants for the
 * SQL literals (`toDateTime('<UTC>', 'UTC')` of the zone's local midnight) and
 * buckets rows with the zone's calendar (`toDate(col, 'Europe/Berlin')`).
 * No zone (or UTC) changes nothing.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(tz, f);
  }
  return f;
}

/**
 * The IANA zone as Intl spells it, or undefined for UTC (nothing to do); a name Intl does not know is refused
 * in one line (BAD_INPUT).
 */
export function checkTimeZone(tz: string | undefined): string | undefined {
  if (tz === undefined || tz === '') return undefined;
  let name: string;
  try {
    name = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    throw new DatalabsError('BAD_INPUT', `"${tz}" is not a time zone: use an IANA name such as Europe/Berlin`);
  }
  return name === 'UTC' || name === 'Etc/UTC' || name === 'Etc/GMT' ? undefined : name;
}

/** For display: the zone when the runtime knows it, else 'UTC' (unset, misspelt, or removed from the runtime's tz data); never throws. */
export function zoneOrUtc(tz: string | null | undefined): string {
  if (!tz) return 'UTC';
  try {
    return checkTimeZone(tz) ?? 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The zone's local wall-clock time at `instant`, as a Date whose UTC fields are that wall-clock time. */
export function wallClock(instant: Date, tz: string): Date {
  const parts: Record<string, number> = {};
  for (const p of formatOf(tz).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return new Date(Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, instant.getUTCMilliseconds()));
}

/**
 * The UTC instant of a wall-clock time of the zone (a Date whose UTC fields are that wall-clock time). A time
 * skipped by a DST change (02:30 on the spring-forward night) is moved forward by the gap (03:30); a time that
 * occurs twice, to its first occurrence.
 */
export function fromWallClock(wall: Date, tz: string): Date {
  const w = wall.getTime();
  const offset = (t: number): number => wallClock(new Date(t), tz).getTime() - t;
  // The zone's offsets half a day either side cover both sides of any DST change near `wall`.
  const candidates = [...new Set([offset(w - 43_200_000), offset(w), offset(w + 43_200_000)])].map((o) => w - o);
  // Every candidate that reads back as `wall` is valid; the earliest is the first occurrence.
  const exact = candidates.filter((t) => wallClock(new Date(t), tz).getTime() === w);
  // None does: `wall` is in a gap; read with the offset before the change, it lands the gap's length later.
  return new Date(exact.length ? Math.min(...exact) : w - offset(w - 43_200_000));
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** 'YYYY-MM-DD HH:MM:SS' on the zone's wall clock → the same instant as 'YYYY-MM-DD HH:MM:SS' in UTC. */
export function wallClockToUtc(text: string, tz: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new DatalabsError('BAD_INPUT', `"${text}" is not a time written YYYY-MM-DD HH:MM:SS`);
  const d = fromWallClock(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])), tz);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** The zone's abbreviations and offset at `instant` as people write them ("CET", "PST", "GMT+1"; UTC as "UTC" and "GMT"). */
function namesOf(tz: string, instant: Date): { names: Set<string>; offsetMinutes: number } {
  const names = new Set<string>([tz.toUpperCase()]);
  for (const locale of ['en-US', 'en-GB']) {
    const part = new Intl.DateTimeFormat(locale, { timeZone: tz, timeZoneName: 'short' }).formatToParts(instant).find((p) => p.type === 'timeZoneName');
    if (part) names.add(part.value.toUpperCase());
  }
  const offsetMinutes = Math.round((wallClock(instant, tz).getTime() - instant.getTime()) / 60_000);
  if (offsetMinutes === 0) names.add('UTC').add('GMT');
  return { names, offsetMinutes };
}

/**
 * Whether a zone named in a question ("UTC", "PST", "UTC+2", "Europe/Berlin") is the zone `tz` (absent: UTC) at
 * `instant`: the same IANA name, one of its abbreviations then, or its offset then written as UTC±h.
 */
export function isZoneNamed(named: string, tz: string | undefined, instant: Date): boolean {
  const zone = tz ?? 'UTC';
  const { names, offsetMinutes } = namesOf(zone, instant);
  if (names.has(named.toUpperCase())) return true;
  if (named.includes('/')) {
    try { return (checkTimeZone(named) ?? 'UTC') === zone; } catch { return false; }
  }
  const off = /^UTC([+-])(\d{1,2})(?::(\d{2}))?$/.exec(named);
  return !!off && (off[1] === '-' ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3] ?? 0)) === offsetMinutes;
}
