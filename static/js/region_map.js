// Region page map: the region's outline and its children shaded by their number of active posyandu.
// No tile layer: the polygons are the map, so it works offline and on a weak signal.
(function () {
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var map = L.map("map", { zoomSnap: 0.25, attributionControl: false });
  var counts = data.features.filter(function (f) { return !f.properties.self; })
    .map(function (f) { return f.properties.posyandu || 0; });
  var max = Math.max.apply(null, counts.concat([1]));
  function color(n) {
    var t = (n || 0) / max;
    var shades = ["#e8f5ee", "#b9e2c9", "#7cc79e", "#3fa572", "#0b7a4b"];
    return shades[Math.min(shades.length - 1, Math.floor(t * shades.length))];
  }
  var layer = L.geoJSON(data, {
    style: function (f) {
      return f.properties.self
        ? { color: "#1b1f23", weight: 2, fill: false }
        : { color: "#075634", weight: 1, fillColor: color(f.properties.posyandu), fillOpacity: 0.8 };
    },
    onEachFeature: function (f, l) {
      if (f.properties.self) { return; }
      l.bindTooltip(f.properties.name + ": " + (f.properties.posyandu || 0) + " posyandu");
      l.on("click", function () { window.location = f.properties.url; });
    }
  }).addTo(map);
  map.fitBounds(layer.getBounds());
  document.getElementById("map").dataset.ready = "1";
})();
