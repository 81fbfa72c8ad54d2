/**
 * `datalabs anomaly detect --input FILE.csv|- [--period auto|hour|day|week|<n>]
 * [--sensitivity low|medium|high] [--min-volume <x>] [--json]`: reads `ts,value`
 * rows (header optional) and prints the anomalies the detector finds. It only
 * reads a file: no config, warehouse or metadata store is opened.
 *
 * Exit codes: 0 done (with or without anomalies), 2 bad usage or bad input —
 * one line on stderr, or `{"error":{"code","message"}}` on stdout with --json.
 */
import fs from 'node:fs';
import { detectAnomalies, SeriesInputError, type Anomaly, type PeriodSpec, type Sensitivity, type SeriesPoint } from '../../../alerts/anomaly/detect-anomalies.ts';

export const ANOMALY_USAGE =
  'datalabs anomaly detect --input FILE.csv|- [--period auto|hour|day|week|<n>] [--sensitivity low|medium|high] [--min-volume <x>] [--json]';

/** Bad usage or input: exit code 2. */
class UsageError extends Error {}

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  readStdin: () => Promise<string>;
}

const defaultIo: Io = {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  },
};

interface DetectArgs {
  input: string;
  period: PeriodSpec;
  sensitivity: Sensitivity;
  minVolume: number;
  json: boolean;
}

/** Runs `anomaly <args…>`; returns the exit code. Never throws. */
export async function runAnomaly(args: string[], io: Io = defaultIo): Promise<number> {
  const json = args.includes('--json');
  try {
    if (args.length === 0 || args[0] === 'help' || args.includes('--help') || args.includes('-h')) {
      (args.length === 0 ? io.stderr : io.stdout).write(`usage: ${ANOMALY_USAGE}\n`);
      return args.length === 0 ? 2 : 0;
    }
    const opts = parseDetectArgs(args);
    const text = opts.input === '-' ? await io.readStdin() : readInput(opts.input);
    const rows = parseCsv(text);
    const points: SeriesPoint[] = rows.map((r) => ({ tsMs: r.tsMs, value: r.value }));
    const result = detectAnomalies(points, { period: opts.period, sensitivity: opts.sensitivity, minVolume: opts.minVolume });
    if (opts.json) {
      io.stdout.write(JSON.stringify({ anomalies: result.anomalies.map((a) => toJson(a, rows[a.index].ts)) }) + '\n');
    } else {
      io.stdout.write(renderTable(result.anomalies, rows, result.periodPoints, opts.sensitivity));
    }
    return 0;
  } catch (err) {
    if (!(err instanceof UsageError || err instanceof SeriesInputError)) throw err;
    const message = err.message.split('\n')[0];
    if (json) io.stdout.write(JSON.stringify({ error: { code: 'BAD_INPUT', message } }) + '\n');
    else io.stderr.write(`datalabs: ${message}\n`);
    return 2;
  }
}

function parseDetectArgs(args: string[]): DetectArgs {
  const [action, ...rest] = args;
  if (action !== 'detect') throw new UsageError(`${action.startsWith('-') ? 'missing action' : `unknown anomaly action "${action}"`}; usage: ${ANOMALY_USAGE}`);
  const out: DetectArgs = { input: '', period: 'auto', sensitivity: 'medium', minVolume: 0, json: false };
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = rest[i].startsWith('--') && rest[i].includes('=') ? [rest[i].slice(0, rest[i].indexOf('=')), rest[i].slice(rest[i].indexOf('=') + 1)] : [rest[i], undefined];
    if (flag === '--json') {
      out.json = true;
      continue;
    }
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined || (v.startsWith('--') && inline === undefined)) throw new UsageError(`${flag} needs a value; usage: ${ANOMALY_USAGE}`);
      return v;
    };
    if (flag === '--input') out.input = value();
    else if (flag === '--period') out.period = parsePeriod(value());
    else if (flag === '--sensitivity') {
      const v = value();
      if (v !== 'low' && v !== 'medium' && v !== 'high') throw new UsageError(`--sensitivity must be low, medium or high, not "${v}"`);
      out.sensitivity = v;
    } else if (flag === '--min-volume') {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 0) throw new UsageError('--min-volume must be a number ≥ 0');
      out.minVolume = v;
    } else throw new UsageError(`unexpected "${rest[i]}"; usage: ${ANOMALY_USAGE}`);
  }
  if (!out.input) throw new UsageError(`--input is required (a CSV file, or - for stdin); usage: ${ANOMALY_USAGE}`);
  return out;
}

