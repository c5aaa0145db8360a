/* Site search in the header (overrides/partials/ew-search.html): Pagefind's index of the item
   and building pages, loaded a piece at a time as a query needs it.

   The query is cut into tokens by exactly the rules the build uses for the pages
   (tooling/echowall/search.py: NFKC, lower case, runs of ASCII letters/digits or single CJK
   ideographs, neighbouring pairs, item ids joined), so what a resident types is found the
   same way in every browser, with or without Intl.Segmenter. Each token is looked up on its
   own; the pages that have the most of the query's tokens are the results (a pair that occurs
   nowhere, like 幢漏 in 5幢漏水, is the seam between two words and counts for nobody), best
   Pagefind score first. An item id puts that item first, a building's name its page.

   Written for old in-app browsers too: no syntax newer than ES2017 outside the import, which
   is made through Function so that a browser without dynamic import() still runs the rest
   and says search is unavailable. */
(function () {
  "use strict";

  var IDEOGRAPHS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var RUN = new RegExp("(?:[0-9a-z]+|[" + IDEOGRAPHS + "])+", "g");
  var UNIT = new RegExp("[0-9a-z]+|[" + IDEOGRAPHS + "]", "g");
  var ITEM_ID = /(^|[^0-9a-z])([0-9]{6})-([0-9a-z]{4,8})(?![0-9a-z])/g;
  var PAGE = 10;

  function normalize(text) {
    return String(text || "").normalize("NFKC").toLowerCase();
  }

  /* The tokens of a text, each once, in order of first appearance (search.py: tokens). */
  function tokens(text) {
    text = normalize(text);
    var out = [], seen = {};
    function add(t) {
      if (!Object.prototype.hasOwnProperty.call(seen, t)) { seen[t] = true; out.push(t); }
    }
    var m;
    ITEM_ID.lastIndex = 0;
    while ((m = ITEM_ID.exec(text)) !== null) add(m[2] + m[3]);
    var runs = text.match(RUN) || [];
    for (var r = 0; r < runs.length; r++) {
      var units = runs[r].match(UNIT);
      if (units.length === 1) { add(units[0]); continue; }
      for (var i = 0; i + 1 < units.length; i++) add(units[i] + units[i + 1]);
      for (var j = 0; j < units.length; j++) {
        if (units[j].length > 1 && /^[0-9a-z]+$/.test(units[j])) add(units[j]);
      }
    }
    return out;
  }

  /* The pages that have the most of the tokens, best first: [{id, score, result}]; only
     pages `allowed` (a filter) count. */
  function rank(lists, allowed) {
    var pages = {}, order = [];
    lists.forEach(function (list) {
      list.forEach(function (r) {
        if (allowed && !allowed(r.id)) return;
        var p = pages[r.id];
        if (!p) { p = pages[r.id] = { id: r.id, n: 0, score: 0, result: r }; order.push(p); }
        p.n += 1;
        p.score += r.score;
      });
    });
    var best = 0;
    order.forEach(function (p) { if (p.n > best) best = p.n; });
    return order.filter(function (p) { return p.n === best; }).sort(function (a, b) {
      return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
  }

  var scriptUrl = document.currentScript && document.currentScript.src;
  var pagefind = null;

  function load() {
    if (!pagefind) {
      var url = new URL("../pagefind/pagefind.js", scriptUrl || location.href).href;
      var importer;
      try {
        importer = new Function("u", "return import(u)");
      } catch (e) {
        return Promise.reject(e);
      }
      pagefind = importer(url).then(function (pf) {
        // Pagefind picks its index, and how it cuts the query, by the page's <html lang>:
        // for zh it would cut the query with Intl.Segmenter (3幢 → 3 + 幢). The index is
        // "und" (tokens made as above), so the instance is made while the page says so.
        var html = document.documentElement, lang = html.getAttribute("lang");
        html.setAttribute("lang", "und");
        var ready;
        try {
          // no worker: its script is another 41 KB for a phone, and a query here is a few
          // lookups that take milliseconds on the page's own thread
          pf.options({ noWorker: true });
          ready = pf.init();
        } finally { html.setAttribute("lang", lang); }
        return Promise.resolve(ready).then(function () { return pf; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  /* Results for a query: {pages: ranked pages, tokens}. `filters` are filter tokens
     (search-filters.json): a page must have each of them. */
  function search(query, filters) {
    var toks = tokens(query);
    filters = filters || [];
    if (!toks.length) return Promise.resolve({ pages: [], tokens: toks });
    return load().then(function (pf) {
      return Promise.all(toks.concat(filters).map(function (t) {
        return pf.search(t).then(function (r) { return (r && r.results) || []; });
      }));
    }).then(function (lists) {
      var sets = lists.slice(toks.length).map(function (list) {
        var set = {};
        list.forEach(function (r) { set[r.id] = true; });
        return set;
      });
      var allowed = sets.length ? function (id) { return sets.every(function (set) { return set[id]; }); } : null;
      return { pages: rank(lists.slice(0, toks.length), allowed), tokens: toks };
    });
  }

  /* What the query names exactly: an item id, or a building by any of its names. */
  function first(query, datas) {
    var q = normalize(query).replace(/\s+/g, "");
    var id = /^([0-9]{6})-?([0-9a-z]{4,8})$/.exec(q);
    for (var i = 0; i < datas.length; i++) {
      var meta = metaOf(datas[i]);
      if (id && meta.id === id[1] + "-" + id[2]) return i;
      if (!id && meta.kind === "building" && (meta.names || "").split(" ").indexOf(q) >= 0) return i;
    }
    return -1;
  }

  /* A search result's metadata, spelled in signs by the build (search.py: meta_value). */
  var SIGNS = "!#$%()*+,-./:;=?";
  function unsign(value) {
    if (typeof value !== "string" || value.charAt(0) !== "~") return value;
    var bytes = new Uint8Array((value.length - 1) >> 1);
    for (var i = 0; i < bytes.length; i++) {
      bytes[i] = (SIGNS.indexOf(value.charAt(1 + 2 * i)) << 4) | SIGNS.indexOf(value.charAt(2 + 2 * i));
    }
    return new TextDecoder("utf-8").decode(bytes);
  }

  function metaOf(data) {
    var out = {}, meta = (data && data.meta) || {};
    Object.keys(meta).forEach(function (k) { out[k] = unsign(meta[k]); });
    return out;
  }

  /* The index is made from one document per page staged as i/<id>.html (searchindex.py):
     the page itself is i/<id>/. */
  function pageUrl(url) { return String(url).replace(/\.html$/, "/"); }

  function text(el, value) { el.textContent = value; return el; }
  function make(tag, cls) { var el = document.createElement(tag); if (cls) el.className = cls; return el; }
  function format(template, n) { return String(template || "").replace("{n}", n); }

  function resultItem(data) {
    var meta = metaOf(data);
    var li = make("li", "md-search-result__item");
    var a = make("a", "md-search-result__link");
    a.href = pageUrl(data.url);
    var article = make("article", "md-search-result__article md-typeset");
    article.appendChild(text(make("h1"), meta.title || data.url));
    var p = make("p", "ew-search-meta");
    var parts = meta.kind === "building" ? [meta.open] : [meta.id, meta.status, meta.where, meta.date];
    parts.filter(Boolean).forEach(function (part, k) {
      if (k) p.appendChild(document.createTextNode(" · "));
      p.appendChild(text(make("span", k === 0 && meta.id ? "ew-id" : ""), part));
    });
    article.appendChild(p);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function mount(box) {
    var input = box.querySelector("[data-ew-search-input]");
    var form = box.querySelector("form");
    var info = box.querySelector(".md-search-result__meta");
    var list = box.querySelector(".md-search-result__list");
    var filterBox = box.querySelector("[data-ew-search-filters]");
    var toggle = document.getElementById("__search");
    var s = box.dataset;
    var shown = { query: null, pages: [], datas: [], next: 0 };
    var timer = null, generation = 0;

    function filters() {
      var out = [];
      if (!filterBox) return out;
      Array.prototype.forEach.call(filterBox.querySelectorAll("select"), function (sel) {
        if (sel.value) out.push(sel.value);
      });
      return out;
    }

    function more() {
      var upto = Math.min(shown.pages.length, shown.next + PAGE);
      var batch = shown.pages.slice(shown.next, upto);
      var mine = generation;
      return Promise.all(batch.map(function (p) { return p.result.data(); })).then(function (datas) {
        if (mine !== generation) return;
        if (shown.next === 0) {
          var k = first(shown.query, datas);
          if (k > 0) datas.unshift(datas.splice(k, 1)[0]);
        }
        var old = list.querySelector(".ew-search-more");
        if (old) old.remove();
        datas.forEach(function (d) { list.appendChild(resultItem(d)); });
        shown.next = upto;
        if (upto < shown.pages.length) {
          var li = make("li", "md-search-result__item ew-search-more");
          var button = text(make("button", "md-button"), s.more);
          button.type = "button";
          button.addEventListener("click", function () { more(); });
          li.appendChild(button);
          list.appendChild(li);
        }
      });
    }

    function run() {
      var query = input.value;
      var mine = ++generation;
      list.textContent = "";
      if (!tokens(query).length) { text(info, s.placeholder); return; }
      text(info, s.searching);
      search(query, filters()).then(function (found) {
        if (mine !== generation) return;
        shown = { query: query, pages: found.pages, datas: [], next: 0 };
        text(info, found.pages.length ? format(s.count, found.pages.length) : s.none);
        box.setAttribute("data-ew-results", String(found.pages.length));
        return more();
      }).catch(function () {
        if (mine === generation) text(info, s.unsupported);
      });
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(run, 200);
    }

    input.addEventListener("input", function (e) { if (!e.isComposing) later(); });
    input.addEventListener("compositionend", later);
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && toggle) { toggle.checked = false; input.blur(); }
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    form.addEventListener("reset", function () { setTimeout(run, 0); });
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) {
          input.focus();
          load().catch(function () { text(info, s.unsupported); });
        }
      });
    }
    if (filterBox) {
      filterBox.addEventListener("toggle", function () {
        if (!filterBox.open || filterBox.getAttribute("data-loaded")) return;
        filterBox.setAttribute("data-loaded", "1");
        var url = new URL("../search-filters.json", scriptUrl || location.href).href;
        fetch(url).then(function (r) { return r.json(); }).then(function (all) {
          Array.prototype.forEach.call(filterBox.querySelectorAll("select"), function (sel) {
            (all[sel.name] || []).forEach(function (value) {
              var option = text(make("option"), value[1] + " (" + value[2] + ")");
              option.value = value[0];
              sel.appendChild(option);
            });
          });
        }).catch(function () { filterBox.removeAttribute("data-loaded"); });
      });
      filterBox.addEventListener("change", run);
    }
    text(info, s.placeholder);
    box.setAttribute("data-ew-ready", "1");
  }

  window.echowallSearch = { tokens: tokens, search: search, rank: rank, meta: metaOf, first: first, url: pageUrl };
  var box = document.querySelector("[data-ew-search]");
  if (box) mount(box);
})();
