'use strict';
/**
 * The embedded ClickHouse engine host: a small child process that owns chDB and
 * its data directory, started by engine-supervisor.ts with a scrubbed
 * environment and an empty working directory. It speaks JSON messages over the
 * IPC channel; the parent decides which session (slot) runs what, enforces
 * deadlines and SIGKILLs this process when a query cannot be cancelled.
 *
 * Sessions:
 * - `admin`: the only writable session (seed, migrations, DDL). Kept open for
 *   the life of the process so the engine stays loaded.
 * - reader slots `0..n-1` and `x` (EXPLAIN AST, ping): each created with every
 *   setting of its profile SET first and then `readonly = 1`, so no user query
 *   ever runs on a session that is not already read-only. A slot whose profile
 *   differs from the next query's is closed and created again.
 *
 * Results are cut here, before anything is sent to the parent: at most
 * `maxRows` rows and `maxBytes` bytes of row text.
 *
 * Plain CommonJS so it starts with bare `node` (no TypeScript loader).
 */
// Lower CPU priority first (argv[2], from the supervisor), so the engine's
// threads, created later by this one, inherit it.
const nice = Number(process.argv[2] ?? 0);
if (Number.isInteger(nice) && nice > 0) {
  try {
    require('node:os').setPriority(0, Math.min(19, nice));
  } catch {
    // Not allowed here (some sandboxes): the engine runs at normal priority.
  }
}
const { Session } = require('chdb');

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESULT_FORMAT = 'JSONCompactEachRowWithNamesAndTypes';

let dataPath;
let admin;
/** Settings of every admin session (output formatting). */
let adminSettings = {};
/** slot id -> { session, key } */
const slots = new Map();
/** request id -> { cancel(): void, credit(): void } for running streams */
const running = new Map();

function send(msg) {
  if (process.connected) process.send(msg);
}

