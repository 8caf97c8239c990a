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
