// Region page map (regions/maps.py): the region's outline and its children shaded by their number of active
// posyandu; where no child can be drawn (a desa) the region's filled shape and its posyandu as points.
// No tile layer: the polygons are the map, so it works offline and on a weak signal.
(function () {
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var container = document.getElementById("map");
  container.textContent = "";  // the "loading" text shown until the map is drawn
  var map = L.map(container, { zoomSnap: 0.25, attributionControl: false });
  var counts = data.features.filter(function (f) { return f.properties.role === "child"; })
    .map(function (f) { return f.properties.posyandu || 0; });
  var max = Math.max.apply(null, counts.concat([1]));
  function color(n) {
    var t = (n || 0) / max;
    var shades = ["#e8f5ee", "#b9e2c9", "#7cc79e", "#3fa572", "#0b7a4b"];
    return shades[Math.min(shades.length - 1, Math.floor(t * shades.length))];
  }
  var styles = {
    self: function () { return { color: "#1b1f23", weight: 2, fill: false, className: "region-outline" }; },
    area: function () {
      return { color: "#075634", weight: 2, fillColor: "#b9e2c9", fillOpacity: 0.6, className: "region-shape" };
    },
    child: function (f) {
      return { color: "#075634", weight: 1, fillColor: color(f.properties.posyandu), fillOpacity: 0.8,
        className: "region-child" };
    }
  };
  styles.posyandu = function () {
    return { radius: 8, color: "#ffffff", weight: 2, fillColor: "#c2410c", fillOpacity: 1,
      className: "posyandu-point" };
  };
  // Names are typed by users: a tooltip is given an element holding text, never a string Leaflet would parse
  // as HTML.
  function label(text) { var el = document.createElement("span"); el.textContent = text; return el; }
  var layer = L.geoJSON(data, {
    style: function (f) { return (styles[f.properties.role] || styles.child)(f); },
    pointToLayer: function (f, latlng) { return L.circleMarker(latlng, styles.posyandu()); },
    onEachFeature: function (f, l) {
      var role = f.properties.role;
      if (role === "self" || role === "area") { l.bindTooltip(label(f.properties.name)); return; }
      l.bindTooltip(label(role === "posyandu" ? f.properties.name
        : f.properties.name + ": " + (f.properties.posyandu || 0) + " posyandu"));
      l.on("click", function () { window.location = f.properties.url; });
    }
  }).addTo(map);
  var bounds = layer.getBounds();
  if (bounds.getNorthEast().equals(bounds.getSouthWest())) {
    map.setView(bounds.getCenter(), 15);  // a single posyandu and no shape: fitBounds would zoom in forever
  } else {
    map.fitBounds(bounds, { padding: [12, 12] });
  }
  container.dataset.ready = "1";
})();
