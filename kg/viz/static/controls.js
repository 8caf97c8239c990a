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
