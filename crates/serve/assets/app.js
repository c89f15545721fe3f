// armswatch: the only script. Pages work without it; it adds hover
// highlighting to the network graph.
(function () {
  "use strict";
  var svg = document.getElementById("network");
  if (!svg) return;
  var edges = svg.querySelectorAll(".edge");
  function focus(side, code) {
    svg.classList.add("focused");
    edges.forEach(function (e) {
      var on = (side === "s" ? e.getAttribute("data-s") : e.getAttribute("data-r")) === code;
      e.classList.toggle("on", on);
    });
  }
  function blur() {
    svg.classList.remove("focused");
    edges.forEach(function (e) { e.classList.remove("on"); });
  }
  svg.querySelectorAll(".node").forEach(function (n) {
    var side = n.getAttribute("data-side"), code = n.getAttribute("data-code");
    n.addEventListener("mouseenter", function () { focus(side, code); });
    n.addEventListener("focus", function () { focus(side, code); });
    n.addEventListener("mouseleave", blur);
    n.addEventListener("blur", blur);
  });
})();
