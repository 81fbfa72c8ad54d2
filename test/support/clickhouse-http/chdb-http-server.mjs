/**
 * A loopback ClickHouse HTTP endpoint over chDB, in its own process — a test
 * stand-in for a ClickHouse server (there is no current ClickHouse server
 * package on these machines; DESIGN.md "Safety"). It is NOT a ClickHouse
 * server: it speaks the part of the HTTP interface that @clickhouse/client 1.x
 * and our server warehouse use, on top of chDB sessions.
 *
 *   node chdb-http-server.mjs --data-dir DIR [--port N] [--watch-stdin]
 *   env: CHDB_HTTP_DATA_DIR, CHDB_HTTP_PASSWORD (password of user `default`, empty when unset)
 *
 * Listens on 127.0.0.1 (port 0 = a free one) and prints `{"port":N,"pid":P}`
 * on one stdout line when ready. With --watch-stdin it exits when its stdin
 * closes (the parent died), so nothing keeps the data directory locked.
 *
 * Covered:
 * - `GET /ping`, `GET /` without a query → `Ok.\n`.
 * - POST/GET `/` with the query in the `query` URL parameter and/or the body
 *   (concatenated with a newline, as the server does), or in a
 *   multipart/form-data body (`query`, `param_*` fields).
 * - `query_id`, `database` (or X-ClickHouse-Database), `default_format`,
 *   `param_<name>` for `{name:Type}` placeholders (handed to the engine as
 *   query parameters through `SET param_<name>`, verbatim: the engine parses
 *   them by their declared type, as the server does), and every other URL
 *   parameter as a ClickHouse setting of that one request.
 * - Isolation: every request runs on a FRESH chDB session (chDB settings persist
 *   on a session, DESIGN.md): its settings, parameters and `USE` are SET on that
 *   session, `readonly` last, and the session is closed afterwards. A request's
 *   readonly never reaches another request. `SET`/`USE` in a request last for
 *   that request only (like the server without `session_id`; sessions are refused).
 * - GET requests are read-only (readonly=2 unless the URL asks for readonly=1).
 * - One statement per request: a multi-statement string is refused with
 *   code 62 before it reaches chDB (chDB would run every statement). The
 *   statement boundary comes from a small lexer (quotes with backslash and
 *   doubled-quote escapes, backticks, double quotes, `--`, `# `, `#!`, nested
 *   block comments, `$tag$` heredocs); the data after `INSERT … FORMAT name` is
 *   data, not SQL.
 * - Formats: whatever chDB can write (the engine formats; a FORMAT clause in
 *   the query wins over default_format; TabSeparated by default). For
 *   `JSONCompactEachRow[WithNames[AndTypes]]` reads (what our warehouse asks
 *   for) the query runs as JSONCompact and the rows are copied out verbatim,
 *   so that the `X-ClickHouse-Summary` header carries the engine's real
 *   rows_read/bytes_read; for other formats chDB only reports the result's own
 *   rows and bytes, and those are what the header carries.
 * - Errors: `Code: N. DB::Exception: … (NAME) (version V)` with the HTTP status
 *   the server uses for that class (400 syntax/parse, 404 unknown object,
 *   403 auth, 408 timeout, 500 otherwise) and `X-ClickHouse-Exception-Code`.
 * - Auth: user `default` only, by basic auth, X-ClickHouse-User/-Key or the
 *   user/password URL parameters; a wrong user or password → 516.
 * - Compression: the response is gzip/deflate/br(/zstd where Node has it)
 *   compressed when `enable_http_compression=1` and Accept-Encoding asks for
 *   it; a gzip/deflate/br(/zstd) request body is decompressed. ClickHouse's
 *   native block compression (`compress=1`/`decompress=1`) is refused.
 * - `KILL QUERY WHERE query_id = '…' | {p:String}`: answered OK (empty body).
 *   chDB cannot interrupt a running query, so each query runs to its end in
 *   this process (on a libuv worker, off the event loop; requests run
 *   concurrently, each on its own session). A killed query still running is
 *   answered at once with code 394 (QUERY_WAS_CANCELLED) if its client is still
 *   waiting; the engine finishes it in the background and only then is its
 *   session closed (closing a session under a running query is a
 *   use-after-free in chDB).
 *
 * Not covered: sessions (`session_id`), native compression, progress headers
 * (send_progress_in_http_headers is accepted and ignored), exceptions in the
 * middle of a stream (results are materialized before the headers go out, so
 * errors always come as a status code), external data, TLS, users other than
 * `default`, per-request quotas and roles.
 *
 * Plain ESM so it starts with bare `node` (no TypeScript loader).
 */
