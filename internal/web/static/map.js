// map.js — the governance map (治理一张图) on Leaflet, for every element with a
// data-map attribute holding the JSON configuration the server writes:
//
//   areas        URL of the GeoJSON layers (?level=N, ?id=N)
//   node         URL prefix of a place's page ("/admin/nodes/")
//   layers       [{level, name, minZoom, color}] from coarse to fine
//   focus        a place to outline and zoom to, or 0
//   under        draw only the places below this node, or 0
//   tiles        tile URL template, or "" for vector layers alone
//   attribution  the tile provider's credit
//   texts        translated strings
//
// Finer levels are fetched once, the first time the map is zoomed in far enough to
// show them, so a phone on a slow network never loads a district's micro-grids at once.
(function () {
  "use strict";

  // Names are written on the map for the finest level drawn, down to grids; other
  // levels (and micro-grids, which are too many) name themselves on hover, so labels
  // never pile up.
  var LABELLED = [3, 4, 5];

  function init(el) {
    var cfg;
    try {
      cfg = JSON.parse(el.getAttribute("data-map"));
    } catch (e) {
      return;
    }
    var texts = cfg.texts || {};
    var map = L.map(el, { zoomSnap: 1, minZoom: 8, maxZoom: 19 });
    if (cfg.tiles) {
      L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
    } else {
      el.classList.add("map-vector");
    }
    map.attributionControl.setPrefix(false);

    var status = L.control({ position: "bottomleft" });
    status.onAdd = function () {
      var d = L.DomUtil.create("div", "map-status");
      d.setAttribute("role", "status");
      return d;
    };
    status.addTo(map);
    var pending = 0;
    function say(msg) {
      status.getContainer().textContent = msg || "";
    }

    function fetchJSON(url) {
      pending++;
      say(texts.loading);
      return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        })
        .then(function (j) {
          if (--pending === 0) say("");
          return j;
        }, function (err) {
          pending--;
          say(texts.failed);
          throw err;
        });
    }

    function popup(f) {
      var p = f.properties;
      var box = L.DomUtil.create("div", "map-popup");
      var h = L.DomUtil.create("strong", "", box);
      h.textContent = p.name;
      var meta = L.DomUtil.create("div", "muted", box);
      meta.textContent = p.level_name + " · " + p.code;
      var links = L.DomUtil.create("div", "map-popup-links", box);
      var open = L.DomUtil.create("a", "btn btn-primary btn-small", links);
      open.href = cfg.node + f.id;
      open.textContent = texts.open;
      var zoom = L.DomUtil.create("button", "btn btn-secondary btn-small", links);
      zoom.type = "button";
      zoom.textContent = texts.zoom_in;
      L.DomEvent.on(zoom, "click", function () {
        map.closePopup();
        map.fitBounds(L.geoJSON(f).getBounds(), { padding: [20, 20] });
      });
      return box;
    }

    var layers = (cfg.layers || []).map(function (def) {
      var layer = L.geoJSON(null, {
        style: function () {
          return { color: def.color, weight: def.level <= 4 ? 3 : 1.5, opacity: 0.9, fillColor: def.color, fillOpacity: 0.03 };
        },
        onEachFeature: function (f, l) {
          l.bindPopup(function () { return popup(f); });
          l.bindTooltip(f.properties.name, {
            permanent: LABELLED.indexOf(def.level) >= 0, direction: "center",
            className: "map-label map-label-" + def.level
          });
          l.on("mouseover", function () { l.setStyle({ fillOpacity: 0.18 }); });
          l.on("mouseout", function () { l.setStyle({ fillOpacity: 0.03 }); });
        }
      });
      return { def: def, layer: layer, loaded: false, loading: null };
    });

    function ensure(entry) {
      if (entry.loaded) return Promise.resolve(entry);
      if (!entry.loading) {
        var url = cfg.areas + "?level=" + entry.def.level + (cfg.under ? "&under=" + cfg.under : "");
        entry.loading = fetchJSON(url).then(function (fc) {
          entry.layer.addData(fc);
          entry.loaded = true;
          return entry;
        });
      }
      return entry.loading;
    }

    function refresh() {
      var z = map.getZoom();
      var finest = 0;
      layers.forEach(function (entry) {
        var want = z >= entry.def.minZoom;
        if (want) {
          if (LABELLED.indexOf(entry.def.level) >= 0) finest = entry.def.level;
          ensure(entry).then(function () {
            if (!map.hasLayer(entry.layer) && map.getZoom() >= entry.def.minZoom) {
              entry.layer.addTo(map);
              if (focused) focused.bringToFront(); // the outline stays above later layers
            }
          }, function () {});
        } else if (map.hasLayer(entry.layer)) {
          map.removeLayer(entry.layer);
        }
      });
      LABELLED.forEach(function (lvl) {
        el.classList.toggle("show-labels-" + lvl, lvl === finest);
      });
    }

    var focused = null; // the outline of the place asked for
    map.on("zoomend", refresh);

    if (cfg.focus) {
      fetchJSON(cfg.areas + "?id=" + cfg.focus).then(function (fc) {
        if (!fc.features.length) {
          say(texts.no_area);
          map.setView([31.3, 120.6], 12);
          refresh();
          return;
        }
        var outline = L.geoJSON(fc, {
          interactive: false,
          style: { color: "#dc2626", weight: 4, fill: false, dashArray: "6 4" }
        });
        map.fitBounds(outline.getBounds(), { padding: [20, 20] });
        focused = outline.addTo(map);
        refresh();
      }, function () {});
    } else if (layers.length) {
      ensure(layers[0]).then(function (entry) {
        if (entry.layer.getLayers().length) {
          map.fitBounds(entry.layer.getBounds(), { padding: [10, 10] });
        } else {
          say(texts.no_area);
          map.setView([31.3, 120.6], 12);
        }
        refresh();
      }, function () {
        map.setView([31.3, 120.6], 12);
      });
    }
  }

  function start() {
    if (!window.L) return;
    var els = document.querySelectorAll("[data-map]");
    for (var i = 0; i < els.length; i++) init(els[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
