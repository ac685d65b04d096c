// Trend charts drawn from the tables beside them (the tables stay as the accessible fallback).
// A month not over yet is not drawn as a drop: the actual line stops at the last whole month and
// a dashed line goes on to where the running month will end at this pace.
(function () {
  const ACTUAL = "#0b5fff";
  const TARGET = "#a15c00";

  function number(text) {
    return text === undefined || text === "" || text === "None" ? null : Number(text);
  }

  function series(rows) {
    const running = rows.length > 0 && rows[rows.length - 1].hasAttribute("data-running");
    const actual = rows.map((row) => number(row.dataset.value));
    const projected = rows.map(() => null);
    if (running) {
      const last = rows.length - 1;
      actual[last] = null;
      projected[last] = number(rows[last].dataset.projection);
      if (last > 0) projected[last - 1] = number(rows[last - 1].dataset.value);
    }
    return { running, actual, projected };
  }

  function draw(canvas) {
    const table = document.getElementById(canvas.dataset.chart);
    // Two panels may load this file: each canvas is drawn once.
    if (!table || typeof Chart === "undefined" || canvas.dataset.drawn) return;
    canvas.dataset.drawn = "yes";
    const rows = Array.from(table.querySelectorAll("tbody tr"));
    const { running, actual, projected } = series(rows);
    const datasets = [
      { label: table.dataset.label, data: actual, borderColor: ACTUAL, backgroundColor: ACTUAL,
        tension: 0.25 },
      { label: table.dataset.targetLabel, data: rows.map((row) => number(row.dataset.target)),
        borderColor: TARGET, backgroundColor: TARGET, borderWidth: 2, pointRadius: 0,
        stepped: "middle" },
    ];
    if (running) {
      datasets.push({ label: table.dataset.projectionLabel, data: projected, borderColor: ACTUAL,
                      backgroundColor: "#ffffff", borderDash: [5, 4], pointRadius: 3,
                      pointStyle: "circle" });
    }
    new Chart(canvas, {
      type: "line",
      data: { labels: rows.map((row) => row.dataset.month), datasets },
      options: {
        responsive: true, animation: false, spanGaps: false,
        plugins: { legend: { display: true, position: "bottom",
                             labels: { boxWidth: 14, boxHeight: 2, usePointStyle: false } } },
        scales: { x: { ticks: { maxRotation: 0, autoSkip: true } } },
      },
    });
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