function literal(v) {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  return `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

async function applySettings(session, settings) {
  for (const [k, v] of Object.entries(settings || {})) {
    if (v === undefined || v === null) continue;
    if (!SETTING_NAME.test(k)) throw Object.assign(new Error(`invalid setting name`), { clickhouseCode: 115 });
    await session.queryAsync(`SET ${k} = ${literal(v)}`, { format: 'TabSeparated' });
  }
}

async function readerSession(slotId, profile) {
  const key = JSON.stringify(profile);
  const cur = slots.get(slotId);
  if (cur && cur.key === key && cur.session.open) return cur.session;
  if (cur) {
    slots.delete(slotId);
    cur.session.close();
  }
  const session = new Session(dataPath);
  try {
    await applySettings(session, profile);
    await session.queryAsync('SET readonly = 1', { format: 'TabSeparated' });
  } catch (err) {
    session.close();
    throw err;
  }
  slots.set(slotId, { session, key });
  return session;
}

async function openAdmin() {
  const s = new Session(dataPath);
  try {
    await applySettings(s, adminSettings);
  } catch (err) {
    s.close();
    throw err;
  }
  return s;
}

/** After an error the session may hold leftover output: replace it. */
async function dropSession(target, slotId) {
  if (target === 'admin') {
    // The new one opens before the old one closes, so the engine stays loaded.
    const fresh = await openAdmin();
    const old = admin;
    admin = fresh;
    old.close();
    return;
  }
  const cur = slots.get(slotId);
  if (cur) {
    slots.delete(slotId);
    cur.session.close();
  }
}

function toBuffer(u8) {
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

/**
 * Rows out of JSONCompactEachRowWithNamesAndTypes bytes: the first two lines
 * are names and types; rows are cut at maxRows and at maxBytes of row text.
 */
function cutRows(buf, maxRows, maxBytes, withHeader) {
  let pos = 0;
  const nextLine = () => {
    if (pos >= buf.length) return undefined;
    let end = buf.indexOf(10, pos);
    if (end < 0) end = buf.length;
    const line = [pos, end];
    pos = end + 1;
    return line;
  };
  let columns;
  if (withHeader) {
    const n = nextLine();
    const t = nextLine();
    if (n && t) {
      const names = JSON.parse(buf.toString('utf8', n[0], n[1]));
      const types = JSON.parse(buf.toString('utf8', t[0], t[1]));
      columns = names.map((name, i) => ({ name, type: types[i] }));
    }
  }
  const rows = [];
  let bytes = 0;
  let truncated = false;
  for (;;) {
    if (pos >= buf.length) break;
    if (rows.length >= maxRows) {
      truncated = true;
      break;
    }
    const l = nextLine();
    if (!l) break;
    if (l[1] === l[0]) continue;
    bytes += l[1] - l[0] + 1;
    if (bytes > maxBytes) {
      truncated = true;
      break;
    }
    rows.push(JSON.parse(buf.toString('utf8', l[0], l[1])));
  }
  return { columns, rows, truncated, bytes };
}

/**
 * Reads ClickHouse's `JSONCompact` output (one row a line inside "data") up to
 * the row and byte caps, plus its `statistics` (chDB's own `rowsRead` counts
 * result rows, not rows read). Returns undefined when the text is not in the
 * expected layout, so the caller can fall back.
 */
function cutJsonCompact(buf, maxRows, maxBytes) {
  const text = buf.toString('utf8');
  const marker = '\n\t"data":\n\t[\n';
  const at = text.indexOf(marker);
  if (!text.startsWith('{') || at < 0) return undefined;
  const head = text.slice(0, at).replace(/,\s*$/, '');
  const meta = JSON.parse(head + '\n}').meta;
  const columns = meta.map((m) => ({ name: m.name, type: m.type }));
  const rows = [];
  let bytes = 0;
  let truncated = false;
  let pos = at + marker.length;
  for (;;) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let line = text.slice(pos, end);
    pos = end + 1;
    if (line === '\t]' || line === '\t],' || pos > text.length) break;
    if (line === '') continue; // an empty result is "[", "", "],"
    if (!line.startsWith('\t\t[')) return undefined;
    if (rows.length >= maxRows) {
      truncated = true;
      break;
    }
    line = line.slice(2).replace(/,$/, '');
    bytes += Buffer.byteLength(line) + 1;
    if (bytes > maxBytes) {
      truncated = true;
      break;
    }
    rows.push(JSON.parse(line));
  }
  let stats;
  const st = text.lastIndexOf('\n\t"statistics":');
  if (st >= 0) {
    try {
      const s = JSON.parse(text.slice(st + '\n\t"statistics":'.length).replace(/\}\s*$/, ''));
      stats = { rowsRead: s.rows_read || 0, bytesRead: s.bytes_read || 0, elapsed: s.elapsed || 0 };
    } catch {
      stats = undefined;
    }
  }
  return { columns, rows, truncated, bytes, stats };
}

function errorMessage(err) {
  const e = err && err.cause && err.cause.clickhouseCode ? err.cause : err;
  const message = String((err && err.message) || err);
  let code = Number((e && e.clickhouseCode) || (err && err.clickhouseCode)) || 0;
  if (!code) {
    const m = /Code: (\d+)\./.exec(message);
    if (m) code = Number(m[1]);
  }
  return { message: message.slice(0, 4000), clickhouseCode: code || undefined, name: err && err.name };
}

async function sessionFor(req) {
  if (req.target === 'admin') {
    if (req.settings && Object.keys(req.settings).length) {
      // Per-command settings would persist on the admin session: a throwaway one carries them.
      const s = new Session(dataPath);
      try {
        await applySettings(s, { ...adminSettings, ...req.settings });
      } catch (err) {
        s.close();
        throw err;
      }
      return { session: s, ephemeral: true };
    }
    return { session: admin, ephemeral: false };
  }
  return { session: await readerSession(req.slot, req.profile), ephemeral: false };
}

function runQuery(session, req) {
  const opts = { format: req.format || RESULT_FORMAT };
  return req.params && Object.keys(req.params).length ? session.queryBindAsync(req.sql, req.params, opts) : session.queryAsync(req.sql, opts);
}

async function handleRun(req) {
  let s;
  try {
    s = await sessionFor(req);
    if (req.op === 'stream') return await handleStream(s.session, req);
    if (req.op === 'command') {
      await s.session.queryAsync(req.sql, { format: 'TabSeparated' });
      send({ t: 'result', id: req.id });
      return;
    }
    if (req.op === 'explain') {
      const r = await s.session.queryAsync(`EXPLAIN AST ${req.sql}`, { format: 'TabSeparatedRaw' });
      const buf = toBuffer(r.bytes());
      send({ t: 'result', id: req.id, text: buf.toString('utf8', 0, Math.min(buf.length, req.maxBytes)) });
      return;
    }
    const r = await runQuery(s.session, { ...req, format: req.format || 'JSONCompact' });
    const buf = toBuffer(r.bytes());
    const out = req.format ? cutRows(buf, req.maxRows, req.maxBytes, true) : cutJsonCompact(buf, req.maxRows, req.maxBytes);
    if (!out) throw new Error('the engine returned a result in an unexpected layout');
    send({
      t: 'result',
      id: req.id,
      columns: out.columns || [],
      rows: out.rows,
      truncated: out.truncated,
      stats: out.stats || { rowsRead: r.rowsRead || 0, bytesRead: r.bytesRead || 0, elapsed: r.elapsed || 0 },
    });
  } catch (err) {
    // Replace the session first (chDB can leave a failed query's partial output
    // on it), then answer: the parent sends the next query only after the answer.
    if (s && !s.ephemeral) {
      try {
        await dropSession(req.target, req.slot);
      } catch {
        /* the next query opens a fresh one */
      }
    }
    send({ t: 'error', id: req.id, ...errorMessage(err) });
  } finally {
    if (s && s.ephemeral) s.session.close();
  }
}

async function handleStream(session, req) {
  const stream = session.queryStream(req.sql, { format: RESULT_FORMAT });
  let credits = 1;
  let wake;
  let cancelled = false;
  running.set(req.id, {
    cancel() {
      cancelled = true;
      if (wake) wake();
    },
    credit() {
      credits++;
      if (wake) wake();
    },
  });
  let rowsSent = 0;
  let bytesSent = 0;
  let columnsSent = false;
  let truncated = false;
  try {
    for await (const chunk of stream) {
      const out = cutRows(toBuffer(chunk.raw()), req.maxRows - rowsSent, req.maxBytes - bytesSent, true);
      rowsSent += out.rows.length;
      bytesSent += out.bytes;
      const msg = { t: 'chunk', id: req.id, rows: out.rows };
      if (!columnsSent && out.columns) {
        msg.columns = out.columns;
        columnsSent = true;
      }
      credits--;
      send(msg);
      if (out.truncated || rowsSent >= req.maxRows) {
        truncated = out.truncated || rowsSent >= req.maxRows;
        break;
      }
      while (credits <= 0 && !cancelled) await new Promise((r) => (wake = r));
      wake = undefined;
      if (cancelled) break;
    }
    send({ t: 'end', id: req.id, truncated, cancelled });
  } finally {
    running.delete(req.id);
    stream.cancel();
  }
}

process.on('message', (msg) => {
  if (!msg || typeof msg !== 'object') return;
  if (msg.t === 'open') {
    const t0 = Date.now();
    dataPath = msg.path;
    adminSettings = msg.adminSettings || {};
    openAdmin().then(
      (s) => {
        admin = s;
        send({ t: 'ready', ms: Date.now() - t0, pid: process.pid });
      },
      (err) => {
        send({ t: 'fatal', ...errorMessage(err) });
        setTimeout(() => process.exit(1), 50);
      },
    );
    return;
  }
  if (msg.t === 'run') {
    handleRun(msg);
    return;
  }
  if (msg.t === 'cancel') running.get(msg.id)?.cancel();
  else if (msg.t === 'more') running.get(msg.id)?.credit();
  else if (msg.t === 'close') {
    for (const s of slots.values()) s.session.close();
    if (admin) admin.close();
    process.exit(0);
  }
});

// The parent is gone (or closed the channel): nothing may keep the data dir locked.
process.on('disconnect', () => process.exit(0));
