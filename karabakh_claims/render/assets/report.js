// claims report: draws the charts (plotly.js, inlined before this script), sorts tables by a click on a
// header and filters the figures by publisher and verdict. No network, no server.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("report-data").textContent);

  function flash(row) {
    row.classList.add("flash");
    row.scrollIntoView({ block: "center" });
    window.setTimeout(function () { row.classList.remove("flash"); }, 2000);
  }

  function drawCharts() {
    if (typeof Plotly === "undefined") { return; }
    data.charts.forEach(function (chart) {
      var node = document.getElementById(chart.id);
      if (!node) { return; }
      var f = chart.figure;
      Plotly.newPlot(node, f.data, f.layout, f.config).then(function () {
        node.setAttribute("data-drawn", "true");
      });
      node.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        var row = point && Array.isArray(point.customdata) ? document.getElementById(point.customdata[0]) : null;
        if (row) { flash(row); }
      });
    });
  }

  function sortValue(cell, numeric) {
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    if (!numeric) { return raw.toLowerCase(); }
    return raw === "" ? null : parseFloat(raw);
  }

  function compare(a, b, numeric) {
    if (a === b) { return 0; }
    if (a === null || a === "") { return 1; }
    if (b === null || b === "") { return -1; }
    if (numeric) { return a - b; }
    return a < b ? -1 : 1;
  }

  function sortBy(table, header, index) {
    var numeric = header.getAttribute("data-type") === "number";
    var descending = header.getAttribute("aria-sort") === "ascending";
    table.querySelectorAll("th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, position) {
      return { row: row, key: sortValue(row.cells[index], numeric), position: position };
    });
    keyed.sort(function (a, b) {
      var order = compare(a.key, b.key, numeric);
      if (descending && a.key !== null && a.key !== "" && b.key !== null && b.key !== "") { order = -order; }
      return order || a.position - b.position;
    });
    keyed.forEach(function (item) { body.appendChild(item.row); });
  }

  function makeSortable(table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      header.addEventListener("click", function () { sortBy(table, header, index); });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(table, header, index); }
      });
    });
  }

  function applyFilters() {
    var publisher = document.getElementById("filter-publisher").value;
    var verdict = document.getElementById("filter-verdict").value;
    var rows = document.querySelectorAll("tr.figure");
    var shown = 0;
    rows.forEach(function (row) {
      var keep = (!publisher || row.getAttribute("data-publisher") === publisher) &&
                 (!verdict || row.getAttribute("data-verdict") === verdict);
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    document.getElementById("filter-count").textContent = shown + " of " + rows.length + " figures";
  }

  document.querySelectorAll("table.sortable").forEach(makeSortable);
  ["filter-publisher", "filter-verdict"].forEach(function (id) {
    var select = document.getElementById(id);
    if (select) { select.addEventListener("change", applyFilters); }
  });
  drawCharts();
}());