import http from 'node:http';
import zlib from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers';
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'chdb';

const args = process.argv.slice(2);
const argValue = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dataDir = path.resolve(argValue('--data-dir') ?? process.env.CHDB_HTTP_DATA_DIR ?? '');
const listenPort = Number(argValue('--port') ?? process.env.CHDB_HTTP_PORT ?? 0);
const password = process.env.CHDB_HTTP_PASSWORD ?? '';
const watchStdin = args.includes('--watch-stdin');
if (!argValue('--data-dir') && !process.env.CHDB_HTTP_DATA_DIR) {
  process.stderr.write('chdb-http-server: give the data directory (--data-dir DIR or CHDB_HTTP_DATA_DIR)\n');
  process.exit(2);
}

/** URL parameters that are not ClickHouse settings. */
const NOT_SETTINGS = new Set([
  'query',
  'query_id',
  'database',
  'default_format',
  'user',
  'password',
  'quota_key',
  'session_id',
  'session_timeout',
  'session_check',
  'compress',
  'decompress',
  'buffer_size',
  'role',
  'stacktrace',
  'client_protocol_version',
  'default_role',
]);
/** HTTP-layer settings: handled here (compression) or meaningless for a materialized result. */
const HTTP_ONLY_SETTINGS = new Set([
  'wait_end_of_query',
  'send_progress_in_http_headers',
  'http_response_buffer_size',
  'http_headers_progress_interval_ms',
  'http_send_progress_interval_ms',
  'enable_http_compression',
  'http_zlib_compression_level',
  'http_response_compression_method',
  'http_native_compression_disable_checksumming_on_decompress',
  'http_wait_end_of_query',
  'http_write_exception_in_output_format',
  'cancel_http_readonly_queries_on_client_close',
]);
const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** HTTP status per ClickHouse error code, as the server's HTTP handler maps them. */
const STATUS_BY_CODE = new Map([
  ...[6, 26, 27, 36, 38, 41, 42, 43, 44, 53, 62, 72, 117, 456, 457].map((c) => [c, 400]),
  ...[46, 47, 50, 56, 60, 63, 73, 81, 115, 336].map((c) => [c, 404]),
  ...[192, 193, 497, 516].map((c) => [c, 403]),
  [159, 408],
  [48, 501],
]);
const NAME_BY_CODE = new Map([
  [48, 'NOT_IMPLEMENTED'],
  [62, 'SYNTAX_ERROR'],
  [81, 'UNKNOWN_DATABASE'],
  [115, 'UNKNOWN_SETTING'],
  [394, 'QUERY_WAS_CANCELLED'],
  [516, 'AUTHENTICATION_FAILED'],
  [1001, 'STD_EXCEPTION'],
]);

class HttpError extends Error {
  constructor(code, text) {
    super(`Code: ${code}. DB::Exception: ${text}. (${NAME_BY_CODE.get(code) ?? 'UNKNOWN_EXCEPTION'})`);
    this.clickhouseCode = code;
  }
}

// ---------------------------------------------------------------------------
// The engine

fs.mkdirSync(dataDir, { recursive: true });
/** Kept open for the life of the process: holds the data directory and keeps the engine loaded. */
let keeper;
let version = 'unknown';
/** query_id -> { killed: boolean, answer(err): void } for queries the engine is running */
const running = new Map();
let activeQueries = 0;
let idleWaiters = [];

