// Report trend charts: every <canvas> whose id has a matching "<id>-data" JSON block (labels, series,
// optional target line) becomes a line chart. Chart.js is vendored in static/vendor.
(function () {
  var colours = ["#0b7a4b", "#1f5fa8", "#b35c00", "#7a2e8e"];
  document.querySelectorAll("canvas[id]").forEach(function (canvas) {
    var source = document.getElementById(canvas.id + "-data");
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var datasets = data.series.map(function (s, i) {
      return { label: s.label, data: s.data, borderColor: colours[i % colours.length], backgroundColor: colours[i % colours.length], spanGaps: true, tension: 0.2 };
    });
    if (data.target) {
      datasets.push({ label: data.target_label || "Target", data: data.target, borderColor: "#c62828", borderDash: [6, 4], pointRadius: 0, fill: false, spanGaps: true });
    }
    new Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, title: { display: true, text: data.unit || "" } } } }
    });
    canvas.dataset.ready = "1";
  });
})();
