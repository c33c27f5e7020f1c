// Search on /search/: reads ?q=, loads the index the build wrote
// (search/index.json, or search/index.js where fetch is refused, as on
// file:// pages) and lists results while the reader types. No framework.
(function () {
  'use strict';
  var input = document.getElementById('q');
  var out = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  if (!input || !out || !status) return;
  var base = document.documentElement.getAttribute('data-base') || '';
  var file = location.protocol === 'file:';
  var dirs = { i: 'ingredients', m: 'mask-types', p: 'products' };
  var kinds = { i: 'Ingredient', m: 'Mask type', p: 'Product kind' };
  var MAX = 30, PER_ENTRY = 8;
  var data = null;

  function href(path) { return file ? '..' + path + 'index.html' : base + path; }
  function norm(s) {
    // Latin accents fold away (creme finds Crème); letters of every script
    // stay, so that 병풀 or центелла finds its ingredient.
    // NFKD also reads full-width ＨＡ and half-width ﾋｱﾙﾛﾝ, as Japanese
    // keyboards type them, as HA and ヒアルロン.
    return (s || '').normalize('NFKD').toLowerCase().replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ').trim();
  }
  // has reports whether every token starts a word of text (" "-prefixed).
  function has(text, tokens) {
    for (var i = 0; i < tokens.length; i++) {
      if (text.indexOf(' ' + tokens[i]) < 0) return false;
    }
    return true;
  }

  function prepare(ix) {
    var es = ix.e.map(function (e) {
      var names = [e.n].concat(e.x ? [e.x] : [], e.a || []);
      return {
        raw: e, url: '/' + dirs[e.k] + '/' + e.s + '/', guides: [],
        names: names.map(norm), all: ' ' + names.map(norm).join(' '),
        desc: ' ' + norm(e.d)
      };
    });
    var gs = ix.g.map(function (g, gi) {
      var ents = (g.e || []).map(function (i) { es[i].guides.push(gi); return es[i].all; });
      return {
        raw: g, url: '/guides/' + g.s + '/', title: ' ' + norm(g.t), ents: ents.join(' '),
        rest: ' ' + norm([g.h, (g.c || []).join(' '), g.d].join(' '))
      };
    });
    return { es: es, gs: gs };
  }

  // Ranking: an exact name, INCI name or alias first, then a name that
  // starts with the query, then words of names, then descriptions.
  function scoreEntry(e, q, tokens) {
    for (var i = 0; i < e.names.length; i++) if (e.names[i] === q) return i === 0 ? 100 : 95;
    for (i = 0; i < e.names.length; i++) if (e.names[i].indexOf(q) === 0) return 80;
    if (has(e.all, tokens)) return 60;
    if (has(e.all + e.desc, tokens)) return 20;
    return 0;
  }
  function scoreGuide(g, q, tokens) {
    if (g.title.indexOf(' ' + q) === 0) return 70;
    if (has(g.title, tokens)) return 55;
    if (g.ents.indexOf(' ' + q) >= 0) return 45;
    if (has(g.title + g.ents, tokens)) return 35;
    if (has(g.title + g.ents + g.rest, tokens)) return 15;
    return 0;
  }

  function search(q) {
    var tokens = q.split(' '), hits = [];
    data.es.forEach(function (e) { var s = scoreEntry(e, q, tokens); if (s) hits.push({ s: s, e: e, n: e.raw.n }); });
    data.gs.forEach(function (g) { var s = scoreGuide(g, q, tokens); if (s) hits.push({ s: s, g: g, n: g.raw.t }); });
    hits.sort(function (a, b) {
      return b.s - a.s || (a.e ? 0 : 1) - (b.e ? 0 : 1) || (a.n < b.n ? -1 : a.n > b.n ? 1 : 0);
    });
    return hits;
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }
  function link(url, text) { var a = el('a', '', text); a.href = href(url); return a; }

  function entryResult(e) {
    var li = el('li', 'result result-entry'), h = el('h2', 'result-title');
    h.appendChild(link(e.url, e.raw.n));
    h.appendChild(document.createTextNode(' '));
    h.appendChild(el('span', 'result-kind', kinds[e.raw.k]));
    li.appendChild(h);
    // The INCI name is often the name itself (Retinol): it is not another name.
    var own = e.raw.n.toLowerCase();
    var other = [e.raw.x].concat(e.raw.a || []).filter(function (x) { return x && x.toLowerCase() !== own; });
    if (other.length) li.appendChild(el('p', 'result-aka', 'Also called: ' + other.join(', ')));
    if (e.raw.d) li.appendChild(el('p', '', e.raw.d));
    if (e.guides.length) {
      var p = el('p', 'result-guides-title', e.guides.length === 1 ? '1 guide:' : e.guides.length + ' guides:');
      li.appendChild(p);
      var ul = el('ul', 'result-guides');
      e.guides.slice(0, PER_ENTRY).forEach(function (gi) {
        var g = data.gs[gi], item = el('li');
        item.appendChild(link(g.url, g.raw.t));
        ul.appendChild(item);
      });
      if (e.guides.length > PER_ENTRY) {
        var more = el('li');
        more.appendChild(link(e.url, 'All ' + e.guides.length + ' guides about ' + e.raw.n));
        ul.appendChild(more);
      }
      li.appendChild(ul);
    }
    return li;
  }
  function guideResult(g) {
    var li = el('li', 'result result-guide'), h = el('h2', 'result-title');
    h.appendChild(link(g.url, g.raw.t));
    h.appendChild(document.createTextNode(' '));
    h.appendChild(el('span', 'result-kind', 'Guide'));
    li.appendChild(h);
    if (g.raw.d) li.appendChild(el('p', '', g.raw.d));
    return li;
  }

  function render(raw) {
    var q = norm(raw);
    out.textContent = '';
    if (!q) { status.textContent = ''; return; }
    var hits = search(q);
    status.textContent = hits.length === 0 ? 'No results for “' + raw.trim() + '”.' :
      (hits.length === 1 ? '1 result' : hits.length + ' results') + ' for “' + raw.trim() + '”' +
      (hits.length > MAX ? ', showing the first ' + MAX + '.' : '.');
    if (!hits.length) return;
    var ol = el('ol', 'results');
    hits.slice(0, MAX).forEach(function (h) { ol.appendChild(h.e ? entryResult(h.e) : guideResult(h.g)); });
    out.appendChild(ol);
  }

  function remember(raw) {
    var u = new URL(location.href);
    if (raw) u.searchParams.set('q', raw); else u.searchParams.delete('q');
    try { history.replaceState(null, '', u.href); } catch (e) { /* file:// in some browsers */ }
  }

  function ready(ix) {
    data = prepare(ix);
    out.removeAttribute('aria-busy');
    // The reader may have typed while the index loaded.
    if (input.value !== q0) remember(input.value);
    render(input.value);
  }
  function viaScript() {
    if (window.dermaSearchIndex) return ready(window.dermaSearchIndex);
    var s = document.createElement('script');
    s.src = file ? 'index.js' : base + '/search/index.js';
    s.onload = function () { ready(window.dermaSearchIndex); };
    s.onerror = function () { status.textContent = 'The search index could not be loaded.'; };
    document.head.appendChild(s);
  }

  var q0 = new URLSearchParams(location.search).get('q') || '';
  input.value = q0;
  out.setAttribute('aria-busy', 'true');
  if (file || !window.fetch) viaScript();
  else fetch(base + '/search/index.json')
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(ready, viaScript);

  var timer;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      remember(input.value);
      if (data) render(input.value);
    }, 150);
  });
  input.form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    remember(input.value);
    if (data) render(input.value);
  });
})();