function parsePeriod(v: string): PeriodSpec {
  if (v === 'auto' || v === 'hour' || v === 'day' || v === 'week') return v;
  if (/^\d+$/.test(v) && Number(v) >= 1) return Number(v);
  throw new UsageError(`--period must be auto, hour, day, week or a whole number of points, not "${v}"`);
}

function readInput(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${file}` : code === 'EISDIR' ? `${file} is a directory, not a CSV file` : `cannot read ${file} (${code ?? 'error'})`);
  }
}

/** One parsed row: the timestamp as written, in epoch ms, and the value (NaN when empty). */
export interface CsvRow {
  ts: string;
  tsMs: number;
  value: number;
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses a timestamp: ISO 8601 dates and date-times (UTC unless a zone is
 * given; a space may replace the T) or epoch seconds / milliseconds. NaN for
 * anything else — Date.parse alone accepts too much ("1" is the year 2001).
 */
export function parseTimestamp(s: string): number {
  if (/^-?\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return Math.abs(n) < 1e11 ? n * 1000 : n;
  }
  const m = ISO_RE.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${sec}${frac}${zone ? (zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone) : 'Z'}`;
  const ms = Date.parse(iso);
  // Date.parse rolls 2025-02-30 over to March; a date that does not round-trip is not a date.
  if (!Number.isFinite(ms) || new Date(Date.UTC(+y, +mo - 1, +d)).getUTCDate() !== +d) return NaN;
  return ms;
}

/** Parses `ts,value` rows (comma, semicolon or tab; an optional header line; blank lines skipped). */
export function parseCsv(text: string): CsvRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows: CsvRow[] = [];
  let headerSeen = false;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li].trim();
    if (!line) continue;
    const cells = line.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1').trim());
    if (cells.length < 2) throw new UsageError(`line ${li + 1}: expected "ts,value", got "${truncate(line)}"`);
    const tsMs = parseTimestamp(cells[0]);
    const raw = cells[1];
    const value = raw === '' || /^(na|nan|null)$/i.test(raw) ? NaN : Number(raw);
    if (rows.length === 0 && !headerSeen && !Number.isFinite(tsMs) && !/^-?[\d.]+$/.test(raw)) {
      headerSeen = true; // a header line
      continue;
    }
    if (!Number.isFinite(tsMs)) throw new UsageError(`line ${li + 1}: cannot read the timestamp "${truncate(cells[0])}" (use ISO 8601 like 2025-06-30T14:00:00Z, or epoch seconds)`);
    if (Number.isNaN(value) && raw !== '' && !/^(na|nan|null)$/i.test(raw)) throw new UsageError(`line ${li + 1}: cannot read the number "${truncate(raw)}"`);
    if (!Number.isNaN(value) && !Number.isFinite(value)) throw new UsageError(`line ${li + 1}: the value "${truncate(raw)}" is not a finite number`);
    rows.push({ ts: cells[0], tsMs, value });
  }
  if (rows.length === 0) throw new UsageError('no data rows: expected lines of "ts,value"');
  return rows;
}

const truncate = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** Rounds for output: 2 decimals for ordinary magnitudes, 6 significant digits for small ones. */
function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  return Math.abs(x) >= 1 ? Math.round(x * 100) / 100 : Number(x.toPrecision(6));
}

function toJson(a: Anomaly, ts: string) {
  return { ts, value: round(a.value), score: round(a.score), expected: round(a.expected), lower: round(a.lower), upper: round(a.upper), direction: a.direction, kind: a.kind };
}

function renderTable(anomalies: Anomaly[], rows: CsvRow[], period: number, sensitivity: Sensitivity): string {
  const head = `${rows.length} points, period ${period === 1 ? 'none' : `${period} points`}, sensitivity ${sensitivity}: `;
  if (anomalies.length === 0) return `${head}no anomalies\n`;
  const table = [['ts', 'kind', 'value', 'expected', 'band', 'score'], ...anomalies.map((a) => [rows[a.index].ts, `${a.kind} (${a.direction})`, String(round(a.value)), String(round(a.expected)), `${round(a.lower)} … ${round(a.upper)}`, a.score.toFixed(1)])];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  const lines = table.map((r) => r.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd());
  return `${head}${anomalies.length} ${anomalies.length === 1 ? 'anomaly' : 'anomalies'}\n${lines.join('\n')}\n`;
}
