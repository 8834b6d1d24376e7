// Progressive enhancements only: every page works without this file.
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.add('js');

  var $ = function (sel, el) { return (el || document).querySelector(sel); };
  var $$ = function (sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); };

  function isTyping(e) {
    var t = e.target;
    if (!t || !t.tagName) return false;
    var tag = t.tagName.toLowerCase();
    return tag === 'input' || tag === 'textarea' || tag === 'select' || t.isContentEditable;
  }

  // Panels that are always open on wide screens (CSS hides their toggle there).
  var wide = window.matchMedia ? window.matchMedia('(min-width: 880px)') : null;
  function syncPanels() {
    if (!wide) return;
    $$('[data-filters], [data-wide-open]').forEach(function (d) {
      if (wide.matches) d.open = true;
    });
  }
  syncPanels();
  if (wide && wide.addEventListener) wide.addEventListener('change', syncPanels);

  // Sort and mode apply at once; the 检索 button still works without JS.
  $$('[data-autosubmit]').forEach(function (el) {
    el.addEventListener('change', function () {
      if (el.form) el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    });
  });

  // ---------- copy ----------
  var status = $('[data-copy-status]');
  function fallbackCopy(text) {
    var ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.className = 'visually-hidden';
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (err) { ok = false; }
    document.body.removeChild(ta);
    return ok ? Promise.resolve() : Promise.reject(new Error('copy failed'));
  }
  function copyText(text) {
    // navigator.clipboard needs a secure context (https or localhost); plain http on a LAN falls back.
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }
  $$('[data-copy]').forEach(function (btn) {
    var label = btn.textContent;
    btn.addEventListener('click', function () {
      copyText(btn.getAttribute('data-copy') || '').then(
        function () {
          btn.textContent = '已复制';
          btn.classList.add('is-done');
          if (status) status.textContent = '已复制本节全文';
        },
        function () {
          btn.textContent = '复制失败';
          if (status) status.textContent = '复制失败，请手动选择文字复制';
        }
      ).then(function () {
        setTimeout(function () { btn.textContent = label; btn.classList.remove('is-done'); }, 1800);
      });
    });
  });

  // ---------- back to the results where they were ----------
  // The server sends no Referer (Referrer-Policy: no-referrer), so the search page remembers
  // itself for this tab and the viewer's back link returns to it, filters and page included.
  var LAST = 'dj:last-search';
  var store = null;
  try { store = window.sessionStorage; } catch (err) { store = null; }
  if (store && document.body.classList.contains('page-search')) {
    try { store.setItem(LAST, location.pathname + location.search); } catch (err) { /* storage full or denied */ }
  }
  var back = $('[data-back]');
  if (back && store) {
    var last = null;
    try { last = store.getItem(LAST); } catch (err) { last = null; }
    var wanted = new URL(back.getAttribute('href'), location.href).searchParams.get('q') || '';
    if (last && last.charAt(0) === '/' && last.charAt(1) !== '/' && (new URL(last, location.href).searchParams.get('q') || '') === wanted) {
      back.setAttribute('href', last);
    }
  }

  // ---------- keyboard: / focuses the search box, j/k move between hits ----------
  var hits = $$('[data-hit]');
  var current = -1;
  function focusHit(i) {
    if (!hits.length) return;
    current = Math.max(0, Math.min(hits.length - 1, i));
    hits.forEach(function (h, k) { h.classList.toggle('is-current', k === current); });
    var link = $('[data-hit-link]', hits[current]);
    if (link) link.focus({ preventScroll: true });
    hits[current].scrollIntoView({ block: 'nearest' });
  }

  // ---------- viewer: previous / next match ----------
  var body = $('[data-doc-body]');
  var marks = body ? $$('mark', body) : [];
  var pos = $('[data-match-pos]');
  var at = -1;
  function showMatch(i, scroll) {
    if (!marks.length) return;
    at = (i + marks.length) % marks.length;
    marks.forEach(function (m, k) { m.classList.toggle('is-current', k === at); });
    if (pos) pos.textContent = (at + 1) + ' / ' + marks.length;
    if (scroll) marks[at].scrollIntoView({ block: 'center' });
  }
  var tocLinks = $$('.toc-list a');
  function syncToc() {
    tocLinks.forEach(function (a) {
      a.parentNode.classList.toggle('is-active', a.getAttribute('href') === location.hash);
    });
  }
  if (tocLinks.length) {
    syncToc();
    window.addEventListener('hashchange', syncToc);
  }
  function syncToHash() {
    // Arriving at a section (from a hit or the table of contents): count from its first match.
    if (!marks.length || !location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    for (var k = 0; k < marks.length; k++) {
      if (target.contains(marks[k])) { showMatch(k, false); return; }
    }
  }
  // The sticky find bar's height varies (wrapping on phones): anchors must clear it exactly.
  var bar = $('[data-find-bar]');
  var docPage = $('.doc-page');
  function measureBar() {
    if (bar && docPage) docPage.style.setProperty('--find-bar-h', Math.ceil(bar.getBoundingClientRect().height) + 'px');
  }
  if (bar && docPage) {
    measureBar();
    if (window.ResizeObserver) new ResizeObserver(measureBar).observe(bar);
    if (location.hash) {
      var arrived = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (arrived) arrived.scrollIntoView({ block: 'start' });
    }
  }

  if (marks.length) {
    var prev = $('[data-match-prev]');
    var next = $('[data-match-next]');
    if (prev) prev.addEventListener('click', function () { showMatch(at <= 0 ? marks.length - 1 : at - 1, true); });
    if (next) next.addEventListener('click', function () { showMatch(at + 1, true); });
    syncToHash();
    window.addEventListener('hashchange', syncToHash);
  }

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Escape' && isTyping(e) && e.target.blur) { e.target.blur(); return; }
    if (isTyping(e)) return;
    if (e.key === '/') {
      var box = $('[data-find-box]') || $('[data-search-box]');
      if (box) {
        e.preventDefault();
        box.focus();
        box.select();
      }
    } else if (hits.length && (e.key === 'j' || e.key === 'k')) {
      e.preventDefault();
      focusHit(current === -1 ? 0 : current + (e.key === 'j' ? 1 : -1));
    } else if (marks.length && (e.key === 'n' || e.key === 'p' || e.key === 'N')) {
      e.preventDefault();
      showMatch(e.key === 'n' ? at + 1 : at <= 0 ? marks.length - 1 : at - 1, true);
    }
  });

  // ---------- phrases as you type ----------
  // The archive's frequent phrases starting with the last word typed (/api/suggest), in a list
  // under the box: ↓/↑ move, Enter takes one and searches, Esc closes; a click does the same.
  var suggestBox = $('[data-search-box]');
  if (suggestBox && window.fetch) {
    var list = document.createElement('ul');
    list.id = 'q-suggest';
    list.className = 'suggest-list';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', '常用说法');
    list.hidden = true;
    suggestBox.parentNode.appendChild(list);
    suggestBox.setAttribute('role', 'combobox');
    suggestBox.setAttribute('aria-autocomplete', 'list');
    suggestBox.setAttribute('aria-controls', list.id);
    suggestBox.setAttribute('aria-expanded', 'false');
    var items = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    var close = function () {
      list.hidden = true;
      items = [];
      active = -1;
      suggestBox.setAttribute('aria-expanded', 'false');
      suggestBox.removeAttribute('aria-activedescendant');
    };
    var highlight = function (i) {
      active = i;
      items.forEach(function (li, k) { li.setAttribute('aria-selected', k === i ? 'true' : 'false'); });
      if (i >= 0) suggestBox.setAttribute('aria-activedescendant', items[i].id);
      else suggestBox.removeAttribute('aria-activedescendant');
    };
    // The last word typed is replaced by the phrase; what came before it stays.
    var take = function (i) {
      var phrase = items[i] && items[i].getAttribute('data-suggestion');
      if (!phrase) return;
      var value = suggestBox.value;
      var cut = value.search(/\S+\s*$/);
      suggestBox.value = (cut > 0 ? value.slice(0, cut) : '') + phrase;
      close();
      var form = suggestBox.form;
      if (form) form.requestSubmit ? form.requestSubmit() : form.submit();
    };
    var show = function (suggestions) {
      list.textContent = '';
      items = suggestions.map(function (sg, k) {
        var li = document.createElement('li');
        li.id = 'q-suggest-' + k;
        li.className = 'suggest-item';
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.setAttribute('data-suggestion', sg.text);
        var text = document.createElement('span');
        text.textContent = sg.text;
        var count = document.createElement('span');
        count.className = 'suggest-count';
        count.textContent = sg.sections + ' 节';
        li.appendChild(text);
        li.appendChild(count);
        // mousedown, not click: the box keeps its focus (blur would close the list first).
        li.addEventListener('mousedown', function (e) { e.preventDefault(); take(k); });
        list.appendChild(li);
        return li;
      });
      active = -1;
      list.hidden = items.length === 0;
      suggestBox.setAttribute('aria-expanded', items.length ? 'true' : 'false');
    };
    var ask = function () {
      var q = suggestBox.value.trim();
      if (!q) { close(); return; }
      var mine = ++asked;
      fetch('/api/suggest?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (j) { if (mine === asked && document.activeElement === suggestBox) show(j.suggestions || []); })
        .catch(function () { /* no suggestions: the box works as before */ });
    };
    suggestBox.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    suggestBox.addEventListener('keydown', function (e) {
      if (list.hidden || !items.length) return;
      if (e.key === 'ArrowDown') { e.preventDefault(); highlight((active + 1) % items.length); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
      else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); take(active); }
      else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(); }
    });
    suggestBox.addEventListener('blur', function () { setTimeout(close, 0); });
  }

  // Deleting a document or an account asks first (the form still works without JS).
  $$('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      if (!window.confirm(form.getAttribute('data-confirm'))) e.preventDefault();
    });
  });

  // The upload form says it is working: a large docx takes a few seconds to be indexed.
  var uploadForm = $('[data-upload-form]');
  if (uploadForm) {
    uploadForm.addEventListener('submit', function () {
      var button = $('button[type="submit"]', uploadForm);
      if (button) {
        button.disabled = true;
        button.textContent = '正在导入…';
      }
    });
  }
})();
