"""The page's script: the browser side of the viewer. Constant text, no data in it; it reads the
data from the page's JSON block and builds the DOM with ``textContent`` only.

What it does: draws the default view (stories, claims folded into badges), labels by importance
without overlap, expands / hides / focuses nodes from the embedded data with a Back stack, the
filters of the side panel (kind, event type, source, date range, claims), the Find list, and keeps
the view in the URL fragment."""

APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var kg = window.kg = {data: data, network: null, ready: false, stabilized: false};
  var N = data.nodes, E = data.edges, kinds = data.kinds;
  var timeline = data.layout === "timeline";
  var details = document.getElementById("details");
  var status = document.getElementById("status");
  var container = document.getElementById("graph");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }
  function button(text, cls, onclick) {
    var b = el("button", cls, text); b.type = "button"; b.addEventListener("click", onclick); return b;
  }
  function httpUrl(u) {
    if (typeof u !== "string" || !u) { return null; }
    try {
      var x = new URL(u);
      return (x.protocol === "http:" || x.protocol === "https:") ? x.href : null;
    } catch (err) { return null; }
  }
  function short(s, n) { s = String(s); return s.length > n ? s.slice(0, n - 1) + "\u2026" : s; }
  function style(kind) { return kinds[kind] || kinds.other; }
  function kindName(n) { return (n.subtype ? n.subtype : n.kind); }
  function plural(k, word) { return k + " " + word + (k === 1 ? "" : "s"); }
  function iso(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }
  function dayOf(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return m ? Math.round(Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86400000) : null;
  }
  function eventType(n) { return n.subtype || String(n.label).split(" \u00b7 ")[0]; }

  // -- the graph as adjacency, claims by holder ----------------------------------------------
  var adj = N.map(function () { return []; });
  E.forEach(function (e) { adj[e.from].push(e.id); if (e.to !== e.from) { adj[e.to].push(e.id); } });
  function other(e, id) { return e.from === id ? e.to : e.from; }
  var claimsOf = {};
  E.forEach(function (e) {
    if (e.role === "attributed to" && N[e.from].kind === "claim") { (claimsOf[e.to] = claimsOf[e.to] || []).push(e.from); }
  });
  var defaultIds = N.filter(function (n) { return n.show; }).map(function (n) { return n.id; });
  var dayMin = Infinity, dayMax = -Infinity;
  N.forEach(function (n) {
    if (typeof n.t0 === "number") { dayMin = Math.min(dayMin, n.t0); dayMax = Math.max(dayMax, n.t1); }
  });
  var hasDates = dayMin <= dayMax;
  var typeCount = {};
  N.forEach(function (n) { if (n.kind === "event") { var t = eventType(n); typeCount[t] = (typeCount[t] || 0) + 1; } });

  // -- the view: filters, added, hidden and focused nodes; kept in the URL fragment ----------
  function freshState() {
    return {xk: [], xt: [], xs: [], from: null, to: null, claims: true, focus: null, add: [], hide: [], sel: null};
  }
  var S = freshState();
  var past = [];
  function remember() { past.push(JSON.stringify(S)); if (past.length > 200) { past.shift(); } }
  function rangeOn() { return S.from !== null || S.to !== null; }
  function fromDay() { return S.from === null ? -Infinity : S.from; }
  function toDay() { return S.to === null ? Infinity : S.to; }

  function passes(n) {
    if (S.xk.indexOf(n.kind) !== -1) { return false; }
    if (n.kind === "claim" && !S.claims) { return false; }
    if (n.kind === "event" && S.xt.length && S.xt.indexOf(eventType(n)) !== -1) { return false; }
    if (S.xs.length && n.src && n.src.length && n.src.every(function (i) { return S.xs.indexOf(i) !== -1; })) { return false; }
    if (n.kind === "event" && rangeOn()) {
      if (typeof n.t0 !== "number" || n.t1 < fromDay() || n.t0 > toDay()) { return false; }
    }
    return true;
  }
  function computeVisible() {
    var cand = new Set();
    if (S.focus !== null) {
      cand.add(S.focus);
      adj[S.focus].forEach(function (ei) { var m = other(E[ei], S.focus); if (N[m].kind !== "claim") { cand.add(m); } });
    } else {
      defaultIds.forEach(function (id) { cand.add(id); });
    }
    S.add.forEach(function (id) { cand.add(id); });
    S.hide.forEach(function (id) { cand.delete(id); });
    var vis = new Set();
    cand.forEach(function (id) { if (passes(N[id]) || id === S.focus) { vis.add(id); } });
    if (rangeOn()) {
      // what is linked only to events outside the range goes with them: keep what an event in
      // the range reaches without passing through an event outside it
      var keep = new Set(), queue = [];
      vis.forEach(function (id) { if (N[id].kind === "event") { keep.add(id); queue.push(id); } });
      while (queue.length) {
        var x = queue.pop();
        adj[x].forEach(function (ei) {
          var m = other(E[ei], x);
          if (vis.has(m) && !keep.has(m)) { keep.add(m); if (N[m].kind !== "event") { queue.push(m); } }
        });
      }
      if (S.focus !== null) { keep.add(S.focus); }
      vis = keep;
    }
    return vis;
  }

  function toFragment() {
    var p = [];
    function list(k, v) { if (v.length) { p.push(k + "=" + v.map(function (x) { return encodeURIComponent(String(x)); }).join(",")); } }
    list("xk", S.xk); list("xt", S.xt); list("xs", S.xs); list("add", S.add); list("hide", S.hide);
    if (S.from !== null) { p.push("from=" + iso(S.from)); }
    if (S.to !== null) { p.push("to=" + iso(S.to)); }
    if (!S.claims) { p.push("claims=0"); }
    if (S.focus !== null) { p.push("focus=" + S.focus); }
    if (S.sel !== null) { p.push("sel=" + S.sel); }
    return p.join("&");
  }
  function writeFragment() {
    var f = toFragment();
    try { history.replaceState(null, "", f ? "#" + f : location.pathname + location.search); }
    catch (err) { /* a page opened from a sandbox may refuse: the view still works */ }
  }
  function readFragment() {
    var s = freshState();
    var h = location.hash.replace(/^#/, "");
    if (!h) { return s; }
    function ids(v) {
      return v.split(",").map(Number).filter(function (x) { return Number.isInteger(x) && x >= 0 && x < N.length; });
    }
    h.split("&").forEach(function (kv) {
      var i = kv.indexOf("="), k = i < 0 ? kv : kv.slice(0, i), v = i < 0 ? "" : kv.slice(i + 1);
      var words = v ? v.split(",").map(function (x) { try { return decodeURIComponent(x); } catch (err) { return x; } }) : [];
      if (k === "xk") { s.xk = words.filter(function (w) { return kinds.hasOwnProperty(w); }); }
      else if (k === "xt") { s.xt = words.filter(function (w) { return typeCount.hasOwnProperty(w); }); }
      else if (k === "xs") { s.xs = words.map(Number).filter(function (x) { return Number.isInteger(x) && x >= 0 && x < data.sources.length; }); }
      else if (k === "add" || k === "hide") { s[k] = ids(v); }
      else if (k === "from" || k === "to") { s[k] = dayOf(v); }
      else if (k === "claims") { s.claims = v !== "0"; }
      else if (k === "focus" || k === "sel") { var x = ids(v); s[k] = x.length ? x[0] : null; }
    });
    return s;
  }

  // -- drawing ------------------------------------------------------------------------------
  var placed = {};
  N.forEach(function (n) { if (typeof n.x === "number") { placed[n.id] = {x: n.x, y: n.y}; } });
  var ringCount = {};
  function place(id, vis) {
    if (placed[id]) { return placed[id]; }
    var anchor = null;
    adj[id].some(function (ei) { var m = other(E[ei], id); if (vis.has(m) && placed[m]) { anchor = m; return true; } return false; });
    var c = anchor !== null ? placed[anchor] : network.getViewPosition();
    var key = anchor === null ? "view" : anchor;
    var k = ringCount[key] = (ringCount[key] || 0) + 1;
    var a = k * 2.39996, r = 120 + 28 * Math.floor(k / 9);
    placed[id] = {x: c.x + r * Math.cos(a), y: c.y + r * Math.sin(a)};
    return placed[id];
  }
  function visNode(id, vis) {
    var n = N[id], st = style(n.kind), p = place(id, vis);
    var o = {id: id, shape: st.shape, size: n.size, x: p.x, y: p.y,
             title: n.label + " \u2014 " + kindName(n) + (n.deg ? " \u00b7 " + plural(n.deg, "link") : ""),
             color: {background: st.color, border: st.border,
                     highlight: {background: st.color, border: "#1a202c"},
                     hover: {background: st.color, border: "#1a202c"}}};
    if (st.inside) { o.label = short(n.label, 34); o.font = {color: st.font, strokeWidth: 0, size: 13}; o.margin = 7; }
    if (n.kind === "mention") { o.size = Math.min(n.size, 10); }
    if (n.fixed) { o.fixed = {x: true, y: true}; }
    return o;
  }
  function visEdge(e) {
    var said = e.verb ? (e.role || "") + " (" + e.verb + ")" : e.role;
    var o = {id: e.id, from: e.from, to: e.to, label: said || undefined, title: said || undefined};
    if (e.role === "attributed to" || e.role === "stated in" || e.role === "denoted by") { o.dashes = true; }
    return o;
  }

  var options = data.options;
  options.edges.font.size = 0;  // role labels appear when zoomed in (see "zoom" below)
  var nodeSet = new vis.DataSet([]), edgeSet = new vis.DataSet([]);
  var network = new vis.Network(container, {nodes: nodeSet, edges: edgeSet}, options);
  kg.network = network;
  var visible = new Set(), order = [];

  function apply(opts) {
    opts = opts || {};
    var vis = computeVisible();
    var cur = nodeSet.getIds();
    var pos = network.getPositions(cur);
    Object.keys(pos).forEach(function (id) { placed[id] = pos[id]; });
    nodeSet.remove(cur.filter(function (id) { return !vis.has(id); }));
    var fresh = [];
    vis.forEach(function (id) { if (!visible.has(id)) { fresh.push(id); } });
    fresh.sort(function (a, b) { return N[a].imp - N[b].imp; });
    nodeSet.add(fresh.map(function (id) { return visNode(id, vis); }));
    var want = new Set();
    vis.forEach(function (id) {
      adj[id].forEach(function (ei) { var e = E[ei]; if (vis.has(e.from) && vis.has(e.to)) { want.add(ei); } });
    });
    edgeSet.remove(edgeSet.getIds().filter(function (ei) { return !want.has(ei); }));
    var newEdges = [];
    want.forEach(function (ei) { if (!edgeSet.get(ei)) { newEdges.push(visEdge(E[ei])); } });
    edgeSet.add(newEdges);
    visible = vis;
    order = Array.from(vis).sort(function (a, b) { return N[a].imp - N[b].imp; });
    status.textContent = "Showing " + vis.size.toLocaleString("en") + " of " + N.length.toLocaleString("en") +
      " nodes \u00b7 " + want.size.toLocaleString("en") + " links" + (S.focus !== null ? " \u00b7 focused on " + short(N[S.focus].label, 40) : "");
    document.getElementById("back").disabled = past.length === 0;
    syncControls();
    writeFragment();
    if (opts.fit) { fitTo(opts.fit); }
  }
  function fitTo(ids) {
    var shown = ids.filter(function (id) { return visible.has(id); });
    if (shown.length) { network.fit({nodes: shown, animation: false}); network.moveTo({scale: Math.min(network.getScale() * 0.9, 1.6)}); }
  }
  kg.visibleIds = function () { return order.slice(); };
  kg.visibleCount = function () { return visible.size; };
  kg.state = function () { return JSON.parse(JSON.stringify(S)); };

  // labels: by importance, in screen pixels, skipped where they would overlap one already drawn
  var widths = {};
  function labelOf(n) { return short(n.label, n.kind === "event" ? 44 : 34); }
  var badges = [];
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale();
    var tl = network.DOMtoCanvas({x: 0, y: 0});
    var br = network.DOMtoCanvas({x: container.clientWidth, y: container.clientHeight});
    var ids = order;
    if (S.sel !== null && visible.has(S.sel)) { ids = [S.sel].concat(order); }
    var pos = network.getPositions(ids);
    var cell = 90 / scale, grid = {}, drawn = 0, boxes = [], labelled = [];
    function cells(b) {
      var out = [];
      for (var gx = Math.floor(b[0] / cell); gx <= Math.floor(b[2] / cell); gx++) {
        for (var gy = Math.floor(b[1] / cell); gy <= Math.floor(b[3] / cell); gy++) { out.push(gx + ":" + gy); }
      }
      return out;
    }
    function free(b) {
      return cells(b).every(function (c) {
        return !(grid[c] || []).some(function (o) { return b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]; });
      });
    }
    ctx.save();
    ctx.textAlign = "center"; ctx.textBaseline = "top"; ctx.lineJoin = "round";
    var seen = {};
    for (var i = 0; i < ids.length && drawn < 400; i++) {
      var id = ids[i];
      if (seen[id]) { continue; }
      seen[id] = 1;
      var n = N[id], p = pos[id];
      if (!p || style(n.kind).inside) { continue; }
      var r = n.kind === "mention" ? Math.min(n.size, 10) : n.size;
      if (p.x + r < tl.x || p.x - r > br.x || p.y + r < tl.y || p.y - r > br.y) { continue; }
      var px = Math.min(17, 11.5 + (n.named ? 1.5 : 0) + Math.sqrt(n.deg || 0));
      var text = labelOf(n);
      if (widths[id] === undefined) { ctx.font = "12px system-ui, sans-serif"; widths[id] = ctx.measureText(text).width; }
      var w = widths[id] * px / 12 / scale, h = px * 1.25 / scale;
      var b = [p.x - w / 2 - 2 / scale, p.y + r + 2 / scale, p.x + w / 2 + 2 / scale, p.y + r + 2 / scale + h];
      if (!free(b)) { continue; }  // the selected node comes first: its label is always drawn
      cells(b).forEach(function (c) { (grid[c] = grid[c] || []).push(b); });
      boxes.push(b); labelled.push(id);
      ctx.font = (n.kind === "event" || n.named ? "600 " : "") + (px / scale) + "px system-ui, sans-serif";
      ctx.lineWidth = 3 / scale; ctx.strokeStyle = "#ffffff"; ctx.fillStyle = "#1a202c";
      ctx.strokeText(text, p.x, b[1]); ctx.fillText(text, p.x, b[1]);
      drawn++;
    }
    // claims folded into a badge on their holder: how many, click to show them
    badges = [];
    if (S.claims) {
      ids.forEach(function (id) {
        var cs = claimsOf[id];
        if (!cs || !pos[id]) { return; }
        var folded = cs.filter(function (c) { return !visible.has(c) && passes(N[c]); }).length;
        if (!folded) { return; }
        var n = N[id], p = pos[id], rr = 8 / scale;
        var bx = p.x + n.size * 0.75 + rr * 0.4, by = p.y - n.size * 0.75 - rr * 0.4;
        ctx.beginPath(); ctx.arc(bx, by, rr, 0, 2 * Math.PI);
        ctx.fillStyle = kinds.claim.color; ctx.fill();
        ctx.lineWidth = 1.5 / scale; ctx.strokeStyle = "#ffffff"; ctx.stroke();
        ctx.fillStyle = "#ffffff"; ctx.textBaseline = "middle";
        ctx.font = "600 " + (10 / scale) + "px system-ui, sans-serif";
        ctx.fillText(folded > 99 ? "99+" : String(folded), bx, by + 0.5 / scale);
        badges.push({id: id, x: bx, y: by, r: rr * 1.3});
      });
    }
    ctx.restore();
    kg.labelsDrawn = drawn; lastBoxes = boxes; lastLabelled = labelled;
  });
  var lastBoxes = [], lastLabelled = [];
  kg.labelBoxes = function () { network.redraw(); return lastBoxes.slice(); };
  kg.labelledIds = function () { network.redraw(); return lastLabelled.slice(); };
  kg.badges = function () { network.redraw(); return badges.map(function (b) { var d = network.canvasToDOM({x: b.x, y: b.y}); return {id: b.id, x: d.x, y: d.y}; }); };

  // story headings (force) or lanes and the time axis (timeline), under the graph
  network.on("beforeDrawing", function (ctx) {
    var scale = network.getScale();
    var tl = network.DOMtoCanvas({x: 0, y: 0});
    var br = network.DOMtoCanvas({x: container.clientWidth, y: container.clientHeight});
    ctx.save();
    ctx.textAlign = "left"; ctx.textBaseline = "top";
    (data.stories || []).forEach(function (s, i) {
      if (!s.box || !s.members.some(function (m) { return visible.has(m); })) { return; }
      var size = Math.max(15, 13 / scale);
      ctx.font = "600 " + size + "px system-ui, sans-serif";
      ctx.fillStyle = "#2d3748";
      var x, y, room;
      if (timeline) {
        ctx.fillStyle = i % 2 ? "rgba(237,242,247,0.55)" : "rgba(247,250,252,0.3)";
        ctx.fillRect(tl.x, s.box[0], br.x - tl.x, s.box[1] - s.box[0]);
        ctx.fillStyle = "#2d3748";
        x = tl.x + 8 / scale; y = s.box[0] + 4 / scale; room = (br.x - tl.x) * 0.6;
      } else {
        x = s.box[0]; y = s.box[1]; room = s.box[2] - s.box[0] + 25;
      }
      var text = (s.id + 1) + ". " + s.title;
      while (text.length > 4 && ctx.measureText(text).width > room) { text = text.slice(0, -2); }
      if (text.length < (s.id + 1 + ". " + s.title).length) { text = text.slice(0, -1) + "\u2026"; }
      ctx.fillText(text, x, y);
    });
    if (timeline) {
      N.forEach(function (n) {
        if (n.band && visible.has(n.id)) {
          var p = network.getPositions([n.id])[n.id];
          ctx.fillStyle = "rgba(230,159,0,0.22)";
          ctx.fillRect(n.band[0], p.y - 9, Math.max(n.band[1] - n.band[0], 2), 18);
        }
      });
      ctx.strokeStyle = "#e2e8f0"; ctx.lineWidth = 1 / scale;
      ctx.fillStyle = "#4a5568"; ctx.font = (12 / scale) + "px system-ui, sans-serif"; ctx.textAlign = "center";
      var lastEnd = -Infinity;
      (data.ticks || []).forEach(function (t) {
        ctx.beginPath(); ctx.moveTo(t.x, tl.y); ctx.lineTo(t.x, br.y); ctx.stroke();
        var w = ctx.measureText(t.label).width;
        if (t.x - w / 2 > lastEnd + 8 / scale) { ctx.fillText(t.label, t.x, tl.y + 16 / scale); lastEnd = t.x + w / 2; }
      });
    }
    ctx.restore();
  });
  network.on("zoom", function () {
    var big = network.getScale() > 1.15;
    if (big !== kg.edgeLabels) { kg.edgeLabels = big; network.setOptions({edges: {font: {size: big ? 11 : 0}}}); }
  });

  // -- the side panel: where a node or edge comes from --------------------------------------
  function sourceLine(i) {
    var s = data.sources[i] || {};
    var li = el("li");
    li.appendChild(button(s.title || s.source_id || "untitled source", "link", function () { showSource(i); }));
    var bits = [];
    if (s.publisher) { bits.push(s.publisher); }
    bits.push(s.published ? "published " + s.published : "publication date unknown");
    li.appendChild(el("div", "meta", bits.join(" \u00b7 ")));
    li.appendChild(urlLine(s.url));
    return li;
  }
  function urlLine(u) {
    var div = el("div", "meta");
    var href = httpUrl(u);
    if (href) {
      var a = el("a", null, u);
      a.href = href; a.rel = "noopener noreferrer nofollow"; a.target = "_blank";
      div.appendChild(a);
    } else if (u) {
      div.appendChild(document.createTextNode("URL (not a web link): " + u));
    } else {
      div.textContent = "no URL recorded";
    }
    return div;
  }
  function evidenceBlock(ev) {
    var bq = el("blockquote");
    var p = el("p");
    (ev.t || []).forEach(function (seg) {
      p.appendChild(seg[1] ? el("mark", null, seg[0]) : document.createTextNode(seg[0]));
    });
    bq.appendChild(p);
    var s = data.sources[ev.s] || {};
    bq.appendChild(el("cite", null, (s.title || s.source_id || "source") + (s.published ? " \u00b7 " + s.published : "") +
                  (typeof ev.b === "number" ? " \u00b7 characters " + ev.b + "\u2013" + ev.e : "")));
    bq.appendChild(urlLine(s.url));
    return bq;
  }
  function provenance(item) {
    var ev = item.ev || [];
    if (ev.length) {
      details.appendChild(el("h2", null, "Evidence (" + plural(ev.length, "sentence") + ")"));
      ev.slice(0, 25).forEach(function (x) { details.appendChild(evidenceBlock(x)); });
      if (ev.length > 25) { details.appendChild(el("p", "hint", "and " + (ev.length - 25) + " more sentences")); }
    }
    var src = item.src || [];
    details.appendChild(el("h2", null, src.length ? "Stated by " + plural(src.length, "source") : "Sources"));
    if (!src.length) { details.appendChild(el("p", "hint", "No source recorded for this item.")); }
    else { var ul = el("ul"); src.forEach(function (i) { ul.appendChild(sourceLine(i)); }); details.appendChild(ul); }
  }
  function nodeLink(id) {
    return button(short(N[id].label, 60), "link", function () { select(id); });
  }
  function hiddenNeighbours(id) {
    var out = new Set();
    adj[id].forEach(function (ei) { var m = other(E[ei], id); if (!visible.has(m) && N[m].kind !== "claim") { out.add(m); } });
    return Array.from(out);
  }
  function showNode(id) {
    var n = N[id];
    if (!n) { return; }
    clear(details);
    details.appendChild(el("h2", null, "Selected"));
    var badge = el("span", "kind", kindName(n));
    badge.style.background = style(n.kind).color;
    details.appendChild(badge);
    details.appendChild(el("h3", null, n.label));
    if (n.date) { details.appendChild(el("div", "meta", "Date: " + n.date)); }
    if (n.text && n.text !== n.label) { details.appendChild(el("div", "meta", n.text)); }
    if (n.iri) { details.appendChild(el("div", "iri", n.iri)); }
    var acts = el("div", "actions");
    var more = hiddenNeighbours(id);
    var ex = button("Expand" + (more.length ? " (" + more.length + " more)" : ""), "act", function () { expand(id); });
    ex.id = "act-expand"; ex.disabled = !more.length; acts.appendChild(ex);
    var fo = button("Focus", "act", function () { focus(id); }); fo.id = "act-focus"; acts.appendChild(fo);
    var hi = button("Hide", "act", function () { hide(id); }); hi.id = "act-hide"; acts.appendChild(hi);
    details.appendChild(acts);
    var cs = claimsOf[id] || [];
    if (cs.length) {
      details.appendChild(el("h2", null, "Claims held (" + cs.length + ")"));
      var cl = el("ul");
      cs.slice(0, 30).forEach(function (c) { var li = el("li"); li.appendChild(nodeLink(c)); cl.appendChild(li); });
      details.appendChild(cl);
      var sc = button("Show these claims on the graph", "act", function () { expandClaims(id); });
      sc.id = "act-claims"; details.appendChild(sc);
    }
    provenance(n);
    var links = adj[id].map(function (ei) { return E[ei]; });
    if (links.length) {
      details.appendChild(el("h2", null, "Connections (" + links.length + ")"));
      var ul = el("ul");
      links.slice(0, 40).forEach(function (e) {
        var li = el("li");
        var out = e.from === id;
        li.appendChild(document.createTextNode(out ? (e.role || "linked") + " \u2192 " : "\u2190 " + (e.role || "linked") + " of "));
        li.appendChild(nodeLink(out ? e.to : e.from));
        ul.appendChild(li);
      });
      details.appendChild(ul);
      if (links.length > 40) { details.appendChild(el("p", "hint", "and " + (links.length - 40) + " more")); }
    }
    document.getElementById("panel").scrollTop = 0;
  }
  function showEdge(id) {
    var e = E[id];
    if (!e) { return; }
    clear(details);
    details.appendChild(el("h2", null, "Selected link"));
    var h = el("h3");
    h.appendChild(nodeLink(e.from));
    h.appendChild(document.createTextNode(" \u2014 " + (e.role || "linked") + " \u2192 "));
    h.appendChild(nodeLink(e.to));
    details.appendChild(h);
    provenance(e);
  }
  function showSource(i) {
    var s = data.sources[i] || {};
    clear(details);
    details.appendChild(el("h2", null, "Source"));
    details.appendChild(el("h3", null, s.title || s.source_id || "untitled source"));
    if (s.publisher) { details.appendChild(el("div", "meta", "Publisher: " + s.publisher)); }
    details.appendChild(el("div", "meta", s.published ? "Published " + s.published : "Publication date unknown"));
    details.appendChild(urlLine(s.url));
    var stated = N.filter(function (n) { return n.src && n.src.indexOf(i) !== -1; });
    var events = stated.filter(function (n) { return n.kind === "event"; });
    details.appendChild(el("div", "meta", plural(events.length, "event") + " \u00b7 " +
      plural(stated.filter(function (n) { return n.kind === "claim"; }).length, "claim") + " \u00b7 " +
      plural(stated.length, "node") + " in all"));
    var acts = el("div", "actions");
    var only = button("Only this source", "act", function () {
      remember(); S.xs = data.sources.map(function (_, j) { return j; }).filter(function (j) { return j !== i; });
      S.add = stated.map(function (n) { return n.id; }).filter(function (id) { return N[id].kind !== "claim"; });
      apply({fit: S.add});
    });
    only.id = "act-only-source"; acts.appendChild(only);
    details.appendChild(acts);
    if (events.length) {
      details.appendChild(el("h2", null, "Events it reports"));
      var ul = el("ul");
      events.slice(0, 40).forEach(function (n) { var li = el("li"); li.appendChild(nodeLink(n.id)); ul.appendChild(li); });
      details.appendChild(ul);
    }
    document.getElementById("panel").scrollTop = 0;
  }
  function showHint() {
    clear(details);
    details.appendChild(el("h2", null, "Details"));
    details.appendChild(el("p", "hint", "Click a node or a link to see the sources that state it and the sentences they say it in. " +
      "Double-click a node to expand its neighbours; a number on a node is how many claims it holds (click it)."));
  }
  function select(id) {
    if (!visible.has(id)) { remember(); S.add.push(id); S.hide = S.hide.filter(function (x) { return x !== id; }); apply(); }
    S.sel = id; writeFragment();
    if (!visible.has(id)) {  // a filter hides it: its details still show
      showNode(id);
      status.textContent = "“" + short(N[id].label, 40) + "” is hidden by the filters";
      return;
    }
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 0.8), animation: false});
    showNode(id);
  }

  // -- explore: expand, hide, focus, back ---------------------------------------------------
  function expand(id) {
    var more = hiddenNeighbours(id);
    if (!more.length) { return; }
    remember();
    more.forEach(function (m) { if (S.add.indexOf(m) === -1) { S.add.push(m); } });
    S.hide = S.hide.filter(function (x) { return more.indexOf(x) === -1; });
    apply();
    showNode(id);
  }
  function expandClaims(id) {
    var cs = claimsOf[id] || [];
    if (!cs.length) { return; }
    remember();
    S.claims = true;
    cs.forEach(function (c) { if (S.add.indexOf(c) === -1) { S.add.push(c); } });
    S.xk = S.xk.filter(function (k) { return k !== "claim"; });
    apply();
    showNode(id);
  }
  function hide(id) {
    remember();
    S.hide.push(id);
    S.add = S.add.filter(function (x) { return x !== id; });
    if (S.focus === id) { S.focus = null; }
    if (S.sel === id) { S.sel = null; }
    apply();
    showHint();
  }
  function focus(id) {
    remember();
    S.focus = id; S.add = []; S.hide = []; S.sel = id;
    apply();
    network.fit({animation: false});
    network.selectNodes([id]);
    showNode(id);
  }
  function back() {
    if (!past.length) { return; }
    S = JSON.parse(past.pop());
    apply();
    if (S.sel !== null && visible.has(S.sel)) { network.selectNodes([S.sel]); showNode(S.sel); } else { showHint(); }
  }
  function reset() { remember(); S = freshState(); apply(); network.fit({animation: false}); showHint(); }
  kg.expand = expand; kg.hide = hide; kg.focus = focus; kg.back = back; kg.reset = reset;
  kg.showNode = showNode; kg.showEdge = showEdge; kg.select = select; kg.showSource = showSource;
  document.getElementById("back").addEventListener("click", back);
  document.getElementById("reset").addEventListener("click", reset);

  network.on("click", function (p) {
    document.getElementById("find-results").hidden = true;
    var c = p.pointer.canvas, scale = network.getScale();
    var hit = badges.filter(function (b) { return Math.hypot(b.x - c.x, b.y - c.y) <= b.r + 2 / scale; })[0];
    if (hit) { expandClaims(hit.id); return; }
    if (p.nodes.length) { S.sel = p.nodes[0]; writeFragment(); showNode(p.nodes[0]); }
    else if (p.edges.length) { showEdge(p.edges[0]); }
    else { S.sel = null; writeFragment(); showHint(); }
  });
  network.on("doubleClick", function (p) { if (p.nodes.length) { expand(p.nodes[0]); } });

  // -- filters ------------------------------------------------------------------------------
  function toggle(list, value, on) {
    var i = list.indexOf(value);
    if (on && i !== -1) { list.splice(i, 1); } else if (!on && i === -1) { list.push(value); }
  }
  document.querySelectorAll("#legend input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () { remember(); toggle(S.xk, box.getAttribute("data-kind"), box.checked); apply(); });
  });
  var claimBox = document.getElementById("claims-on");
  claimBox.addEventListener("change", function () { remember(); S.claims = claimBox.checked; apply(); });
  var typeList = document.getElementById("type-list");
  Object.keys(typeCount).sort(function (a, b) { return typeCount[b] - typeCount[a] || (a < b ? -1 : 1); }).forEach(function (t) {
    var li = el("li"), lab = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.setAttribute("data-type", t);
    box.addEventListener("change", function () { remember(); toggle(S.xt, t, box.checked); apply(); });
    lab.appendChild(box); lab.appendChild(document.createTextNode(t + " (" + typeCount[t] + ")"));
    li.appendChild(lab); typeList.appendChild(li);
  });
  if (!typeList.firstChild) { document.getElementById("type-filter").hidden = true; }
  var rFrom = document.getElementById("range-from"), rTo = document.getElementById("range-to");
  var rOut = document.getElementById("range-out");
  if (hasDates) {
    [rFrom, rTo].forEach(function (r) { r.min = dayMin; r.max = dayMax; r.step = 1; });
    var pending = null;
    function onRange() {
      var a = +rFrom.value, b = +rTo.value;
      if (a > b) { if (this === rFrom) { rTo.value = a; b = a; } else { rFrom.value = b; a = b; } }
      rOut.textContent = iso(a) + " \u2013 " + iso(b);
      if (pending) { return; }
      pending = requestAnimationFrame(function () {
        pending = null;
        var na = +rFrom.value <= dayMin ? null : +rFrom.value, nb = +rTo.value >= dayMax ? null : +rTo.value;
        if (na === S.from && nb === S.to) { return; }
        S.from = na; S.to = nb; apply();
      });
    }
    [rFrom, rTo].forEach(function (r) {
      r.addEventListener("pointerdown", remember);
      r.addEventListener("keydown", function () { if (!r._held) { remember(); r._held = true; } });
      r.addEventListener("keyup", function () { r._held = false; });
      r.addEventListener("input", onRange);
    });
  } else { document.getElementById("range").hidden = true; }
  var sourceList = document.getElementById("source-list");
  var sourceItems = data.sources.map(function (s, i) {
    var li = el("li"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.setAttribute("data-source", i);
    box.setAttribute("aria-label", "Show what " + (s.title || s.source_id || "this source") + " states");
    box.addEventListener("change", function () { remember(); toggle(S.xs, i, box.checked); apply(); });
    var div = el("div");
    div.appendChild(button(s.title || s.source_id || "untitled source", null, function () { showSource(i); }));
    div.appendChild(el("div", "sub", [s.publisher, s.published].filter(Boolean).join(" \u00b7 ")));
    li.appendChild(box); li.appendChild(div);
    li._text = [s.title, s.source_id, s.publisher, s.published].join(" ").toLowerCase();
    sourceList.appendChild(li);
    return li;
  });
  document.getElementById("source-count").textContent = String(data.sources.length);
  document.getElementById("source-filter").addEventListener("input", function () {
    var q = this.value.trim().toLowerCase();
    sourceItems.forEach(function (li) { li.hidden = !!q && li._text.indexOf(q) === -1; });
  });
  var storyList = document.getElementById("story-list");
  (data.stories || []).forEach(function (s) {
    var li = el("li");
    li.appendChild(button(s.title, null, function () {
      remember();
      s.members.forEach(function (m) { if (!visible.has(m) && S.add.indexOf(m) === -1 && N[m].kind !== "claim") { S.add.push(m); } });
      apply({fit: s.members});
    }));
    li.appendChild(el("span", "sub", " " + plural(s.events.length, "event") + ", " + s.members.length + " nodes" + (s.box ? "" : " \u00b7 not drawn at first")));
    storyList.appendChild(li);
  });
  if (!storyList.firstChild) { document.getElementById("stories").hidden = true; }
  function syncControls() {
    document.querySelectorAll("#legend input[data-kind]").forEach(function (b) { b.checked = S.xk.indexOf(b.getAttribute("data-kind")) === -1; });
    document.querySelectorAll("#type-list input").forEach(function (b) { b.checked = S.xt.indexOf(b.getAttribute("data-type")) === -1; });
    document.querySelectorAll("#source-list input").forEach(function (b) { b.checked = S.xs.indexOf(+b.getAttribute("data-source")) === -1; });
    claimBox.checked = S.claims;
    if (hasDates) {
      rFrom.value = S.from === null ? dayMin : S.from; rTo.value = S.to === null ? dayMax : S.to;
      rOut.textContent = iso(+rFrom.value) + " \u2013 " + iso(+rTo.value);
    }
  }

  // -- find: every match, named and well-linked first ---------------------------------------
  var form = document.getElementById("find"), results = document.getElementById("find-results");
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) { return []; }
    var hits = N.filter(function (n) { return n.label.toLowerCase().indexOf(q) !== -1; });
    hits.sort(function (a, b) {
      return (b.named || 0) - (a.named || 0) || b.deg - a.deg ||
        ((b.label.toLowerCase() === q) - (a.label.toLowerCase() === q)) || a.label.length - b.label.length || a.id - b.id;
    });
    return hits;
  }
  kg.find = function (q) { return find(q).map(function (n) { return n.id; }); };
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("find-text").value;
    var hits = find(q);
    clear(results);
    if (!hits.length) { results.hidden = true; status.textContent = "No node matches \u201c" + q.trim() + "\u201d"; return; }
    hits.slice(0, 100).forEach(function (n) {
      var li = el("li"), b = button("", null, function () { results.hidden = true; select(n.id); });
      b.appendChild(el("span", null, short(n.label, 60)));
      b.appendChild(el("span", "sub", " \u2014 " + kindName(n) + " \u00b7 " + plural(n.deg, "link") + (visible.has(n.id) ? "" : " \u00b7 not drawn")));
      li.appendChild(b); results.appendChild(li);
    });
    if (hits.length > 100) { results.appendChild(el("li", "sub", "and " + (hits.length - 100) + " more: type more of the name")); }
    results.hidden = false;
    select(hits[0].id);
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { results.hidden = true; } });

  // -- start --------------------------------------------------------------------------------
  S = readFragment();
  apply();
  network.fit({animation: false});
  network.moveTo({scale: network.getScale() * 0.9});  // room for the story headings and labels at the edges
  if (S.sel !== null && visible.has(S.sel)) { network.selectNodes([S.sel]); showNode(S.sel); } else { showHint(); }
  network.once("afterDrawing", function () {
    kg.ready = kg.stabilized = true;
    document.body.setAttribute("data-ready", "true");
    document.body.setAttribute("data-stabilized", "true");
  });
  network.redraw();
})();
"""
