/* global window, document, navigator */
// The answer page's progressive enhancement: the interactive chart (vega-embed,
// the same vega-lite spec as the PNG), sorting, filtering and paging the result
// table, and copying the SQL. The page reads fine without it.
(function () {
  'use strict';
  var PAGE_SIZE = 50;

  // Zoom and pan on a time axis (wheel, drag; double-click resets): an interval selection bound to the x scale,
  // added to the unit that draws the series. The spec is otherwise the PNG's.
  function addTimeZoom(spec) {
    var unit = spec.layer ? spec.layer[0] : spec;
    var x = unit && unit.encoding && unit.encoding.x;
    if (!x || x.type !== 'temporal' || spec.facet || spec.concat || spec.hconcat || spec.vconcat) return false;
    unit.params = (unit.params || []).concat([{ name: 'timezoom', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' }]);
    return true;
  }

  // The CSP-safe interpreter reads datetime(<ms>) as a year, so fixed time-axis ticks would vanish: the compiled
  // Vega spec gets the timestamps themselves (what datetime(<ms>) means). The vega-lite spec is unchanged.
  function plainTimestamps(node) {
    if (Array.isArray(node)) return node.map(plainTimestamps);
    if (!node || typeof node !== 'object') return node;
    if (typeof node.signal === 'string' && Object.keys(node).length === 1) {
      var m = /^datetime\((-?\d+)\)$/.exec(node.signal);
      if (m) return Number(m[1]);
    }
    var out = {};
    Object.keys(node).forEach(function (k) {
      out[k] = plainTimestamps(node[k]);
    });
    return out;
  }

  // On a narrow screen a chart with axes is drawn at the screen's width, its height in proportion and its text
  // scaled down no further than 11 px, instead of the PNG's 1200-pixel drawing shrunk to a phone (6-pixel labels).
  // Wider screens, and charts without axes (a big number, a pie), keep the PNG's drawing.
  function fitWidth(spec, available) {
    var unit = spec.layer ? spec.layer[0] : spec;
    var hasAxes = unit && unit.encoding && (unit.encoding.x || unit.encoding.y);
    if (!available || !hasAxes || typeof spec.width !== 'number' || spec.width <= available * 2 || spec.facet || spec.concat || spec.hconcat || spec.vconcat) return;
    var k = available / spec.width;
    var size = function (n, min) {
      return typeof n === 'number' ? Math.max(min, Math.round(n * k * 1.8)) : n;
    };
    if (typeof spec.height === 'number') spec.height = Math.max(240, Math.round(spec.height * k * 1.3));
    spec.width = available;
    if (typeof spec.padding === 'number') spec.padding = size(spec.padding, 6);
    if (spec.title && typeof spec.title === 'object') {
      spec.title.fontSize = size(spec.title.fontSize, 14);
      spec.title.subtitleFontSize = size(spec.title.subtitleFontSize, 11);
      spec.title.offset = size(spec.title.offset, 6);
    }
    var config = spec.config || {};
    [config.axis, config.legend].forEach(function (c) {
      if (!c) return;
      c.labelFontSize = size(c.labelFontSize, 11);
      c.titleFontSize = size(c.titleFontSize, 11);
      if (c.titlePadding) c.titlePadding = size(c.titlePadding, 4);
      if (c.labelLimit) c.labelLimit = size(c.labelLimit, 80);
      if (c.symbolSize) c.symbolSize = size(c.symbolSize, 40);
    });
  }

  function drawChart() {
    var holder = document.getElementById('chart');
    var data = document.getElementById('chart-spec');
    if (!holder || !data || typeof window.vegaEmbed !== 'function') return;
    var spec = JSON.parse(data.textContent);
    fitWidth(spec, holder.clientWidth);
    var zoomable = addTimeZoom(spec);
    // ast: the CSP-safe expression interpreter (script-src 'self' forbids eval); no injected <style>.
    window
      .vegaEmbed(holder, spec, { renderer: 'canvas', actions: false, ast: true, patch: plainTimestamps, defaultStyle: false, tooltip: { disableDefaultStyle: true }, config: { mark: { tooltip: true } } })
      .then(function () {
        document.body.setAttribute('data-chart', 'ready');
        if (zoomable) document.body.setAttribute('data-zoom', 'x');
      })
      .catch(function (err) {
        document.body.setAttribute('data-chart', 'error');
        holder.textContent = 'The interactive chart could not be drawn: ' + (err && err.message ? err.message : String(err));
      });
  }

  function enhanceTable() {
    var table = document.getElementById('result');
    if (!table) return;
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var filterBox = document.getElementById('filter');
    var status = document.getElementById('status');
    var pager = document.getElementById('pager');
    var prev = document.getElementById('prev');
    var next = document.getElementById('next');
    var label = document.getElementById('page-label');
    var visible = rows;
    var page = 0;
    var sortCol = -1;
    var sortDir = 1;

    function key(row, col, numeric) {
      var v = row.cells[col].getAttribute('data-v');
      if (numeric) {
        var n = v === '' ? NaN : Number(v);
        return isNaN(n) ? -Infinity : n;
      }
      return v.toLowerCase();
    }

    function render() {
      var pages = Math.max(1, Math.ceil(visible.length / PAGE_SIZE));
      if (page >= pages) page = pages - 1;
      var start = page * PAGE_SIZE;
      var frag = document.createDocumentFragment();
      visible.slice(start, start + PAGE_SIZE).forEach(function (r) {
        frag.appendChild(r);
      });
      while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
      tbody.appendChild(frag);
      pager.hidden = pages <= 1;
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
      label.textContent = 'Page ' + (page + 1) + ' of ' + pages;
      var shown = visible.length === rows.length ? rows.length + ' rows' : visible.length + ' of ' + rows.length + ' rows match';
      status.textContent = shown + (pages > 1 ? ', showing ' + (start + 1) + '–' + Math.min(start + PAGE_SIZE, visible.length) : '');
    }

    function applyFilter() {
      var q = filterBox.value.trim().toLowerCase();
      visible = q
        ? rows.filter(function (r) {
            return r.textContent.toLowerCase().indexOf(q) !== -1;
          })
        : rows.slice();
      if (sortCol >= 0) sortVisible();
      page = 0;
      render();
    }

    function sortVisible() {
      var numeric = headers[sortCol].getAttribute('data-type') === 'number';
      visible.sort(function (a, b) {
        var x = key(a, sortCol, numeric);
        var y = key(b, sortCol, numeric);
        return x < y ? -sortDir : x > y ? sortDir : 0;
      });
    }

    headers.forEach(function (th, col) {
      var button = th.querySelector('button.sort');
      button.addEventListener('click', function () {
        sortDir = sortCol === col ? -sortDir : 1;
        sortCol = col;
        headers.forEach(function (h) {
          h.removeAttribute('aria-sort');
        });
        th.setAttribute('aria-sort', sortDir === 1 ? 'ascending' : 'descending');
        sortVisible();
        page = 0;
        render();
      });
    });
    filterBox.addEventListener('input', applyFilter);
    prev.addEventListener('click', function () {
      page -= 1;
      render();
    });
    next.addEventListener('click', function () {
      page += 1;
      render();
    });
    applyFilter();
  }

  function enableCopy() {
    var button = document.getElementById('copy-sql');
    var code = document.getElementById('sql-text');
    if (!button || !code || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(code.textContent).then(
        function () {
          button.textContent = 'Copied';
        },
        function () {
          button.textContent = 'Copy failed: select the SQL';
        },
      );
    });
  }

  enhanceTable();
  enableCopy();
  drawChart();
})();
