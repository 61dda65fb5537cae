// A community's health page: draws its charts with Chart.js from the figures in data-charts.
(function () {
  "use strict";

  const COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

  function start() {
    const box = document.querySelector("[data-charts]");
    if (!box || typeof Chart === "undefined") return;
    const data = JSON.parse(box.dataset.charts);
    const options = { responsive: true, maintainAspectRatio: false, animation: false };
    const bars = (d) => ({
      type: "bar",
      data: { labels: d.labels, datasets: [{ data: d.values, backgroundColor: COLOURS }] },
      options: { ...options, plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    const doughnut = (d) => ({
      type: "doughnut",
      data: { labels: d.labels, datasets: [{ data: d.values, backgroundColor: COLOURS }] },
      options,
    });
    const makers = {
      active: bars,
      asks: bars,
      introductions: doughnut,
      outcomes: doughnut,
      givers: (d) => ({
        type: "bar",
        data: { labels: d.labels, datasets: d.series.map((s, i) => (
          { label: s.label, data: s.values, backgroundColor: COLOURS[i] })) },
        options: { ...options, indexAxis: "y",
          scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } } },
      }),
    };
    let drawn = 0;
    for (const canvas of box.querySelectorAll("canvas[data-chart]")) {
      const name = canvas.dataset.chart;
      if (!data[name] || !makers[name]) continue;
      new Chart(canvas, makers[name](data[name]));
      drawn += 1;
    }
    box.dataset.drawn = String(drawn);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
