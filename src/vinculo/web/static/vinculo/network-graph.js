// The graph page: fetches the owner's network (positions computed by the server) and draws
// it with sigma.js (WebGL), which stays smooth with thousands of people.
(function () {
  "use strict";

  function start() {
    const box = document.getElementById("graph");
    const status = document.getElementById("graph-status");
    if (!box || !status) return;
    if (typeof graphology === "undefined" || typeof Sigma === "undefined") {
      status.textContent = status.dataset.failed;
      return;
    }
    fetch(box.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then((data) => draw(box, status, data))
      .catch(() => {
        status.textContent = status.dataset.failed;
      });
  }

  function draw(box, status, data) {
    const graph = new graphology.Graph({ type: "undirected", multi: false });
    for (const node of data.nodes) {
      graph.addNode(String(node.id), {
        label: node.label,
        x: node.x,
        y: node.y,
        size: node.size,
        color: node.color,
      });
    }
    for (const [a, b, weight] of data.edges) {
      const source = String(a);
      const target = String(b);
      if (graph.hasNode(source) && graph.hasNode(target) && !graph.hasEdge(source, target)) {
        graph.addEdge(source, target, { size: 0.2 + weight, color: "rgba(100, 116, 139, 0.35)" });
      }
    }
    let renderer;
    try {
      renderer = new Sigma(graph, box, {
        labelRenderedSizeThreshold: 7,
        hideEdgesOnMove: graph.size > 2000,
        zIndex: true,
      });
    } catch (error) {
      status.textContent = status.dataset.failed;
      return;
    }
    renderer.on("clickNode", ({ node }) => {
      if (node !== "0") {
        window.location.href = box.dataset.contactUrl.replace(/0\/$/, node + "/");
      }
    });
    const people = graph.order - 1;
    box.dataset.nodes = String(people);
    box.dataset.edges = String(graph.size);
    status.textContent =
      data.shown < data.contacts
        ? `${people} ${status.dataset.drawn} (${status.dataset.of} ${data.contacts})`
        : `${people} ${status.dataset.drawn}`;
    legend(data);
  }

  function legend(data) {
    const list = document.getElementById("graph-legend");
    if (!list) return;
    const entries = data.legend.concat([{ label: list.dataset.other, color: data.other_color }]);
    for (const entry of entries) {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.backgroundColor = entry.color;
      item.append(swatch, document.createTextNode(entry.label));
      list.append(item);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
