// Filters on /guides/: without script each chip is a link to its term or
// entry page; with it a chip toggles, the list filters in place and the
// choice lives in the URL (?ingredient=retinol&concern=dryness).
(function () {
  'use strict';
  var list = document.getElementById('guide-list');
  var box = document.getElementById('filters');
  if (!list || !box) return;
  var cards = list.querySelectorAll('.card');
  var chips = box.querySelectorAll('[data-value]');
  var status = document.getElementById('filter-status');
  var clear = document.getElementById('filter-clear');
  var on = {}; // "concern=dryness" -> true

  function key(chip) { return chip.closest('[data-filter]').getAttribute('data-filter'); }
  function apply(save) {
    var want = Object.keys(on), shown = 0;
    cards.forEach(function (c) {
      var ok = want.every(function (kv) {
        var i = kv.indexOf('=');
        return (' ' + c.getAttribute('data-' + kv.slice(0, i)) + ' ').indexOf(' ' + kv.slice(i + 1) + ' ') >= 0;
      });
      c.hidden = !ok;
      if (ok) shown++;
    });
    chips.forEach(function (a) { a.setAttribute('aria-pressed', on[key(a) + '=' + a.getAttribute('data-value')] ? 'true' : 'false'); });
    status.textContent = want.length ? 'Showing ' + shown + ' of ' + cards.length + ' guides.' : '';
    if (clear) clear.hidden = !want.length;
    if (!save) return;
    var u = new URL(location.href), keys = {};
    chips.forEach(function (a) { keys[key(a)] = true; });
    Object.keys(keys).forEach(function (k) { u.searchParams.delete(k); });
    want.forEach(function (kv) {
      var i = kv.indexOf('='), k = kv.slice(0, i), v = u.searchParams.get(k);
      u.searchParams.set(k, v ? v + ',' + kv.slice(i + 1) : kv.slice(i + 1));
    });
    try { history.replaceState(null, '', u.href); } catch (e) { /* file:// */ }
  }

  chips.forEach(function (a) {
    a.setAttribute('role', 'button');
    a.addEventListener('click', function (ev) {
      ev.preventDefault();
      var kv = key(a) + '=' + a.getAttribute('data-value');
      if (on[kv]) delete on[kv]; else on[kv] = true;
      apply(true);
    });
    // A link answers Enter; a button also answers Space.
    a.addEventListener('keydown', function (ev) {
      if (ev.key === ' ') { ev.preventDefault(); a.click(); }
    });
  });
  if (clear) clear.addEventListener('click', function () { on = {}; apply(true); });

  function clean(s) { return s.replace(/[^a-z0-9-]/g, ''); }
  new URLSearchParams(location.search).forEach(function (v, k) {
    k = clean(k);
    v.split(',').map(clean).forEach(function (x) {
      if (box.querySelector('[data-filter="' + k + '"] [data-value="' + x + '"]')) on[k + '=' + x] = true;
    });
  });
  if (Object.keys(on).length) box.open = true;
  apply(false);
})();
