// Trend charts drawn from the tables beside them (the tables stay as the accessible fallback).
(function () {
  function draw(canvas) {
    const table = document.getElementById(canvas.dataset.chart);
    // Two panels may load this file: each canvas is drawn once.
    if (!table || typeof Chart === "undefined" || canvas.dataset.drawn) return;
    canvas.dataset.drawn = "yes";
    const rows = Array.from(table.querySelectorAll("tbody tr"));
    const number = (text) => (text === "" || text === "None" ? null : Number(text));
    new Chart(canvas, {
      type: "line",
      data: {
        labels: rows.map((row) => row.dataset.month),
        datasets: [
          { label: table.dataset.label, data: rows.map((row) => number(row.dataset.value)),
            borderColor: "#0b5fff", backgroundColor: "#0b5fff", tension: 0.25 },
          { label: table.dataset.targetLabel, data: rows.map((row) => number(row.dataset.target)),
            borderColor: "#a15c00", borderDash: [4, 4], pointRadius: 0 },
        ],
      },
      options: { responsive: true, animation: false, plugins: { legend: { display: false } },
                 scales: { x: { ticks: { maxRotation: 0, autoSkip: true } } } },
    });
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
