// Dashboard map: child regions shaded by stunting prevalence against their target (no tile layer: the
// polygons are the map, so it works offline). Clicking a region opens its dashboard.
(function () {
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var map = L.map("map", { zoomSnap: 0.25, attributionControl: false });
  function color(p) {
    if (p.value === null || p.value === undefined) { return "#d0d4d8"; }
    if (p.target === null || p.target === undefined) { return "#f2c14e"; }
    var gap = p.value - p.target;
    if (gap > 5) { return "#b71c1c"; }
    if (gap > 0) { return "#ef6c5a"; }
    if (gap > -3) { return "#8fd1a8"; }
    return "#2e8b57";
  }
  // Names are typed by users: a tooltip is given an element holding text, never a string Leaflet would parse
  // as HTML.
  function label(text) { var el = document.createElement("span"); el.textContent = text; return el; }
  var layer = L.geoJSON(data, {
    style: function (f) { return { color: "#1b1f23", weight: 1, fillColor: color(f.properties), fillOpacity: 0.8 }; },
    onEachFeature: function (f, l) {
      var v = f.properties.value === null ? "–" : String(f.properties.value).replace(".", ",") + " %";
      l.bindTooltip(label(f.properties.name + ": " + v));
      l.on("click", function () { window.location = f.properties.url; });
    }
  }).addTo(map);
  map.fitBounds(layer.getBounds());
  document.getElementById("map").dataset.ready = "1";
})();
