"""The HTML page's stylesheet and its one small script, both inlined into the page.

Colours are chosen for a contrast of at least 4.5:1 for all text (WCAG AA),
badges included. Under 600 pixels the scoreboard becomes one card per
source, fact lists stack, and the wide timeline gives way to a narrow one.
The script only adds comfort — opening the section a link points into, a
filter over the sources, sorting the scoreboard — and makes no request; the
page reads the same with scripts off.
"""

from __future__ import annotations

__all__ = ["CSS", "SCRIPT"]

CSS = """
:root { --ink:#1f2430; --muted:#515a66; --line:#d9dde3; --bg:#f7f8fa; --card:#fff;
  --hit:#1d7a46; --miss:#b3261e; --pending:#8a5200; --neutral:#5f6672; --accent:#1f4f96; }
* { box-sizing: border-box; }
html { scroll-padding-top: 3.2rem; }
body { margin:0; color:var(--ink); background:var(--bg); overflow-wrap:anywhere;
  font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif; }
header { background:#1f2f4a; color:#fff; padding:1rem 1rem .8rem; }
header h1 { margin:0; font-size:1.5rem; font-weight:650; }
header p { margin:.2rem 0 0; color:#dfe6f0; font-size:.92rem; }
nav.contents { position:sticky; top:0; z-index:2; background:#16233a; overflow-x:auto;
  white-space:nowrap; padding:.35rem .6rem; }
nav.contents a { color:#fff; text-decoration:none; margin-right:1rem; font-size:.92rem; }
nav.contents a:hover, nav.contents a:focus { text-decoration:underline; }
main { max-width:1100px; margin:0 auto; padding:1rem; }
section { margin:0 0 2.2rem; }
h2 { font-size:1.3rem; margin:0 0 .7rem; border-bottom:2px solid var(--line);
  padding-bottom:.3rem; }
h3 { font-size:1.1rem; margin:1rem 0 .4rem; }
h4 { font-size:1rem; margin:1rem 0 .3rem; }
p { margin:.4rem 0; }
.lead p.miss { font-size:1.08rem; border-left:4px solid var(--miss); padding:.3rem .7rem;
  background:var(--card); }
.lead ul { padding-left:1.1rem; }
.lead li { margin:.35rem 0; }
.figures { color:var(--muted); font-size:.95rem; }
.scroll { overflow-x:auto; max-width:100%; }
pre { overflow-x:auto; max-width:100%; }
table { border-collapse:collapse; width:100%; background:var(--card); font-size:.94rem; }
th, td { text-align:left; padding:.4rem .55rem; border-bottom:1px solid var(--line);
  vertical-align:top; }
th { background:#eef1f5; font-weight:600; }
th[data-sort] { cursor:pointer; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
tr.group td { background:#f1f3f6; color:var(--ink); font-weight:600; }
tr.pooled td { font-weight:600; background:#f3f5f8; }
.small { font-size:.9rem; color:var(--muted); }
.muted { color:var(--muted); }
.ink { color:var(--ink); }
svg text { fill:currentColor;
  font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif; }
svg.chart { display:block; width:100%; max-width:560px; height:auto; background:var(--card);
  border:1px solid var(--line); border-radius:8px; margin:.6rem 0; }
svg.chart.small { max-width:240px; margin:0; }
svg.chart.timeline { max-width:none; }
svg .track { stroke:#c3c9d1; stroke-width:1; }
svg .range { stroke:var(--accent); stroke-width:4; stroke-linecap:round; opacity:.55; }
svg .dot { fill:var(--accent); stroke:#fff; stroke-width:1; }
svg .dot.hollow { fill:#fff; stroke:var(--accent); stroke-width:2; }
svg .grid { stroke:#e6e9ee; stroke-width:1; }
svg .axis { stroke:#8a929c; stroke-width:1; }
svg .plot { fill:none; stroke:#e6e9ee; }
svg .diag { stroke:#8a929c; stroke-dasharray:4 3; }
svg .band { fill:#c9ced6; opacity:.8; }
svg .hit { fill:var(--hit); } svg .miss { fill:var(--miss); } svg .other { fill:#8a929c; }
svg .ev { fill:#3d4450; }
svg .link { stroke:#9aa3ae; stroke-width:.6; opacity:.6; }
.narrow { display:none; }
.multiples { display:grid; grid-template-columns:repeat(auto-fill, minmax(150px, 1fr)); gap:.8rem; }
.multiples figure { margin:0; }
.multiples figcaption { font-size:.9rem; }
details.source { background:var(--card); border:1px solid var(--line); border-radius:8px;
  padding:.5rem .8rem; margin:0 0 .6rem; }
details.source > summary { cursor:pointer; }
details.source > summary .name { font-weight:650; font-size:1.05rem; color:var(--accent); }
details.source > summary .about, details.source > summary .line { display:block; color:var(--muted);
  font-size:.9rem; }
details summary { cursor:pointer; color:var(--accent); }
.call { border-top:1px solid var(--line); padding:.8rem 0 .5rem; }
.call .sentence { font-weight:500; }
.call blockquote { margin:.4rem 0; padding:.1rem .8rem; border-left:3px solid var(--line);
  color:#2f3640; font-style:italic; }
.badge { display:inline-block; font-size:.78rem; font-weight:700; letter-spacing:.04em;
  color:#fff; border-radius:4px; padding:.1rem .45rem; margin-right:.4rem; }
.v-HIT { background:var(--hit); } .v-MISS { background:var(--miss); }
.v-PENDING { background:var(--pending); }
.v-EVEN, .v-ANNULLED, .v-AMBIGUOUS, .v-UNSCORABLE { background:var(--neutral); }
.v-AFTER_THE_FACT { background:#6e3590; }
.pbar { display:inline-block; width:5rem; height:.55rem; background:#e6e9ee; border-radius:3px;
  margin:0 .4rem; vertical-align:middle; overflow:hidden; }
.pbar > span { display:block; height:100%; background:var(--accent); }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:.15rem .8rem; margin:.4rem 0; }
dl.facts dt { color:var(--muted); }
dl.facts dd { margin:0; }
ul.evidence { margin:0; padding-left:1.1rem; }
ol.events, ol.timeline, ul.documents { padding-left:1.2rem; }
ol.events li, ul.documents li, ol.timeline li { margin:0 0 .6rem; }
ol.events time, ol.timeline time { font-weight:600; margin-right:.4rem; }
.kind { font-size:.8rem; text-transform:uppercase; letter-spacing:.05em; color:var(--muted);
  margin-right:.4rem; }
input[type=search] { font:inherit; padding:.3rem .5rem; margin:0 0 .6rem; width:100%;
  max-width:22rem; border:1px solid #8a929c; border-radius:4px; }
footer { color:var(--muted); font-size:.85rem; border-top:1px solid var(--line); padding-top:1rem; }
a { color:var(--accent); }
@media (max-width: 600px) {
  main { padding:.7rem; }
  header h1 { font-size:1.25rem; }
  .wide { display:none; }
  .narrow { display:block; }
  dl.facts { grid-template-columns:1fr; }
  dl.facts dd { margin:0 0 .3rem; }
  table.cards thead { display:none; }
  table.cards, table.cards tbody, table.cards tfoot, table.cards tr { display:block; }
  table.cards tr { border-bottom:2px solid var(--line); padding:.3rem 0; }
  table.cards td { display:inline-block; border:none; padding:.05rem .5rem .05rem 0;
    text-align:left; }
  table.cards td.name, table.cards tr.group td { display:block; }
  table.cards td[data-label]::before { content:attr(data-label) ": "; color:var(--muted); }
  table.cards td.name { font-weight:650; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  function reveal(id) {
    var target = document.getElementById(id);
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") { el.open = true; }
    }
    if (target) { target.scrollIntoView(); }
  }
  function onHash() {
    if (location.hash.length > 1) { reveal(decodeURIComponent(location.hash.slice(1))); }
  }
  window.addEventListener("hashchange", onHash);
  onHash();
  var list = document.getElementById("source-list");
  if (list) {
    var box = document.createElement("input");
    box.type = "search";
    box.placeholder = "Filter sources by name";
    box.setAttribute("aria-label", "Filter sources by name");
    box.addEventListener("input", function () {
      var q = box.value.toLowerCase();
      list.querySelectorAll("details.source").forEach(function (d) {
        d.hidden = q !== "" && d.getAttribute("data-name").indexOf(q) < 0;
      });
    });
    list.parentNode.insertBefore(box, list);
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th[data-sort]").forEach(function (th, column) {
      th.tabIndex = 0;
      th.title = "Sort by this column";
      var down = false;
      function sort() {
        down = !down;
        table.querySelectorAll("tbody").forEach(function (body) {
          var rows = Array.prototype.filter.call(body.rows, function (r) {
            return !r.classList.contains("group");
          });
          rows.sort(function (a, b) {
            var x = a.cells[column].getAttribute("data-v");
            var y = b.cells[column].getAttribute("data-v");
            var nx = parseFloat(x), ny = parseFloat(y), c;
            c = isNaN(nx) || isNaN(ny) ? String(x).localeCompare(String(y)) : nx - ny;
            return down ? c : -c;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
    });
  });
})();
"""
