// 素材篮 in the browser: adding from a hit or from the viewer (the whole section, or the passage
// the user selected in it), the basket page (sources, reorder, remove, note) and the export.
// Signed in (body[data-signed-in]): the basket lives on the server (/api/basket), and a basket
// kept in this browser before signing in is merged into it once. Otherwise: localStorage.
// A static file because the CSP allows no inline script.
(function () {
  'use strict';
  var KEY = 'dj:basket';
  var MAX = 200;
  var signedIn = document.body.getAttribute('data-signed-in') === '1';
  var $ = function (sel, el) { return (el || document).querySelector(sel); };
  var $$ = function (sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); };

  function local() {
    try { return window.localStorage; } catch (err) { return null; }
  }
  function readLocal() {
    var ls = local();
    if (!ls) return [];
    try {
      var v = JSON.parse(ls.getItem(KEY) || '[]');
      return Array.isArray(v) ? v : [];
    } catch (err) { return []; }
  }
  function writeLocal(items) {
    var ls = local();
    if (ls) ls.setItem(KEY, JSON.stringify(items));
  }
  function api(method, url, body) {
    return fetch(url, {
      method: method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
      credentials: 'same-origin'
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw new Error((j && j.error && j.error.message) || ('HTTP ' + r.status));
        return j;
      });
    });
  }

  // One interface over both stores: load() → items, save(items) → items.
  var store = signedIn ? {
    load: function () {
      var pending = readLocal();
      return api('GET', '/api/basket').then(function (j) {
        if (!pending.length) return j.items;
        // First visit signed in: what this browser collected joins the account's basket.
        var merged = j.items.concat(pending).slice(0, MAX);
        return api('PUT', '/api/basket', { items: merged }).then(function (k) {
          writeLocal([]);
          return k.items;
        });
      });
    },
    save: function (items) { return api('PUT', '/api/basket', { items: items }).then(function (j) { return j.items; }); }
  } : {
    load: function () { return Promise.resolve(readLocal()); },
    save: function (items) { writeLocal(items); return Promise.resolve(items); }
  };

  var statusEl = $('[data-basket-status]');
  var statusTimer = null;
  function say(text) {
    if (!statusEl) return;
    statusEl.textContent = text;
    statusEl.classList.add('is-shown');
    clearTimeout(statusTimer);
    statusTimer = setTimeout(function () { statusEl.classList.remove('is-shown'); }, 2500);
  }
  function showCount(items) {
    $$('[data-basket-count]').forEach(function (el) { el.textContent = items.length ? String(items.length) : ''; });
  }

  function add(item) {
    return store.load().then(function (items) {
      if (items.length >= MAX) throw new Error('素材篮最多 ' + MAX + ' 条');
      var same = items.some(function (it) { return it.sectionId === item.sectionId && (it.quote || '') === (item.quote || ''); });
      if (same) return { items: items, dup: true };
      return store.save(items.concat([item])).then(function (saved) { return { items: saved, dup: false }; });
    });
  }

  // ---------- viewer: the selected passage of a section ----------
  function normalise(text) {
    return text.replace(/\r\n?/g, '\n').replace(/\n{2,}/g, '\n').trim();
  }
  /** The selection, when it lies inside one section's text: { sectionId, quote }. */
  function selectedPassage() {
    var sel = window.getSelection ? window.getSelection() : null;
    if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
    var box = function (node) {
      var el = node && (node.nodeType === 1 ? node : node.parentElement);
      return el ? el.closest('[data-sec-text]') : null;
    };
    var a = box(sel.anchorNode);
    if (!a || a !== box(sel.focusNode)) return null;
    var quote = normalise(sel.toString());
    if (!quote) return null;
    var section = a.closest('section[id^="section-"]');
    return section ? { sectionId: section.id.slice('section-'.length), quote: quote } : null;
  }
  var selectionButtons = $$('[data-basket-selection]');
  if (selectionButtons.length) {
    document.addEventListener('selectionchange', function () {
      var picked = selectedPassage();
      selectionButtons.forEach(function (b) {
        var on = picked && picked.sectionId === b.getAttribute('data-basket-add');
        b.textContent = on ? '所选文字加入素材篮' : '整节加入素材篮';
        b.classList.toggle('is-selection', !!on);
      });
    });
  }

  // Buttons keep the selection: a mousedown on them would otherwise clear it before the click.
  $$('[data-basket-add]').forEach(function (btn) {
    btn.addEventListener('mousedown', function (e) { e.preventDefault(); });
    btn.addEventListener('click', function () {
      var sectionId = btn.getAttribute('data-basket-add');
      var item = { sectionId: sectionId, note: '', addedAt: new Date().toISOString() };
      if (btn.hasAttribute('data-basket-selection')) {
        var picked = selectedPassage();
        if (picked && picked.sectionId === sectionId) item.quote = picked.quote;
      }
      add(item).then(function (r) {
        showCount(r.items);
        btn.classList.add('is-done');
        say(r.dup ? '素材篮里已有这条' : (item.quote ? '已将所选文字加入素材篮' : '已加入素材篮') + '（共 ' + r.items.length + ' 条）');
      }, function (err) { say('未能加入素材篮：' + err.message); });
    });
  });

  // ---------- the basket page ----------
  var page = $('[data-basket-page]');
  var items = [];
  var sources = {};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function button(label, action, i, disabled) {
    var b = el('button', 'btn-quiet', label);
    b.type = 'button';
    b.setAttribute('data-action', action);
    b.setAttribute('data-index', String(i));
    if (disabled) b.disabled = true;
    return b;
  }
  function render() {
    var list = $('[data-basket-list]', page);
    list.textContent = '';
    $('[data-basket-empty]', page).hidden = items.length > 0;
    $('[data-export-form]', page).hidden = items.length === 0;
    showCount(items);
    items.forEach(function (it, i) {
      var src = sources[it.sectionId];
      var li = el('li', 'basket-item');
      li.setAttribute('data-basket-item', it.sectionId);
      var text = it.quote || (src ? (src.text || src.heading) : '');
      li.appendChild(el('blockquote', 'basket-text', text || '（该章节已不在档案中）'));
      var cite = el('p', 'basket-source');
      if (src) {
        var a = el('a', '', src.citation);
        a.href = src.url;
        cite.appendChild(a);
        if (it.quote) cite.appendChild(el('span', 'muted', ' · 摘录'));
      } else {
        cite.textContent = '来源章节 ' + it.sectionId + ' 已不在档案中，请移除';
      }
      li.appendChild(cite);
      var note = el('textarea', 'basket-note');
      note.rows = 2;
      note.maxLength = 2000;
      note.placeholder = '备注（随导出一起输出）';
      note.value = it.note || '';
      note.setAttribute('data-index', String(i));
      note.setAttribute('aria-label', '第 ' + (i + 1) + ' 条的备注');
      li.appendChild(note);
      var tools = el('p', 'basket-tools');
      tools.appendChild(button('上移', 'up', i, i === 0));
      tools.appendChild(button('下移', 'down', i, i === items.length - 1));
      tools.appendChild(button('移除', 'remove', i, false));
      li.appendChild(tools);
      list.appendChild(li);
    });
  }
  function save() {
    return store.save(items).then(function (saved) { items = saved; }, function (err) { say('保存失败：' + err.message); });
  }

  if (page) {
    store.load().then(function (loaded) {
      items = loaded;
      var ids = items.map(function (it) { return it.sectionId; });
      if (!ids.length) return;
      return api('GET', '/api/sections?ids=' + encodeURIComponent(ids.join(','))).then(function (j) {
        j.sections.forEach(function (s) { sources[s.sectionId] = s; });
      });
    }).then(render, function (err) { say('素材篮读取失败：' + err.message); render(); });

    page.addEventListener('click', function (e) {
      var b = e.target.closest('[data-action]');
      if (!b) return;
      var i = Number(b.getAttribute('data-index'));
      var action = b.getAttribute('data-action');
      if (action === 'remove') items.splice(i, 1);
      else if (action === 'up' && i > 0) items.splice(i - 1, 0, items.splice(i, 1)[0]);
      else if (action === 'down' && i < items.length - 1) items.splice(i + 1, 0, items.splice(i, 1)[0]);
      render();
      save();
    });
    var noteTimer = null;
    page.addEventListener('input', function (e) {
      if (!e.target.classList.contains('basket-note')) return;
      items[Number(e.target.getAttribute('data-index'))].note = e.target.value;
      clearTimeout(noteTimer);
      noteTimer = setTimeout(save, 400);
    });

    $('[data-export-form]', page).addEventListener('submit', function (e) {
      e.preventDefault();
      var form = e.target;
      var error = $('[data-export-error]', form);
      error.textContent = '';
      var body = {
        title: form.elements.title.value.trim() || undefined,
        format: form.elements.format.value,
        items: items.map(function (it) {
          var out = { sectionId: it.sectionId };
          if (it.quote) out.quote = it.quote;
          if (it.note) out.note = it.note;
          return out;
        })
      };
      fetch('/api/export', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' })
        .then(function (r) {
          if (!r.ok) return r.json().then(function (j) { throw new Error(j.error ? j.error.message : 'HTTP ' + r.status); });
          var cd = r.headers.get('Content-Disposition') || '';
          var m = /filename\*=UTF-8''([^;]+)/i.exec(cd);
          var name = m ? decodeURIComponent(m[1]) : '素材汇编.' + body.format;
          return r.blob().then(function (blob) {
            var a = document.createElement('a');
            a.href = URL.createObjectURL(blob);
            a.download = name;
            document.body.appendChild(a);
            a.click();
            setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
            say('已导出 ' + name);
          });
        })
        .catch(function (err) { error.textContent = '导出失败：' + err.message; });
    });
  } else {
    // Elsewhere only the count in the header.
    store.load().then(showCount, function () {});
  }
})();
