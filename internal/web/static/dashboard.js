// dashboard.js draws the dashboard's charts with ECharts from the figures the server
// put in #dash-charts[data-charts] — the very figures of the tables beside them — and,
// on the big screen (#dash[data-refresh]), reloads the page's figures every so often
// without reloading the page.
//
// Charts: the trend over the days of the period, the ranking of the areas one level
// down, the map of those areas coloured by reports or by late handling (a click opens
// the area's dashboard), and the reports per category (a click lists the cases).
(function () {
  "use strict";

  var charts = [];

  function dark() { return document.body.classList.contains("screen"); }

  function make(el) {
    var c = echarts.init(el, dark() ? "dark" : null, { renderer: "canvas" });
    charts.push(c);
    return c;
  }

  // Tooltips as rich text: HTML tooltips carry inline styles, which the page's
  // content security policy does not allow.
  function tooltip(extra) {
    var t = { renderMode: "richText", confine: true };
    for (var k in extra) t[k] = extra[k];
    return t;
  }

  function empty(el, texts) {
    el.classList.add("chart-empty");
    el.textContent = texts.none;
  }

  function trend(el, data, texts) {
    if (!data || !data.days.length) return empty(el, texts);
    make(el).setOption({
      backgroundColor: "transparent",
      tooltip: tooltip({ trigger: "axis" }),
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: "category", data: data.days.map(function (d) { return d.slice(5); }) },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (s) {
        return { name: s.name, type: "line", smooth: true, showSymbol: data.days.length <= 31, data: s.data };
      })
    });
  }

  function bars(el, items, texts, horizontal) {
    if (!items || !items.length) return empty(el, texts);
    var names = items.map(function (i) { return i.name; });
    var values = items.map(function (i) { return i.value; });
    var c = make(el);
    var cat = { type: "category", data: names, inverse: horizontal, axisLabel: { width: 96, overflow: "truncate" } };
    var val = { type: "value" };
    c.setOption({
      backgroundColor: "transparent",
      tooltip: tooltip({ trigger: "item", formatter: function (p) { return p.name + "：" + items[p.dataIndex].text; } }),
      grid: { left: horizontal ? 104 : 40, right: 64, top: 12, bottom: 24, containLabel: false },
      xAxis: horizontal ? val : cat,
      yAxis: horizontal ? cat : val,
      series: [{ type: "bar", data: values, itemStyle: { color: "#1d4ed8" },
        label: { show: true, position: horizontal ? "right" : "top", formatter: function (p) { return items[p.dataIndex].text; } } }]
    });
    c.on("click", function (p) {
      var href = items[p.dataIndex] && items[p.dataIndex].href;
      if (href) window.location.href = href;
    });
  }

  function areaMap(el, data, texts, tools) {
    if (!data || !data.items.length) return empty(el, texts);
    fetch(data.areas, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (geo) {
        var byId = {};
        data.items.forEach(function (a) { byId[a.id] = a; });
        geo.features = (geo.features || []).filter(function (f) { return byId[f.id]; });
        if (!geo.features.length) return empty(el, texts);
        geo.features.forEach(function (f) { f.properties.name = String(f.id); });
        var key = "areas-" + data.areas;
        echarts.registerMap(key, geo);
        var c = make(el);
        var metric = "reported";
        function draw() {
          var values = data.items.map(function (a) { return metric === "reported" ? a.reported : a.overdue; });
          var max = Math.max.apply(null, values.filter(function (v) { return v != null; }).concat([1]));
          c.setOption({
            backgroundColor: "transparent",
            tooltip: tooltip({ trigger: "item", formatter: function (p) {
              var a = byId[p.name];
              if (!a) return "";
              var v = metric === "reported" ? a.reported : (a.overdue == null ? "—" : a.overdue + "%");
              return a.name + "\n" + texts[metric] + "：" + v;
            } }),
            visualMap: { min: 0, max: metric === "reported" ? max : Math.max(max, 10), left: 8, bottom: 8, calculable: true,
              text: [texts[metric], ""], inRange: { color: metric === "reported" ? ["#dbeafe", "#1d4ed8"] : ["#fef3c7", "#b91c1c"] } },
            series: [{ type: "map", map: key, roam: true, selectedMode: false,
              label: { show: true, formatter: function (p) { return byId[p.name] ? byId[p.name].name : ""; } },
              data: data.items.map(function (a, i) { return { name: String(a.id), value: values[i] }; }) }]
          }, true);
        }
        draw();
        c.on("click", function (p) {
          var a = byId[p.name];
          if (a && a.href) window.location.href = a.href + (dark() ? "&screen=1" : "");
        });
        tools.forEach(function (b) {
          b.addEventListener("click", function () {
            metric = b.getAttribute("data-map-metric");
            tools.forEach(function (x) { x.setAttribute("aria-pressed", String(x === b)); });
            draw();
          });
        });
      })
      .catch(function () { empty(el, texts); });
  }

  function drawAll() {
    charts.forEach(function (c) { c.dispose(); });
    charts = [];
    var holder = document.getElementById("dash-charts");
    if (!holder || typeof echarts === "undefined") return;
    var data = JSON.parse(holder.getAttribute("data-charts") || "{}");
    var texts = data.texts || {};
    holder.querySelectorAll("[data-chart]").forEach(function (el) {
      switch (el.getAttribute("data-chart")) {
        case "trend": return trend(el, data.trend, texts);
        case "ranking": return bars(el, data.ranking && data.ranking.items, texts, true);
        case "categories": return bars(el, data.categories && data.categories.items, texts, true);
        case "map": return areaMap(el, data.map, texts, Array.prototype.slice.call(holder.querySelectorAll("[data-map-metric]")));
      }
    });
  }

  // The big screen fetches its own page again and swaps in the new figures.
  function refreshEvery(seconds) {
    setInterval(function () {
      fetch(window.location.href, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("dash");
          var now = document.getElementById("dash");
          if (fresh && now) {
            now.replaceWith(fresh);
            drawAll();
          }
        })
        .catch(function () { /* keep the figures shown; try again next time */ });
    }, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawAll();
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
    var dash = document.getElementById("dash");
    var s = dash && parseInt(dash.getAttribute("data-refresh"), 10);
    if (s > 0) refreshEvery(s);
  });
})();
