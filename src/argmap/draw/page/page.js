/* The argmap HTML view's script: pan and zoom, search, filters, the side panel, the findings list.
   Every piece of map text is put into the page with textContent, never as markup. */
(function () {
  "use strict";
  var NONCE = document.currentScript ? document.currentScript.nonce : "";
  var data = JSON.parse(document.getElementById("argmap-data").textContent);
  var SVGNS = "http://www.w3.org/2000/svg";
  var claims = new Map(), arguments_ = new Map(), byDom = new Map();
  // A box's id in the SVG is `claim-ID` (`argument-ID`), unless the data names another (an id made in code).
  data.claims.forEach(function (c) { c.dom = c.dom || "claim-" + c.id; claims.set(c.id, c); byDom.set(c.dom, c.id); });
  data.arguments.forEach(function (a) { a.dom = a.dom || "argument-" + a.id; arguments_.set(a.id, a); byDom.set(a.dom, "argument:" + a.id); });
  var links = data.links.map(function (l) { return { from: l[0], to: l[1], kind: l[2], reason: l[3] || "" }; });
  var out = new Map(), into = new Map();
  links.forEach(function (l) { push(out, l.from, l); push(into, l.to, l); });
  var reportsAbout = new Map();
  data.reports.forEach(function (r, i) { (r.about || []).forEach(function (id) { push(reportsAbout, id, i); }); });
  var members = new Map();  // argument id -> its claims
  data.claims.forEach(function (c) { if (c.argument) push(members, c.argument, c.id); });
  data.arguments.forEach(function (a) {
    (a.premises || []).concat(a.conclusions || []).forEach(function (id) {
      var list = members.get(a.id) || []; if (list.indexOf(id) < 0) push(members, a.id, id);
    });
  });

  function push(map, key, value) { var list = map.get(key); if (list) list.push(value); else map.set(key, [value]); }
  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  /* ---- the picture and its boxes ---- */
  var viewport = $("viewport"), canvas = $("canvas"), picture = $("picture"), hood = $("neighbourhood");
  var svg = picture.querySelector("svg");
  var nodes = new Map(), clusters = new Map(), edges = [];
  function indexPicture() {
    nodes.clear(); clusters.clear(); edges = [];
    var root = hood.hidden ? picture : hood;
    root.querySelectorAll("g.node, g.box").forEach(function (g) {
      var key = g.getAttribute("data-claim") || byDom.get(g.id);
      if (key) { nodes.set(key, g); g.setAttribute("tabindex", "0"); }  // Tab reaches each box, Enter opens it
    });
    root.querySelectorAll("g.cluster").forEach(function (g) { var key = byDom.get(g.id); if (key) clusters.set(key, g); });
    root.querySelectorAll("g.edge").forEach(function (g) {
      var title = g.getAttribute("data-ends") || (g.querySelector("title") || {}).textContent || "";
      var ends = title.split(/->|--|:/).filter(function (id) { return claims.has(id) || arguments_.has(id); });
      edges.push({ g: g, ends: ends });
    });
  }
  /* ---- a large map's overview, painted on a canvas from Graphviz's layout ---- */
  var ov = data.overview || null, cv = $("overview"), ctx = null, painting = false;
  var ovBoxes = [], ovByKey = new Map(), ovMatch = new Set(), ovDim = new Set(), ovSelected = null;
  if (ov) {
    ctx = cv.getContext("2d"); cv.hidden = false;
    ovBoxes = ov.boxes.map(function (b) {
      var key = byDom.get(b[0]), a = key && key.indexOf("argument:") === 0 ? arguments_.get(key.slice(9)) : null;
      var box = { key: key, x: b[1], y: b[2], w: b[3], h: b[4], colour: b[5], label: a ? (a.title || a.id) : (key || "") };
      if (key) ovByKey.set(key, box);
      return box;
    });
    ov.lines.forEach(function (l) { l.ends = [byDom.get(l[3]), byDom.get(l[4])]; });
  }
  function canvasMode() { return !!ov && hood.hidden; }
  function paintSoon() { if (!painting) { painting = true; requestAnimationFrame(paint); } }
  function paint() {
    painting = false;
    if (!canvasMode()) return;
    var dpr = window.devicePixelRatio || 1, w = viewport.clientWidth, h = viewport.clientHeight;
    if (cv.width !== Math.round(w * dpr) || cv.height !== Math.round(h * dpr)) {
      cv.width = Math.round(w * dpr); cv.height = Math.round(h * dpr); cv.style.width = w + "px"; cv.style.height = h + "px";
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, cv.width, cv.height);
    ctx.setTransform(dpr * view.k, 0, 0, dpr * view.k, dpr * view.x, dpr * view.y);
    var x0 = -view.x / view.k, y0 = -view.y / view.k, x1 = x0 + w / view.k, y1 = y0 + h / view.k, px = 1 / view.k;
    ov.lines.forEach(function (l) {
      var p = l[0]; if (p.length < 4) return;
      ctx.globalAlpha = ovDim.has(l.ends[0]) && ovDim.has(l.ends[1]) ? 0.15 : 1;
      ctx.strokeStyle = l[1]; ctx.lineWidth = 1.4 * Math.max(px, 0.5);
      ctx.setLineDash(l[2] === "dashed" ? [6, 4] : l[2] === "dotted" ? [2, 3] : []);
      ctx.beginPath(); ctx.moveTo(p[0], p[1]);
      for (var i = 2; i + 5 < p.length; i += 6) ctx.bezierCurveTo(p[i], p[i + 1], p[i + 2], p[i + 3], p[i + 4], p[i + 5]);
      ctx.stroke();
    });
    ctx.setLineDash([]);
    var legible = view.k * 11 >= 6;
    ctx.font = "11px Helvetica, Arial, sans-serif"; ctx.textBaseline = "top";
    ovBoxes.forEach(function (b) {
      if (b.x > x1 || b.y > y1 || b.x + b.w < x0 || b.y + b.h < y0) return;
      ctx.globalAlpha = ovDim.has(b.key) ? 0.15 : 1;
      ctx.fillStyle = "#f7f7f7"; ctx.fillRect(b.x, b.y, b.w, b.h);
      var mark = b.key === ovSelected ? "#1f78b4" : ovMatch.has(b.key) ? "#e6ab02" : null;
      ctx.strokeStyle = mark || b.colour; ctx.lineWidth = mark ? Math.max(4 * px, 3) : Math.max(px, 1);
      ctx.strokeRect(b.x, b.y, b.w, b.h);
      if (legible) {
        ctx.fillStyle = "#222";
        if (!b.lines) b.lines = wrapText(b.label, Math.max(8, Math.floor(b.w / 6.2)));
        b.lines.slice(0, Math.max(1, Math.floor((b.h - 6) / 13))).forEach(function (line, n) { ctx.fillText(line, b.x + 5, b.y + 4 + 13 * n, b.w - 10); });
      }
    });
    ctx.globalAlpha = 1;
  }
  function hitBox(clientX, clientY) {
    var port = viewport.getBoundingClientRect(), wx = (clientX - port.left - view.x) / view.k, wy = (clientY - port.top - view.y) / view.k;
    for (var i = ovBoxes.length - 1; i >= 0; i--) {
      var b = ovBoxes[i];
      if (wx >= b.x && wx <= b.x + b.w && wy >= b.y && wy <= b.y + b.h) return b;
    }
    return null;
  }
  viewport.addEventListener("click", function (e) {
    if (!canvasMode() || (drag && drag.moved)) return;
    var b = hitBox(e.clientX, e.clientY);
    if (b && b.key) select(b.key, { centre: false });
  });
  // A page whose room changes (a window resized, a notebook's frame laid out after the page started) fits its
  // picture again until the reader has moved it or chosen something.
  var moved = false;
  new ResizeObserver(function () { if (!moved && !selected) fit(); else if (canvasMode()) paintSoon(); }).observe(viewport);

  // The box showing a claim: its own, or in the overview its argument's.
  function boxOf(id) {
    if (canvasMode()) {
      var c0 = claims.get(id);
      return ovByKey.get(id) || (c0 && c0.argument ? ovByKey.get("argument:" + c0.argument) : null) || null;
    }
    if (nodes.has(id)) return nodes.get(id);
    var c = claims.get(id);
    if (c && c.argument && nodes.has("argument:" + c.argument)) return nodes.get("argument:" + c.argument);
    return null;
  }

  /* ---- pan and zoom ---- */
  var view = { x: 0, y: 0, k: 1 };
  function apply() {
    if (canvasMode()) paintSoon();
    else canvas.style.transform = "translate(" + view.x + "px," + view.y + "px) scale(" + view.k + ")";
  }
  function zoomAt(factor, cx, cy) {
    moved = true;
    var k = Math.min(8, Math.max(0.02, view.k * factor));
    view.x = cx - (cx - view.x) * (k / view.k); view.y = cy - (cy - view.y) * (k / view.k); view.k = k; apply();
  }
  function shown() { return hood.hidden ? picture.querySelector("svg") : hood.querySelector("svg"); }
  function fit() {
    var s = shown(), w, h;
    if (canvasMode()) { w = ov.width || 1; h = ov.height || 1; }
    else if (!s) return;
    else { w = s.width.baseVal.value || s.getBoundingClientRect().width; h = s.height.baseVal.value || 1; }
    var vw = viewport.clientWidth || 1, vh = viewport.clientHeight || 1;
    view.k = Math.min(vw / w, vh / h, 1) * 0.98; view.x = (vw - w * view.k) / 2; view.y = Math.max(0, (vh - h * view.k) / 2);
    apply();
  }
  function centre(g) {
    var port = viewport.getBoundingClientRect(), box;
    if (g.w !== undefined) {  // a box of the painted overview
      view.k = Math.max(view.k, 0.6);
      view.x = port.width / 2 - (g.x + g.w / 2) * view.k; view.y = port.height / 2 - (g.y + g.h / 2) * view.k;
      apply(); return;
    }
    box = g.getBoundingClientRect();
    if (view.k < 0.7) { zoomAt(0.9 / view.k, box.left + box.width / 2 - port.left, box.top + box.height / 2 - port.top); box = g.getBoundingClientRect(); }
    view.x += port.left + port.width / 2 - (box.left + box.width / 2);
    view.y += port.top + port.height / 2 - (box.top + box.height / 2);
    apply();
  }
  viewport.addEventListener("wheel", function (e) {
    e.preventDefault();
    var port = viewport.getBoundingClientRect();
    if (e.ctrlKey || e.metaKey) zoomAt(Math.exp(-e.deltaY * 0.01), e.clientX - port.left, e.clientY - port.top);
    else { moved = true; view.x -= e.deltaX; view.y -= e.deltaY; apply(); }
  }, { passive: false });
  var drag = null;
  viewport.addEventListener("pointerdown", function (e) {
    if (e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false };
  });
  window.addEventListener("pointermove", function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true; moved = true; viewport.classList.add("dragging");
    view.x = drag.vx + dx; view.y = drag.vy + dy; apply();
  });
  window.addEventListener("pointerup", function () { if (drag) { viewport.classList.remove("dragging"); setTimeout(function () { drag = null; }, 0); } });
  function centreOfPort() { return [viewport.clientWidth / 2, viewport.clientHeight / 2]; }
  $("zoom-in").addEventListener("click", function () { var c = centreOfPort(); zoomAt(1.25, c[0], c[1]); });
  $("zoom-out").addEventListener("click", function () { var c = centreOfPort(); zoomAt(0.8, c[0], c[1]); });
  $("zoom-fit").addEventListener("click", fit);
  document.addEventListener("keydown", function (e) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName);
    if (e.key === "/" && !typing) { e.preventDefault(); $("search").focus(); return; }
    if (e.key === "Escape") { if (typing) e.target.blur(); select(null); return; }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    var c = centreOfPort(), step = 60;
    if (e.key === "+" || e.key === "=") zoomAt(1.25, c[0], c[1]);
    else if (e.key === "-" || e.key === "_") zoomAt(0.8, c[0], c[1]);
    else if (e.key === "0") fit();
    else if (e.key === "ArrowLeft") { view.x += step; apply(); }
    else if (e.key === "ArrowRight") { view.x -= step; apply(); }
    else if (e.key === "ArrowUp") { view.y += step; apply(); }
    else if (e.key === "ArrowDown") { view.y -= step; apply(); }
    else return;
    moved = true;
    e.preventDefault();
  });

  /* ---- selection and the side panel ---- */
  var selected = null, panel = $("panel");
  function keyFromFragment(fragment) {
    var raw = decodeURIComponent(fragment.replace(/^#/, ""));
    if (byDom.has(raw)) return byDom.get(raw);
    if (raw.indexOf("claim-") === 0 && claims.has(raw.slice(6))) return raw.slice(6);
    if (raw.indexOf("argument-") === 0 && arguments_.has(raw.slice(9))) return "argument:" + raw.slice(9);
    return null;
  }
  function fragmentOf(key) {
    if (key.indexOf("argument:") === 0) return "#" + arguments_.get(key.slice(9)).dom;
    return "#" + claims.get(key).dom;
  }
  function select(key, options) {
    options = options || {};
    document.querySelectorAll(".selected").forEach(function (g) { g.classList.remove("selected"); });
    selected = key; ovSelected = null; if (ov) paintSoon();
    if (!key) { panel.hidden = true; address(location.pathname + location.search); return; }
    showPanel(key);  // first, so that the picture is centred in the room the panel leaves
    if (ov) {
      var argId = key.indexOf("argument:") === 0 ? key.slice(9) : (claims.get(key) || {}).argument;
      // A neighbourhood just drawn is shown whole (fitted), not centred on one of its boxes.
      if (argId && options.open !== false && openNeighbourhood(argId)) options = { centre: false };
    }
    var g = key.indexOf("argument:") === 0 && !canvasMode() ? (clusters.get(key) || nodes.get(key)) : boxOf(key);
    if (g && g.classList) g.classList.add("selected");
    else if (g) ovSelected = g.key;
    if (g && options.centre !== false) centre(g);
    if (location.hash !== fragmentOf(key)) address(fragmentOf(key));
  }
  // The address follows the selection; a page in a sandboxed frame (a notebook's) has none to change.
  function address(url) { try { history.replaceState(null, "", url); } catch (e) { /* about:srcdoc */ } }
  function claimLink(id) {
    var c = claims.get(id);
    if (!c) return el("span", id);
    var a = el("a", id); a.href = "#" + c.dom; a.title = c.text;
    a.addEventListener("click", function (e) { e.preventDefault(); select(id); });
    return a;
  }
  function argumentLink(id) {
    var arg = arguments_.get(id);
    if (!arg) return el("span", id);
    var a = el("a", arg.title || id); a.href = "#" + arg.dom;
    a.addEventListener("click", function (e) { e.preventDefault(); select("argument:" + id); });
    return a;
  }
  function actorName(id) { var a = data.actors[id]; return a ? a.name + (a.role ? " (" + a.role + ")" : "") + (a.unnamed ? ", unnamed" : "") : id; }
  function grade(sourceId, credibility) {
    var s = data.sources[sourceId] || {};
    var li = el("li"); li.appendChild(el("span", s.title || sourceId));
    var g = (s.reliability || "") + (credibility ? String(credibility) : "");
    li.appendChild(el("span", " (" + sourceId + (g ? ", Admiralty " + g : ", ungraded") + ")", "grade"));
    if (s.file) li.appendChild(el("div", "text: " + s.file, "kind"));
    return withNotes(li, s.notes);
  }
  function withNotes(li, notes) { (notes || []).forEach(function (n) { li.appendChild(el("div", n, "kind")); }); return li; }
  function actorItem(id) { return withNotes(el("li", actorName(id)), (data.actors[id] || {}).notes); }
  function section(title, parent) { parent.appendChild(el("h3", title)); }
  function list(items, parent) { var ul = el("ul"); items.forEach(function (i) { ul.appendChild(i); }); parent.appendChild(ul); return ul; }
  var STATUS = { "in": "accepted", out: "defeated", undec: "undecided" };
  var VERBS = { support: "supports", linked: "supports (together with others)", rebut: "rebuts", undermine: "undermines", undercut: "undercuts the step to", contradiction: "contradicts" };
  var PASSIVE = { support: "supported by", linked: "supported (together with others) by", rebut: "rebutted by", undermine: "undermined by", undercut: "step undercut by", contradiction: "contradicts" };
  function reportItem(i) {
    var r = data.reports[i];
    var li = el("li", null, "report sev-" + r.severity + (r.acknowledged ? " acknowledged" : ""));
    li.appendChild(el("span", r.code, "code"));
    li.appendChild(el("span", " [" + (r.category === "finding" ? "finding" : r.severity) + (r.acknowledged ? ", acknowledged" : "") + "] "));
    li.appendChild(el("span", r.message));
    li.appendChild(el("div", r.place, "kind"));
    if (r.hint) li.appendChild(el("div", "help: " + r.hint, "kind"));
    if (r.acknowledged) li.appendChild(el("div", "acknowledged: " + r.acknowledged, "ack"));
    return li;
  }
  function showPanel(key) {
    panel.replaceChildren(); panel.hidden = false;
    var close = el("button", "×", "close"); close.type = "button"; close.title = "Close (Escape)";
    close.addEventListener("click", function () { select(null); });
    panel.appendChild(close);
    if (key.indexOf("argument:") === 0) return argumentPanel(key.slice(9));
    var c = claims.get(key);
    panel.appendChild(el("h2", c.id));
    panel.appendChild(el("div", c.kind + (c.argument ? " in argument " : ""), "kind"));
    if (c.argument) panel.lastChild.appendChild(argumentLink(c.argument));
    panel.appendChild(el("p", c.text, "text"));
    if (c.status) {
      var st = el("p", null, "status-" + c.status); st.appendChild(el("b", STATUS[c.status]));
      st.appendChild(el("span", c.reason ? ": " + c.reason : "")); panel.appendChild(st);
    }
    if (c.likelihood || c.probability !== undefined) {
      panel.appendChild(el("p", "Likelihood: " + [c.likelihood, c.probability !== undefined ? Math.round(c.probability * 100) + "%" : ""].filter(Boolean).join(" "), "likelihood"));
    }
    if (c.confidence) { panel.appendChild(el("p", "Analytic confidence: " + c.confidence, "likelihood")); }
    if ((c.actors || []).length) { section("Held by", panel); list(c.actors.map(actorItem), panel); }
    if ((c.quotes || []).length) {
      section("Quotes", panel);
      c.quotes.forEach(function (q) {
        var b = el("blockquote", null, "quote");
        if (q.passage) {
          b.appendChild(el("span", q.passage[0], "context")); b.appendChild(el("mark", q.passage[1])); b.appendChild(el("span", q.passage[2], "context"));
        } else b.appendChild(el("span", "“" + q.text + "”"));
        var s = data.sources[q.source] || {};
        b.appendChild(el("div", "— " + (s.title || q.source) + (q.passage ? "" : (s.file ? " (not found in the source's text)" : " (no text on disk to show the passage from)")), "kind"));
        panel.appendChild(b);
      });
    }
    var sources = (c.sources || []).concat((c.quotes || []).map(function (q) { return q.source; }));
    sources = sources.filter(function (s, i) { return sources.indexOf(s) === i; });
    if (sources.length) { section("Sources", panel); list(sources.map(function (s) { return grade(s, c.credibility); }), panel); }
    var rel = [];
    (out.get(c.id) || []).forEach(function (l) { var li = el("li", VERBS[l.kind] + " "); li.appendChild(claimLink(l.to)); if (l.reason) li.appendChild(el("span", " (acknowledged: " + l.reason + ")", "ack")); rel.push(li); });
    (into.get(c.id) || []).forEach(function (l) { var li = el("li", PASSIVE[l.kind] + " "); li.appendChild(claimLink(l.from)); if (l.reason) li.appendChild(el("span", " (acknowledged: " + l.reason + ")", "ack")); rel.push(li); });
    if (rel.length) { section("Links", panel); list(rel, panel); }
    if ((c.tags || []).length) { section("Tags", panel); panel.appendChild(el("p", c.tags.join(", "))); }
    (c.notes || []).forEach(function (n) { panel.appendChild(el("p", n, "kind")); });
    var reports = reportsAbout.get(c.id) || [];
    section("Check reports", panel);
    if (reports.length) list(reports.map(reportItem), panel); else panel.appendChild(el("p", "none", "kind"));
    panel.appendChild(el("p", c.place, "kind"));
  }
  var folded = new Set();
  function argumentPanel(id) {
    var a = arguments_.get(id);
    panel.appendChild(el("h2", a.title || a.id));
    panel.appendChild(el("div", "argument " + a.id, "kind"));
    if ((a.actors || []).length) { section("Put by", panel); list(a.actors.map(actorItem), panel); }
    section("Conclusion", panel); list((a.conclusions || []).map(function (x) { var li = el("li"); li.appendChild(claimLink(x)); return li; }), panel);
    section("Premises", panel); list((a.premises || []).map(function (x) { var li = el("li"); li.appendChild(claimLink(x)); return li; }), panel);
    if ((a.sources || []).length) { section("Sources", panel); list(a.sources.map(function (s) { return grade(s); }), panel); }
    if ((a.tags || []).length) { section("Tags", panel); panel.appendChild(el("p", a.tags.join(", "))); }
    (a.notes || []).forEach(function (n) { panel.appendChild(el("p", n, "kind")); });
    if (!ov && clusters.has("argument:" + id)) {
      var b = el("button", folded.has(id) ? "Expand the panel" : "Collapse the panel", "fold"); b.type = "button";
      b.addEventListener("click", function () { toggleFold(id); showPanel("argument:" + id); });
      panel.appendChild(b);
    }
    var reports = reportsAbout.get("argument:" + id) || [];
    section("Check reports", panel);
    if (reports.length) list(reports.map(reportItem), panel); else panel.appendChild(el("p", "none", "kind"));
  }
  // A collapsed argument panel shows only its conclusion: its other claims, and the links that touch them, are hidden.
  function toggleFold(id) {
    if (folded.has(id)) folded.delete(id); else folded.add(id);
    var hidden = new Set();
    folded.forEach(function (fid) {
      var keep = arguments_.get(fid).conclusions || [];
      (members.get(fid) || []).forEach(function (c) { if (keep.indexOf(c) < 0) hidden.add(c); });
    });
    nodes.forEach(function (g, key) { g.classList.toggle("folded", hidden.has(key)); });
    edges.forEach(function (e) { e.g.classList.toggle("folded", e.ends.some(function (x) { return hidden.has(x); })); });
  }

  function onPictureKey(e) {
    if (e.key !== "Enter" && e.key !== " ") return;
    var g = e.target.closest && e.target.closest("g.node, g.box");
    var key = g && (g.getAttribute("data-claim") || byDom.get(g.id));
    if (key) { e.preventDefault(); select(key); }
  }
  picture.addEventListener("keydown", onPictureKey);
  hood.addEventListener("keydown", onPictureKey);
  picture.addEventListener("click", onPictureClick);
  hood.addEventListener("click", onPictureClick);
  function onPictureClick(e) {
    if (drag && drag.moved) return;
    var g = e.target.closest("g.node, g.box, g.cluster");
    if (!g) return;
    var key = g.getAttribute("data-claim") || byDom.get(g.id);
    if (key) { e.preventDefault(); select(key, { centre: false }); }
  }

  /* ---- search ---- */
  var haystack = null, matches = [], current = -1;
  function search(query) {
    if (!haystack) haystack = data.claims.map(function (c) { return (c.id + "\n" + c.text).toLowerCase(); });
    var q = query.trim().toLowerCase();
    matches = [];
    if (q) for (var i = 0; i < haystack.length; i++) if (haystack[i].indexOf(q) >= 0) matches.push(data.claims[i].id);
    current = -1;
    markMatches();
    $("search-count").textContent = q ? (matches.length ? matches.length + " match" + (matches.length === 1 ? "" : "es") : "no match") : "";
    return matches.length;
  }
  function markMatches() {
    document.querySelectorAll(".match").forEach(function (g) { g.classList.remove("match"); });
    ovMatch.clear();
    matches.forEach(function (id) { var g = boxOf(id); if (g && g.classList) g.classList.add("match"); else if (g) ovMatch.add(g.key); });
    if (ov) paintSoon();
  }
  function step(by) {
    if (!matches.length) return;
    current = (current + by + matches.length) % matches.length;
    $("search-count").textContent = (current + 1) + " of " + matches.length;
    select(matches[current]);
  }
  $("search").addEventListener("input", function () { search(this.value); });
  $("search-form").addEventListener("submit", function (e) { e.preventDefault(); });
  $("search").addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); step(e.shiftKey ? -1 : 1); } });
  $("search-next").addEventListener("click", function () { step(1); });
  $("search-prev").addEventListener("click", function () { step(-1); });

  /* ---- filters: what they leave out is dimmed, not removed ---- */
  function fill(select_, values, label) {
    values.forEach(function (v) { var o = el("option", label ? label(v) : v); o.value = v; select_.appendChild(o); });
  }
  var tags = new Set(); data.claims.forEach(function (c) { (c.tags || []).forEach(function (t) { tags.add(t); }); });
  fill($("filter-actor"), Object.keys(data.actors), function (a) { return data.actors[a].name + " (" + a + ")"; });
  fill($("filter-tag"), Array.from(tags).sort());
  function lit(c, f) {
    return (!f.actor || (c.actors || []).indexOf(f.actor) >= 0) && (!f.tag || (c.tags || []).indexOf(f.tag) >= 0) && (!f.status || c.status === f.status);
  }
  function filter() {
    var f = { actor: $("filter-actor").value, tag: $("filter-tag").value, status: $("filter-status").value };
    var on = !!(f.actor || f.tag || f.status), litIds = new Set();
    data.claims.forEach(function (c) { if (!on || lit(c, f)) { litIds.add(c.id); if (c.argument) litIds.add("argument:" + c.argument); } });
    nodes.forEach(function (g, key) { g.classList.toggle("dim", on && !litIds.has(key)); });
    clusters.forEach(function (g, key) { g.classList.toggle("dim", on && !litIds.has(key)); });
    edges.forEach(function (e) { e.g.classList.toggle("dim", on && !e.ends.some(function (x) { return litIds.has(x) || litIds.has("argument:" + x); })); });
    ovDim.clear();
    if (on) ovBoxes.forEach(function (b) { if (!litIds.has(b.key)) ovDim.add(b.key); });
    if (ov) paintSoon();
  }
  ["filter-actor", "filter-tag", "filter-status"].forEach(function (id) { $(id).addEventListener("change", filter); });

  /* ---- the findings list ---- */
  var findingsList = $("findings-list");
  data.reports.forEach(function (r, i) {
    var li = reportItem(i);
    var about = (r.about || [])[0];
    if (about) {
      li.tabIndex = 0; li.title = "Show " + about.replace(/^argument:/, "argument ");
      var go = function () { select(about); };
      li.addEventListener("click", go);
      li.addEventListener("keydown", function (e) { if (e.key === "Enter") go(); });
    }
    findingsList.appendChild(li);
  });
  if (!data.reports.length) findingsList.appendChild(el("li", "argmap check reports nothing about this map."));
  $("show-findings").textContent = "Findings (" + data.reports.length + ")";
  $("show-findings").addEventListener("click", function () { $("findings").hidden = !$("findings").hidden; });

  /* ---- large maps: the overview, and an argument's neighbourhood drawn here when opened ---- */
  var opened = null;
  function wrapText(text, width) {
    var words = String(text).split(/\s+/), lines = [], line = "";
    words.forEach(function (w) {
      if (line && (line + " " + w).length > width) { lines.push(line); line = w; } else line = line ? line + " " + w : w;
    });
    if (line) lines.push(line);
    if (lines.length > 6) { lines = lines.slice(0, 6); lines[5] += " …"; }
    return lines;
  }
  function openNeighbourhood(argId) {
    if (opened === argId) return false;
    opened = argId;
    var arg = arguments_.get(argId), own = members.get(argId) || [];
    var ownSet = new Set(own), rows = [[], [], [], []], placed = new Set();
    function put(row, id) { if (!placed.has(id) && claims.has(id)) { placed.add(id); rows[row].push(id); } }
    (arg.conclusions || []).forEach(function (id) { put(1, id); });
    own.forEach(function (id) { put(2, id); });
    own.forEach(function (id) {
      (out.get(id) || []).forEach(function (l) { put(l.kind === "contradiction" ? 3 : 0, l.to); });
      (into.get(id) || []).forEach(function (l) { put(3, l.from); });
    });
    var W = 190, GAP = 30, top = 50, boxes = new Map(), width = 0;
    var heights = rows.map(function (row) { return Math.max(40, Math.max.apply(null, [0].concat(row.map(function (id) { return 30 + 13 * wrapText(claims.get(id).text, 30).length; })))); });
    rows.forEach(function (row) { width = Math.max(width, row.length * (W + GAP)); });
    var y = top;
    var s = svgEl("svg", {}), defs = svgEl("defs", {});
    [["support", "#1b7837", "M0,0 L10,5 L0,10 z"], ["attack", "#b2182b", "M8,0 L10,0 L10,10 L8,10 z"]].forEach(function (m) {
      var marker = svgEl("marker", { id: "end-" + m[0], viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: "auto-start-reverse" });
      marker.appendChild(svgEl("path", { d: m[2], fill: m[1] })); defs.appendChild(marker);
    });
    s.appendChild(defs);
    // The argument's panel: selected and clicked as the argument.
    var frame = svgEl("rect", { "class": "panel-frame", rx: 8 }), frameBox = svgEl("g", { "class": "box frame", "data-claim": "argument:" + argId });
    frameBox.appendChild(frame); s.appendChild(frameBox);
    var edgeLayer = svgEl("g", {}); s.appendChild(edgeLayer);
    rows.forEach(function (row, r) {
      var x0 = (width - row.length * (W + GAP)) / 2 + GAP / 2;
      row.forEach(function (id, i) {
        var c = claims.get(id), lines = wrapText(c.text, 30), h = 30 + 13 * lines.length, x = x0 + i * (W + GAP);
        var g = svgEl("g", { "class": "box" + (ownSet.has(id) ? " member" : ""), "data-claim": id });
        g.appendChild(svgEl("rect", { x: x, y: y, width: W, height: h, rx: 5 }));
        var head = svgEl("text", { x: x + 8, y: y + 14, "class": "head" }); head.textContent = c.kind.toUpperCase() + " · " + c.id; g.appendChild(head);
        lines.forEach(function (line, n) { var t = svgEl("text", { x: x + 8, y: y + 30 + 13 * n }); t.textContent = line; g.appendChild(t); });
        var tip = svgEl("title", {}); tip.textContent = c.text; g.appendChild(tip);
        s.appendChild(g);
        boxes.set(id, { x: x + W / 2, top: y, bottom: y + h });
      });
      y += heights[r] + 50;
    });
    var frameRows = [1, 2].filter(function (r) { return rows[r].length; });
    var fy = top + (rows[0].length ? heights[0] + 50 : 0) - 22;
    frame.setAttribute("x", 4); frame.setAttribute("y", fy); frame.setAttribute("width", Math.max(width, W + GAP) - 8);
    frame.setAttribute("height", frameRows.reduce(function (sum, r) { return sum + heights[r] + 50; }, 0) - 10);
    links.forEach(function (l) {
      var a = boxes.get(l.from), b = boxes.get(l.to);
      if (!a || !b || (!ownSet.has(l.from) && !ownSet.has(l.to))) return;
      var kind = l.kind === "support" || l.kind === "linked" ? "support" : l.kind === "contradiction" ? "contradiction" : "attack";
      var up = a.top >= b.bottom, y1 = up ? a.top : a.bottom, y2 = up ? b.bottom : b.top;
      var g = svgEl("g", { "class": "edge", "data-ends": l.from + "->" + l.to });
      var line = { "class": "edge-" + kind };
      if (kind !== "contradiction") line["marker-end"] = "url(#end-" + kind + ")";
      g.appendChild(svgEl("path", Object.assign(line, { d: "M" + a.x + "," + y1 + " C" + a.x + "," + (y1 + y2) / 2 + " " + b.x + "," + (y1 + y2) / 2 + " " + b.x + "," + y2 })));
      var tip = svgEl("title", {}); tip.textContent = l.from + " " + VERBS[l.kind] + " " + l.to; g.appendChild(tip);
      edgeLayer.appendChild(g);
    });
    var title = svgEl("text", { x: 10, y: 24, "class": "title" }); title.textContent = (arg.title || arg.id) + " and its neighbours"; s.appendChild(title);
    s.setAttribute("width", Math.max(width, 400, 20 + 9 * title.textContent.length)); s.setAttribute("height", y);
    hood.replaceChildren(s); hood.hidden = false; picture.hidden = true; cv.hidden = true;
    showBack(true); indexPicture(); markMatches(); filter(); fit();
    return true;
  }
  function showBack(on) {
    var back = $("back");
    if (on && !back) {
      back = el("button", "← Overview"); back.id = "back"; back.type = "button";
      back.addEventListener("click", function () { opened = null; hood.hidden = true; hood.replaceChildren(); picture.hidden = false; cv.hidden = !ov; showBack(false); if (selected) select(null); indexPicture(); markMatches(); filter(); fit(); });
      $("zoom-buttons").appendChild(back);
    } else if (!on && back) back.remove();
  }

  /* ---- the URL fragment, live reload, start ---- */
  function fromFragment() { var key = keyFromFragment(location.hash); if (key) select(key); }
  window.addEventListener("hashchange", fromFragment);
  if (data.reload) {
    var stamp = null, tag = null;
    window.argmapReloaded = function (seen) {
      if (stamp === null) stamp = seen;
      else if (seen !== stamp) location.reload();
    };
    var poll = function () {
      if (tag) tag.remove();
      tag = document.createElement("script"); tag.nonce = NONCE;
      tag.src = encodeURIComponent(data.reload) + "?t=" + Date.now();
      document.body.appendChild(tag);
    };
    poll(); setInterval(poll, 1000);
  }
  window.argmapPage = { search: search, select: select, step: step, matches: function () { return matches.slice(); }, selected: function () { return selected; } };
  indexPicture(); fit(); fromFragment();
})();