function toBuffer(u8) {
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

/** A ClickHouse string literal. */
function literal(v) {
  return `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A setting value: numbers stay numbers, the rest is a string literal (the engine converts). */
function settingLiteral(v) {
  return /^-?\d+(\.\d+)?$/.test(v) ? v : literal(v);
}

function codeOf(err) {
  const direct = Number(err && err.clickhouseCode);
  if (Number.isFinite(direct) && direct > 0) return direct;
  const m = /Code: (\d+)\./.exec(String((err && err.message) || err));
  return m ? Number(m[1]) : 0;
}

/** Error text as the server writes it: `Code: N. DB::Exception: … (NAME) (version V)`. */
function errorBody(err) {
  let text = String((err && err.message) || err).trim();
  let code = codeOf(err);
  if (!/^Code: \d+\. DB::Exception: /.test(text)) {
    code = code || 1001;
    text = `Code: ${code}. DB::Exception: ${text.replace(/\.$/, '')}. (${NAME_BY_CODE.get(code) ?? 'STD_EXCEPTION'})`;
  }
  return { code, body: `${text} (version ${version})\n` };
}

/**
 * One statement or refused: returns the error for a string holding more than
 * one statement (or none), undefined for a single one.
 */
function checkSingleStatement(sql) {
  let i = 0;
  const n = sql.length;
  let sawToken = false;
  let ended = -1; // position of the top-level ';' that ended the statement
  const words = []; // first few top-level words, to find INSERT … FORMAT name
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    // Comments.
    if ((c === '-' && next === '-') || (c === '#' && (next === ' ' || next === '!'))) {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
      continue;
    }
    if (ended >= 0) return new HttpError(62, `Syntax error (Multi-statements are not allowed): failed at position ${ended + 1} (;)`);
    if (c === ';') {
      if (!sawToken) return new HttpError(62, 'Empty query');
      ended = i;
      i++;
      continue;
    }
    sawToken = true;
    if (c === "'" || c === '"' || c === '`') {
      i++;
      while (i < n) {
        if (sql[i] === '\\') i += 2;
        else if (sql[i] === c && sql[i + 1] === c) i += 2;
        else if (sql[i] === c) break;
        else i++;
      }
      i++;
      words.push('quoted');
      continue;
    }
    if (c === '$') {
      // As the engine's lexer (measured on chDB 3.4 / 26.7): the tag is ASCII word
      // characters of any length up to the next '$'; without a closing tag it is
      // no heredoc at all.
      let tagEnd = i + 1;
      while (tagEnd < n && /[A-Za-z0-9_]/.test(sql[tagEnd])) tagEnd++;
      if (sql[tagEnd] === '$') {
        const tag = sql.slice(i, tagEnd + 1);
        const close = sql.indexOf(tag, tagEnd + 1);
        if (close >= 0) {
          i = close + tag.length;
          words.push('heredoc');
          continue;
        }
      }
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(sql[j])) j++;
      const word = sql.slice(i, j);
      i = j;
      words.push(word.toUpperCase());
      // INSERT … FORMAT name: the rest is data (but `INSERT INTO format …` names a table).
      const k = words.length;
      if (words[0] === 'INSERT' && k >= 3 && words[k - 2] === 'FORMAT' && !['INTO', 'TABLE', 'FUNCTION', '.'].includes(words[k - 3])) return undefined;
      continue;
    }
    i++;
    words.push(c);
  }
  if (!sawToken) return new HttpError(62, 'Empty query');
  return undefined;
}

/** Placeholder-free check for `KILL QUERY … query_id = 'x' | {p:String}`: the ids it names. */
function killTargets(sql, params) {
  const ids = [];
  const re = /query_id\s*(?:=|IN\s*\()\s*(?:'((?:[^'\\]|\\.)*)'|\{(\w+)\s*:\s*String\s*\})/gi;
  for (let m; (m = re.exec(sql)); ) ids.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : params.get(m[2]));
  return ids.filter((x) => x !== undefined);
}

/** Formats our JSONCompact rewrite covers: the rows are copied out of JSONCompact. */
const COMPACT_ROW_FORMATS = new Map([
  ['JSONCompactEachRow', { names: false, types: false }],
  ['JSONCompactEachRowWithNames', { names: true, types: false }],
  ['JSONCompactEachRowWithNamesAndTypes', { names: true, types: true }],
]);
const TRAILING_FORMAT = /\bFORMAT\s+([A-Za-z0-9_]+)\s*;?\s*$/i;

/**
 * JSONCompact text → JSONCompactEachRow[WithNames[AndTypes]] text and the
 * engine's statistics; undefined when the text is not in the expected layout.
 */
