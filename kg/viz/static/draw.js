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
