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
