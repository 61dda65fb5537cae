// The health page: draws its charts with Chart.js from the figures in data-charts.
(function () {
  "use strict";

  const COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
  const STATES = ["#2ca02c", "#ff7f0e", "#1f77b4"];

  function start() {
    const box = document.querySelector("[data-charts]");
    if (!box || typeof Chart === "undefined") return;
    const data = JSON.parse(box.dataset.charts);
    const options = { responsive: true, maintainAspectRatio: false, animation: false };
    const makers = {
      growth: (d) => ({
        type: "bar",
        data: {
          labels: d.labels,
          datasets: [
            { type: "line", label: d.total_label, data: d.total, yAxisID: "total",
              borderColor: COLOURS[0], backgroundColor: COLOURS[0], tension: 0.2 },
            { type: "bar", label: d.added_label, data: d.added, yAxisID: "added",
              backgroundColor: COLOURS[1] },
          ],
        },
        options: { ...options, scales: {
          total: { position: "left", beginAtZero: true },
          added: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } },
        } },
      }),
      states: (d) => ({
        type: "doughnut",
        data: { labels: d.labels, datasets: [{ data: d.values, backgroundColor: STATES }] },
        options,
      }),
      balance: (d) => ({
        type: "bar",
        data: { labels: d.labels, datasets: [{ data: d.values, backgroundColor: COLOURS.slice(0, 3) }] },
        options: { ...options, plugins: { legend: { display: false } } },
      }),
      sectors: bars,
      tags: bars,
    };
    let drawn = 0;
    for (const canvas of box.querySelectorAll("canvas[data-chart]")) {
      const name = canvas.dataset.chart;
      if (!data[name] || !makers[name]) continue;
      new Chart(canvas, makers[name](data[name]));
      drawn += 1;
    }
    box.dataset.drawn = String(drawn);

    function bars(d) {
      return {
        type: "bar",
        data: { labels: d.labels, datasets: [{ data: d.values, backgroundColor: COLOURS }] },
        options: { ...options, indexAxis: "y", plugins: { legend: { display: false } } },
      };
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