function fromJsonCompact(text, shape) {
  const marker = '\n\t"data":\n\t[\n';
  const at = text.indexOf(marker);
  if (!text.startsWith('{') || at < 0) return undefined;
  let meta;
  try {
    meta = JSON.parse(text.slice(0, at).replace(/,\s*$/, '') + '\n}').meta;
  } catch {
    return undefined;
  }
  const out = [];
  if (shape.names) out.push(JSON.stringify(meta.map((m) => m.name)));
  if (shape.types) out.push(JSON.stringify(meta.map((m) => m.type)));
  let pos = at + marker.length;
  let rows = 0;
  for (;;) {
    let end = text.indexOf('\n', pos);
    if (end < 0) return undefined;
    const line = text.slice(pos, end);
    pos = end + 1;
    if (line === '\t]' || line === '\t],') break;
    if (line === '') continue;
    if (!line.startsWith('\t\t[')) return undefined;
    out.push(line.slice(2).replace(/,$/, ''));
    rows++;
  }
  let stats;
  const st = text.lastIndexOf('\n\t"statistics":');
  if (st >= 0) {
    try {
      stats = JSON.parse(text.slice(st + '\n\t"statistics":'.length).replace(/\}\s*$/, ''));
    } catch {
      stats = undefined;
    }
  }
  return { body: out.length ? out.join('\n') + '\n' : '', rows, stats };
}

/**
 * Runs one statement on a fresh session set up with the request's database,
 * parameters and settings (readonly last). Resolves when the engine is done.
 */
