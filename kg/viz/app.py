"""The page's own stylesheet and script: the browser side of the viewer. Constant text, no data in
it; the script reads the data from the page's JSON block and builds the DOM with ``textContent``."""

_CSS = """
*{box-sizing:border-box}
html,body{margin:0;height:100%;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a202c;background:#f7f8fa}
body{display:flex;flex-direction:column}
header{padding:10px 16px 8px;background:#fff;border-bottom:1px solid #e2e8f0;display:flex;flex-wrap:wrap;gap:4px 18px;align-items:baseline}
header h1{font-size:18px;margin:0;font-weight:650}
header .summary{margin:0;color:#4a5568}
header form{margin-left:auto;display:flex;gap:6px}
header input{font:inherit;padding:3px 8px;border:1px solid #cbd5e0;border-radius:4px;width:16em}
header button,#details button.link{font:inherit;padding:3px 10px;border:1px solid #cbd5e0;border-radius:4px;background:#edf2f7;cursor:pointer}
.notice{flex-basis:100%;margin:2px 0 0;padding:5px 9px;background:#fffbea;border:1px solid #f6e05e;border-radius:4px;color:#5f4b00}
main{flex:1;display:flex;min-height:0}
#graph{flex:1;min-width:0;position:relative;background:#fff}
#status{position:absolute;left:12px;bottom:10px;color:#4a5568;font-size:12px;background:rgba(255,255,255,.85);padding:2px 6px;border-radius:3px}
aside{width:390px;max-width:45vw;overflow:auto;border-left:1px solid #e2e8f0;background:#fff;padding:12px 16px}
aside h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#4a5568;margin:14px 0 6px}
aside h2:first-child{margin-top:0}
#legend ul{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:1fr 1fr;gap:3px 10px}
#legend li{display:flex;align-items:center;gap:6px}
#legend svg{flex:none}
#legend p{margin:6px 0 0;color:#4a5568;font-size:12px}
#details h3{font-size:17px;margin:4px 0 4px;overflow-wrap:anywhere}
#details .kind{display:inline-block;font-size:12px;padding:1px 7px;border-radius:9px;color:#fff;margin-right:6px}
#details .meta{color:#4a5568;font-size:12px;overflow-wrap:anywhere;margin:2px 0}
#details .iri{font-family:ui-monospace,Menlo,monospace;font-size:11px;color:#718096;overflow-wrap:anywhere}
#details blockquote{margin:8px 0;padding:6px 10px;border-left:3px solid #cbd5e0;background:#f7fafc}
#details blockquote p{margin:0 0 4px}
#details mark{background:#fde68a;padding:0 1px;border-radius:2px}
#details cite{display:block;font-style:normal;font-size:12px;color:#4a5568;overflow-wrap:anywhere}
#details ul{margin:4px 0;padding-left:18px}
#details li{margin:2px 0;overflow-wrap:anywhere}
#details button.link{padding:0 4px;border:0;background:none;color:#2b6cb0;text-decoration:underline;cursor:pointer}
#details .hint{color:#718096}
a{color:#2b6cb0}
div.vis-tooltip{position:absolute;visibility:hidden;padding:4px 7px;white-space:nowrap;font-size:12px;color:#1a202c;background:#fffff0;border:1px solid #a0aec0;border-radius:3px;box-shadow:2px 2px 6px rgba(0,0,0,.15);pointer-events:none;z-index:5}
noscript p{padding:16px}
"""

_APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var kg = window.kg = {data: data, network: null, ready: false, stabilized: false};
  var kinds = data.kinds;
  var details = document.getElementById("details");
  var status = document.getElementById("status");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }
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

  var visNodes = data.nodes.map(function (n) {
    var st = style(n.kind);
    var label = n.kind === "event" ? n.label.replace(" \u00b7 ", "\n") : short(n.label, st.inside ? 34 : 38);
    var o = {id: n.id, label: label, shape: st.shape, size: n.size,
             title: n.label + " \u2014 " + kindName(n) + (n.deg ? " \u00b7 " + n.deg + " link" + (n.deg === 1 ? "" : "s") : ""),
             color: {background: st.color, border: st.border,
                     highlight: {background: st.color, border: "#1a202c"},
                     hover: {background: st.color, border: "#1a202c"}}};
    // hubs get bigger labels, which stay legible when the whole graph is in view
    o.font = {size: Math.round(13 + Math.min(15, 2.5 * Math.sqrt(n.deg || 0)))};
    if (st.inside) { o.font.color = st.font; o.font.strokeWidth = 0; o.font.size = 13; o.margin = 7; }
    if (n.kind === "mention") { o.size = Math.min(n.size, 10); }
    if (typeof n.x === "number") { o.x = n.x; o.y = n.y; }
    if (n.fixed) { o.fixed = {x: true, y: true}; }
    return o;
  });
  var visEdges = data.edges.map(function (e) {
    var said = e.verb ? (e.role || "") + " (" + e.verb + ")" : e.role;
    var o = {id: e.id, from: e.from, to: e.to, label: said || undefined, title: said || undefined};
    if (e.role === "attributed to" || e.role === "stated in" || e.role === "denoted by") { o.dashes = true; }
    return o;
  });

  var container = document.getElementById("graph");
  var options = data.options;
  var nodeSet = new vis.DataSet(visNodes);
  var network = new vis.Network(container, {nodes: nodeSet, edges: new vis.DataSet(visEdges)}, options);
  kg.network = network;

  // Nodes without links (a source in the default view, an entity no event involves) would be
  // pushed to the rim by the physics and shrink everything else: shelve them in rows below.
  var shelf = null;
  function shelveLoose() {
    var loose = data.nodes.filter(function (n) { return !n.deg && !n.fixed; });
    if (!loose.length || loose.length === data.nodes.length) { return; }
    loose.sort(function (a, b) { return data.present.indexOf(a.kind) - data.present.indexOf(b.kind) || a.id - b.id; });
    var pos = network.getPositions();
    var minX = Infinity, maxX = -Infinity, maxY = -Infinity;
    data.nodes.forEach(function (n) {
      if (n.deg || n.fixed) {
        var p = pos[n.id];
        minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); maxY = Math.max(maxY, p.y);
      }
    });
    var step = loose.some(function (n) { return style(n.kind).inside; }) ? 260 : 190;
    var perRow = Math.max(4, Math.floor((maxX - minX) / step) + 1);
    shelf = {x: minX, y: maxY + 160};
    // one batched update: network.moveNode would redraw the whole graph once per node
    nodeSet.update(loose.map(function (n, i) {
      return {id: n.id, x: minX + (i % perRow) * step, y: shelf.y + Math.floor(i / perRow) * 60};
    }));
  }
  network.on("beforeDrawing", function (ctx) {
    if (!shelf) { return; }
    ctx.save();
    ctx.fillStyle = "#718096";
    var size = Math.max(13, 12 / network.getScale());
    ctx.font = size + "px system-ui, sans-serif";
    ctx.fillText("Not linked to anything shown:", shelf.x - 20, shelf.y - 30 - 1.5 * size);
    ctx.restore();
  });

  function settled() {
    if (kg.stabilized) { return; }
    network.setOptions({physics: false});
    shelveLoose();
    network.fit();
    network.moveTo({scale: network.getScale() * 0.92});  // room for the labels at the edges
    kg.stabilized = true;
    status.textContent = data.nodes.length + " nodes \u00b7 " + data.edges.length + " edges";
    document.body.setAttribute("data-stabilized", "true");
  }
  network.on("stabilizationProgress", function (p) {
    status.textContent = "Laying out\u2026 " + Math.round(100 * p.iterations / Math.max(p.total, 1)) + "%";
  });
  network.on("stabilizationIterationsDone", settled);
  network.once("afterDrawing", function () {
    kg.ready = true;
    document.body.setAttribute("data-ready", "true");
    if (!options.physics.enabled) { settled(); }
  });

  if (data.ticks && data.ticks.length) {
    network.on("beforeDrawing", function (ctx) {
      var s = network.getScale();
      var tl = network.DOMtoCanvas({x: 0, y: 0});
      var br = network.DOMtoCanvas({x: container.clientWidth, y: container.clientHeight});
      ctx.save();
      ctx.strokeStyle = "#e2e8f0";
      ctx.lineWidth = 1 / s;
      ctx.fillStyle = "#4a5568";
      ctx.font = (12 / s) + "px system-ui, sans-serif";
      ctx.textAlign = "center";
      var lastEnd = -Infinity;
      data.ticks.forEach(function (t) {
        ctx.beginPath(); ctx.moveTo(t.x, tl.y); ctx.lineTo(t.x, br.y); ctx.stroke();
        var w = ctx.measureText(t.label).width;
        if (t.x - w / 2 > lastEnd + 8 / s) {  // skip labels that would overlap the previous one
          ctx.fillText(t.label, t.x, tl.y + 16 / s);
          lastEnd = t.x + w / 2;
        }
      });
      ctx.restore();
    });
  }

  // -- the side panel: where a node or edge comes from --------------------------------------
  function sourceLine(i) {
    var s = data.sources[i] || {};
    var li = el("li");
    li.appendChild(el("strong", null, s.title || s.source_id || "untitled source"));
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
    var cite = el("cite", null, (s.title || s.source_id || "source") + (s.published ? " \u00b7 " + s.published : "") +
                  (typeof ev.b === "number" ? " \u00b7 characters " + ev.b + "\u2013" + ev.e : ""));
    bq.appendChild(cite);
    bq.appendChild(urlLine(s.url));
    return bq;
  }
  function provenance(item) {
    var src = item.src || [];
    details.appendChild(el("h2", null, src.length ? "Stated by " + src.length + " source" + (src.length === 1 ? "" : "s") : "Sources"));
    if (!src.length) { details.appendChild(el("p", "hint", "No source recorded for this item.")); }
    else { var ul = el("ul"); src.forEach(function (i) { ul.appendChild(sourceLine(i)); }); details.appendChild(ul); }
    var ev = item.ev || [];
    if (ev.length) {
      details.appendChild(el("h2", null, "Evidence (" + ev.length + " sentence" + (ev.length === 1 ? "" : "s") + ")"));
      ev.slice(0, 25).forEach(function (x) { details.appendChild(evidenceBlock(x)); });
      if (ev.length > 25) { details.appendChild(el("p", "hint", "and " + (ev.length - 25) + " more sentences")); }
    }
  }
  function nodeLink(id) {
    var n = data.nodes[id];
    var b = el("button", "link", short(n.label, 60));
    b.type = "button";
    b.addEventListener("click", function () { select(id); });
    return b;
  }
  function showNode(id) {
    var n = data.nodes[id];
    if (!n) { return; }
    clear(details);
    details.appendChild(el("h2", null, "Selected"));
    var badge = el("span", "kind", kindName(n));
    badge.style.background = style(n.kind).color;
    details.appendChild(badge);
    details.appendChild(el("h3", null, n.label));
    if (n.date) { details.appendChild(el("div", "meta", "Date: " + n.date)); }
    if (n.text && n.text !== n.label) { details.appendChild(el("div", "meta", n.text)); }
    if (n.kind === "source") {
      if (n.publisher) { details.appendChild(el("div", "meta", "Publisher: " + n.publisher)); }
      details.appendChild(el("div", "meta", n.published ? "Published " + n.published : "Publication date unknown"));
      details.appendChild(urlLine(n.url));
    }
    if (n.iri) { details.appendChild(el("div", "iri", n.iri)); }
    provenance(n);
    var links = data.edges.filter(function (e) { return e.from === id || e.to === id; });
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
  }
  function showEdge(id) {
    var e = data.edges[id];
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
  function showHint() {
    clear(details);
    details.appendChild(el("h2", null, "Details"));
    details.appendChild(el("p", "hint", "Click a node or a link to see the sources that state it and the sentences they say it in."));
  }
  function select(id) {
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 0.8), animation: {duration: 300}});
    showNode(id);
  }
  kg.showNode = showNode; kg.showEdge = showEdge; kg.select = select;
  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); }
    else if (p.edges.length) { showEdge(p.edges[0]); }
    else { showHint(); }
  });

  // -- find a node by label ------------------------------------------------------------------
  var form = document.getElementById("find");
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("find-text").value.trim().toLowerCase();
    if (!q) { return; }
    var hit = null;
    data.nodes.forEach(function (n) {
      var l = n.label.toLowerCase();
      if (hit === null && l === q) { hit = n.id; }
    });
    if (hit === null) {
      data.nodes.forEach(function (n) { if (hit === null && n.label.toLowerCase().indexOf(q) !== -1) { hit = n.id; } });
    }
    if (hit === null) { status.textContent = "No node matches \u201c" + q + "\u201d"; return; }
    select(hit);
  });
  showHint();
})();
"""
