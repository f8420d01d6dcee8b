// desk.js — the case pages' small behaviours. Pages work without it.
//
//   [data-check-all]   ticks or clears every row check box of its table
//   [data-bulk]        shows the unit choice only while "dispatch" is chosen
//   [data-case-map]    a small Leaflet map of a case (JSON configuration):
//                      point [lat, lng] or absent; node, the place to outline
//                      from areas; tiles and attribution; pick {lng, lat,
//                      hint}: a click on the map fills those inputs
(function () {
  "use strict";

  document.addEventListener("change", function (ev) {
    var all = ev.target.closest && ev.target.closest("[data-check-all]");
    if (!all) return;
    var table = all.closest("table");
    var boxes = table ? table.querySelectorAll('tbody input[type="checkbox"]') : [];
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = all.checked;
  });

  var bulk = document.querySelector("[data-bulk]");
  if (bulk) {
    var action = bulk.querySelector('select[name="action"]');
    var unit = bulk.querySelector("[data-bulk-unit]");
    var sync = function () { if (unit && action) unit.hidden = action.value !== "dispatch"; };
    if (action) action.addEventListener("change", sync);
    sync();
  }

  function caseMap(el) {
    if (!window.L) return;
    var cfg;
    try { cfg = JSON.parse(el.getAttribute("data-case-map")); } catch (e) { return; }
    var map = L.map(el, { zoomSnap: 1, minZoom: 8, maxZoom: 19 });
    if (cfg.tiles) {
      L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
    } else {
      el.classList.add("map-vector");
    }
    map.attributionControl.setPrefix(false);
    var marker = null;
    function mark(latlng) {
      if (marker) marker.setLatLng(latlng);
      else marker = L.circleMarker(latlng, { radius: 9, color: "#991b1b", weight: 3, fillColor: "#ef4444", fillOpacity: 0.9 })
        .bindTooltip(cfg.label || "").addTo(map);
    }
    if (cfg.point) {
      mark(cfg.point);
      map.setView(cfg.point, 17);
    } else {
      map.setView([31.3, 120.6], 12);
    }
    if (cfg.node && cfg.areas) {
      fetch(cfg.areas + "?id=" + cfg.node, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (fc) {
          if (!fc || !fc.features || !fc.features.length) return;
          var layer = L.geoJSON(fc, { style: function () { return { color: "#c2410c", weight: 2, fillOpacity: 0.05 }; } }).addTo(map);
          if (!cfg.point) map.fitBounds(layer.getBounds(), { maxZoom: 17 });
        }, function () {});
    }
    if (cfg.pick) {
      var lng = document.getElementById(cfg.pick.lng), lat = document.getElementById(cfg.pick.lat);
      map.on("click", function (e) {
        mark(e.latlng);
        if (lng) lng.value = e.latlng.lng.toFixed(6);
        if (lat) lat.value = e.latlng.lat.toFixed(6);
        if (cfg.pick.hint && marker) marker.bindTooltip(cfg.pick.hint).openTooltip();
      });
    }
  }

  function start() {
    var els = document.querySelectorAll("[data-case-map]");
    for (var i = 0; i < els.length; i++) caseMap(els[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