async function execute(req) {
  const session = new Session(dataDir);
  activeQueries++;
  try {
    const setup = [];
    if (req.database) setup.push(`USE ${'`' + req.database.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`'}`);
    for (const [k, v] of req.params) setup.push(`SET param_${k} = ${literal(v)}`);
    let readonly;
    for (const [k, v] of req.settings) {
      if (k === 'readonly') readonly = v;
      else setup.push(`SET ${k} = ${settingLiteral(v)}`);
    }
    if (readonly !== undefined) setup.push(`SET readonly = ${settingLiteral(readonly)}`);
    for (const s of setup) await session.queryAsync(s, { format: 'TabSeparated' });

    const started = process.hrtime.bigint();
    const trailing = TRAILING_FORMAT.exec(req.sql);
    const shape = trailing && COMPACT_ROW_FORMATS.get(trailing[1]);
    if (shape && /^\s*(\(|SELECT\b|WITH\b)/i.test(req.sql)) {
      const sql = req.sql.slice(0, trailing.index) + 'FORMAT JSONCompact';
      const r = await session.queryAsync(sql, { format: 'JSONCompact' });
      const converted = fromJsonCompact(toBuffer(r.bytes()).toString('utf8'), shape);
      if (converted) {
        const body = Buffer.from(converted.body, 'utf8');
        const s = converted.stats ?? {};
        return {
          format: trailing[1],
          body,
          summary: summary(s.rows_read ?? r.rowsRead, s.bytes_read ?? r.bytesRead, converted.rows, body.length, started),
        };
      }
    }
    const r = await session.queryAsync(req.sql, { format: req.format });
    const body = toBuffer(r.bytes());
    return { format: trailing ? trailing[1] : req.format, body, summary: summary(r.rowsRead, r.bytesRead, r.rowsRead, body.length, started) };
  } finally {
    session.close();
    activeQueries--;
    if (activeQueries === 0) {
      const w = idleWaiters;
      idleWaiters = [];
      for (const f of w) f();
    }
  }
}

function summary(readRows, readBytes, resultRows, resultBytes, started) {
  return {
    read_rows: String(readRows || 0),
    read_bytes: String(readBytes || 0),
    written_rows: '0',
    written_bytes: '0',
    total_rows_to_read: '0',
    result_rows: String(resultRows || 0),
    result_bytes: String(resultBytes || 0),
    elapsed_ns: String(process.hrtime.bigint() - started),
  };
}

// ---------------------------------------------------------------------------
// HTTP

const CONTENT_TYPES = [
  [/^JSON/, 'application/json; charset=UTF-8'],
  [/^(TabSeparated|TSV)/, 'text/tab-separated-values; charset=UTF-8'],
  [/^CSV/, 'text/csv; charset=UTF-8; header=absent'],
];
function contentType(format) {
  for (const [re, t] of CONTENT_TYPES) if (re.test(format)) return t;
  return 'text/plain; charset=UTF-8';
}

function decoderFor(encoding) {
  switch ((encoding || '').toLowerCase()) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    case 'zstd':
      if (typeof zlib.createZstdDecompress === 'function') return zlib.createZstdDecompress();
    // falls through
    default:
      throw new HttpError(48, `Unknown HTTP Content-Encoding: ${encoding}`);
  }
}

function readBody(req) {
  const decoder = decoderFor(req.headers['content-encoding']);
  const source = decoder ? req.pipe(decoder) : req;
  return new Promise((resolve, reject) => {
    const chunks = [];
    source.on('data', (c) => chunks.push(c));
    source.on('end', () => resolve(Buffer.concat(chunks)));
    source.on('error', reject);
    if (decoder) req.on('error', reject);
  });
}

/** The named fields of a multipart/form-data body (query, param_*). */
function multipartFields(body, contentTypeHeader) {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentTypeHeader);
  if (!m) throw new HttpError(62, 'multipart/form-data without a boundary');
  const boundary = `--${m[1] ?? m[2].trim()}`;
  const fields = new Map();
  const text = body.toString('utf8');
  for (const part of text.split(boundary).slice(1)) {
    if (part.startsWith('--')) break;
    const sep = part.indexOf('\r\n\r\n');
    if (sep < 0) continue;
    const name = /name="([^"]*)"/i.exec(part.slice(0, sep))?.[1];
    if (name !== undefined) fields.set(name, part.slice(sep + 4).replace(/\r\n$/, ''));
  }
  return fields;
}

function credentials(req, url) {
  let user = url.searchParams.get('user') ?? undefined;
  let pass = url.searchParams.get('password') ?? undefined;
  if (req.headers['x-clickhouse-user'] !== undefined) {
    user = String(req.headers['x-clickhouse-user']);
    pass = String(req.headers['x-clickhouse-key'] ?? '');
  }
  const auth = req.headers.authorization;
  if (auth && /^basic /i.test(auth)) {
    const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    user = colon < 0 ? decoded : decoded.slice(0, colon);
    pass = colon < 0 ? '' : decoded.slice(colon + 1);
  }
  return { user: user || 'default', pass: pass ?? '' };
}

function send(req, res, url, status, headers, body) {
  if (res.destroyed || res.writableEnded) return;
  const accept = String(req.headers['accept-encoding'] ?? '');
  const wantsCompression = url.searchParams.get('enable_http_compression') === '1';
  let encoding;
  if (wantsCompression && body.length) {
    const offered = accept.split(',').map((s) => s.trim().split(';')[0].toLowerCase());
    encoding = ['gzip', 'deflate', 'br', 'zstd'].find((e) => offered.includes(e) && (e !== 'zstd' || typeof zlib.zstdCompressSync === 'function'));
  }
  if (encoding === 'gzip') body = zlib.gzipSync(body);
  else if (encoding === 'deflate') body = zlib.deflateSync(body);
  else if (encoding === 'br') body = zlib.brotliCompressSync(body);
  else if (encoding === 'zstd') body = zlib.zstdCompressSync(body);
  res.writeHead(status, { ...headers, ...(encoding ? { 'Content-Encoding': encoding } : {}), 'Content-Length': body.length, Connection: 'Keep-Alive' });
  res.end(body);
}

function sendError(req, res, url, err, queryId) {
  const { code, body } = errorBody(err);
  send(
    req,
    res,
    url,
    STATUS_BY_CODE.get(code) ?? 500,
    {
      'Content-Type': 'text/plain; charset=UTF-8',
      'X-ClickHouse-Exception-Code': String(code),
      'X-ClickHouse-Server-Display-Name': 'chdb-http',
      ...(queryId ? { 'X-ClickHouse-Query-Id': queryId } : {}),
    },
    Buffer.from(body, 'utf8'),
  );
}

async function handle(req, res) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if ((req.method === 'GET' || req.method === 'HEAD') && url.pathname === '/ping') {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': 4 });
    res.end(req.method === 'HEAD' ? undefined : 'Ok.\n');
    return;
  }
  if (url.pathname !== '/') {
    sendError(req, res, url, new HttpError(48, `There is no handle ${url.pathname}`));
    return;
  }
  if (req.method !== 'GET' && req.method !== 'POST') {
    sendError(req, res, url, new HttpError(48, `HTTP method ${req.method} is not supported`));
    return;
  }
  const queryId = url.searchParams.get('query_id') || randomUUID();
  try {
    const { user, pass } = credentials(req, url);
    if (user !== 'default' || pass !== password) {
      throw new HttpError(516, `${user}: Authentication failed: password is incorrect, or there is no user with such name`);
    }
    if (url.searchParams.get('session_id')) throw new HttpError(48, 'Sessions (session_id) are not supported by this loopback chDB endpoint');
    if (url.searchParams.get('compress') === '1' || url.searchParams.get('decompress') === '1') {
      throw new HttpError(48, 'ClickHouse native compression (compress/decompress) is not supported by this loopback chDB endpoint');
    }
    const body = req.method === 'POST' ? await readBody(req) : Buffer.alloc(0);
    const params = new Map();
    let sql = url.searchParams.get('query') ?? '';
    const type = String(req.headers['content-type'] ?? '');
    if (/^multipart\/form-data/i.test(type)) {
      const fields = multipartFields(body, type);
      if (fields.has('query')) sql = sql ? `${sql}\n${fields.get('query')}` : fields.get('query');
      for (const [k, v] of fields) if (k.startsWith('param_')) params.set(k.slice(6), v);
    } else if (body.length) {
      sql = sql ? `${sql}\n${body.toString('utf8')}` : body.toString('utf8');
    }
    if (!sql.trim() && req.method === 'GET' && !url.searchParams.has('query')) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': 4 });
      res.end('Ok.\n');
      return;
    }
    const settings = new Map();
    for (const [k, v] of url.searchParams) {
      if (k.startsWith('param_')) params.set(k.slice(6), v);
      else if (NOT_SETTINGS.has(k) || HTTP_ONLY_SETTINGS.has(k)) continue;
      else if (!SETTING_NAME.test(k)) throw new HttpError(115, `Unknown setting '${k}'`);
      else settings.set(k, v);
    }
    for (const k of params.keys()) if (!SETTING_NAME.test(k)) throw new HttpError(62, `Invalid query parameter name '${k}'`);
    if (req.method === 'GET' && settings.get('readonly') !== '1') settings.set('readonly', '2');
    const single = checkSingleStatement(sql);
    if (single) throw single;

    const headers = {
      'X-ClickHouse-Query-Id': queryId,
      'X-ClickHouse-Timezone': 'UTC',
      'X-ClickHouse-Server-Display-Name': 'chdb-http',
    };
    if (/^\s*KILL\s+QUERY\b/i.test(sql)) {
      for (const id of killTargets(sql, params)) running.get(id)?.kill();
      send(req, res, url, 200, { ...headers, 'Content-Type': 'text/plain; charset=UTF-8', 'X-ClickHouse-Summary': JSON.stringify(summary(0, 0, 0, 0, process.hrtime.bigint())) }, Buffer.alloc(0));
      return;
    }

    let answered = false;
    const entry = {
      kill() {
        if (answered) return;
        answered = true;
        sendError(req, res, url, new HttpError(394, 'Query was cancelled'), queryId);
      },
    };
    running.set(queryId, entry);
    let result;
    try {
      result = await execute({
        sql,
        database: url.searchParams.get('database') ?? (req.headers['x-clickhouse-database'] ? String(req.headers['x-clickhouse-database']) : undefined),
        format: url.searchParams.get('default_format') || 'TabSeparated',
        params,
        settings,
      });
    } catch (err) {
      if (!answered) {
        answered = true;
        sendError(req, res, url, err, queryId);
      }
      return;
    } finally {
      if (running.get(queryId) === entry) running.delete(queryId);
    }
    if (answered) return;
    answered = true;
    send(
      req,
      res,
      url,
      200,
      {
        ...headers,
        'Content-Type': contentType(result.format),
        'X-ClickHouse-Format': result.format,
        'X-ClickHouse-Summary': JSON.stringify(result.summary),
      },
      result.body,
    );
  } catch (err) {
    sendError(req, res, url, err, queryId);
  }
}

// ---------------------------------------------------------------------------
// Start and stop

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    try {
      sendError(req, res, new URL('http://127.0.0.1/'), err);
    } catch {
      res.destroy();
    }
  });
});
server.keepAliveTimeout = 10_000;

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections?.();
  // Sessions are closed only after the engine is done with them (see execute()).
  if (activeQueries > 0) await new Promise((r) => idleWaiters.push(r));
  keeper?.close();
  setImmediate(() => process.exit(code));
}
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));
if (watchStdin) {
  process.stdin.on('end', () => void shutdown(0));
  process.stdin.on('error', () => void shutdown(0));
  process.stdin.resume();
}

try {
  keeper = new Session(dataDir);
  version = (await keeper.queryAsync('SELECT version()', { format: 'TabSeparatedRaw' })).text().trim();
} catch (err) {
  process.stderr.write(`chdb-http-server: cannot open chDB on ${dataDir}: ${String((err && err.message) || err).split('\n')[0]}\n`);
  process.exit(1);
}
server.on('error', (err) => {
  process.stderr.write(`chdb-http-server: ${err.message}\n`);
  process.exit(1);
});
server.listen(listenPort, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port, pid: process.pid, version })}\n`);
});
