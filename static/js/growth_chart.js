// KMS-style growth charts: WHO SD lines (−3 red, −2 orange, 0 green, +2/+3 grey) and the child's points.
(function () {
  const data = JSON.parse(document.getElementById("growth-data").textContent);
  const colours = { "-3": "#c62828", "-2": "#ef6c00", "-1": "#b0bec5", "0": "#2e7d32", "1": "#b0bec5", "2": "#ef6c00", "3": "#c62828" };
  const axes = { wfa: ["umur (bulan)", "berat (kg)"], lhfa: ["umur (bulan)", "panjang/tinggi (cm)"], wflh: ["panjang/tinggi (cm)", "berat (kg)"] };
  for (const key of ["wfa", "lhfa", "wflh"]) {
    const chart = data[key];
    const canvas = document.getElementById("chart-" + key);
    if (!chart || !canvas) continue;
    const datasets = Object.entries(chart.lines).map(([sd, ys]) => ({
      label: (sd > 0 ? "+" : "") + sd + " SD",
      data: chart.x.map((x, i) => ({ x: x, y: ys[i] })),
      borderColor: colours[sd], borderWidth: sd === "0" ? 2 : 1, pointRadius: 0, tension: 0.3, spanGaps: true,
    }));
    datasets.push({
      label: "Anak", type: "line", data: chart.points, borderColor: "#1565c0", backgroundColor: "#1565c0",
      pointRadius: 4, borderWidth: 2, showLine: true,
    });
    new Chart(canvas, {
      type: "line",
      data: { datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: true, aspectRatio: 1.1,
        parsing: false, normalized: true,
        scales: { x: { type: "linear", title: { display: true, text: axes[key][0] } }, y: { title: { display: true, text: axes[key][1] } } },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12, font: { size: 10 } } },
          tooltip: { callbacks: { label: (c) => c.raw.date ? c.raw.date + ": " + c.raw.y : c.dataset.label } } },
      },
    });
  }
})();
