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
