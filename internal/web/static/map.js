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
//   buildings    {url, minZoom}: the buildings layer, for those who see the registers
//   facilities   {url, minZoom, page}: the facilities layer, off until chosen
//   stats        {url, node, level, metrics}: colour node's children by a statistic
//   at           [lat, lng] of a building found by the search, or absent
//   edit         suffix of a place's drawing page, for those who may draw boundaries
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
      if (cfg.edit) {
        var edit = L.DomUtil.create("a", "btn btn-secondary btn-small", links);
        edit.href = cfg.node + f.id + cfg.edit;
        edit.textContent = texts.edit_boundary;
      }
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
    var overlays = {};
    if (cfg.buildings) overlays[texts.buildings] = buildingsLayer(map, cfg, texts, say);
    if (cfg.facilities) overlays[texts.facilities] = facilitiesLayer(map, cfg, texts, say);
    if (cfg.stats) choropleth(map, el, cfg, texts, fetchJSON);
    if (Object.keys(overlays).length) {
      L.control.layers(null, overlays, { position: "topright", collapsed: false }).addTo(map);
    }
    if (cfg.at) {
      L.circleMarker(cfg.at, { radius: 12, color: "#dc2626", weight: 3, fill: false, interactive: false, className: "map-found" }).addTo(map);
    }

    if (cfg.at) {
      map.setView(cfg.at, 18);
      refresh();
    } else if (cfg.focus) {
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

  // pointsLayer draws the points of a register in view (buildings, facilities) from
  // def.minZoom on, fetched by bounding box as the map moves; the server caps a box and
  // says when it had more.
  function pointsLayer(map, def, texts, say, style, popup) {
    var layer = L.layerGroup(), seq = 0;
    function load() {
      if (!map.hasLayer(layer)) return;
      if (map.getZoom() < def.minZoom) {
        layer.clearLayers();
        say(texts.buildings_zoom);
        return;
      }
      var b = map.getBounds();
      var w = Math.max(b.getWest(), -180), s = Math.max(b.getSouth(), -90);
      var e = Math.min(b.getEast(), 180, w + 0.1), n = Math.min(b.getNorth(), 90, s + 0.1);
      var mine = ++seq;
      fetch(def.url + "?bbox=" + [w, s, e, n].map(function (v) { return v.toFixed(6); }).join(","),
        { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (fc) {
          if (mine !== seq) return; // a later move already asked again
          layer.clearLayers();
          fc.features.forEach(function (f) {
            var c = f.geometry.coordinates;
            L.circleMarker([c[1], c[0]], style).bindTooltip(f.properties.name || f.properties.class_name)
              .bindPopup(function () { return popup(f); }).addTo(layer);
          });
          say(fc.truncated ? texts.buildings_more : "");
        }, function () { say(texts.failed); });
    }
    map.on("moveend", load);
    map.on("overlayadd", function (e) { if (e.layer === layer) load(); });
    map.on("overlayremove", function (e) { if (e.layer === layer) say(""); });
    return layer;
  }

  function pointPopup(title, meta, href, linkText) {
    var box = L.DomUtil.create("div", "map-popup");
    L.DomUtil.create("strong", "", box).textContent = title;
    L.DomUtil.create("div", "muted", box).textContent = meta;
    var links = L.DomUtil.create("div", "map-popup-links", box);
    var open = L.DomUtil.create("a", "btn btn-primary btn-small", links);
    open.href = href;
    open.textContent = linkText;
    return box;
  }

  function buildingsLayer(map, cfg, texts, say) {
    var layer = pointsLayer(map, cfg.buildings, texts, say,
      { radius: 7, color: "#0f766e", weight: 2, fillColor: "#14b8a6", fillOpacity: 0.85, className: "map-building" },
      function (f) {
        var p = f.properties;
        return pointPopup(p.name, p.kind_name + " · " + p.address, p.url, texts.building_open);
      });
    layer.addTo(map);
    return layer;
  }

  // facilitiesLayer starts hidden: a person turns it on in the layers control.
  function facilitiesLayer(map, cfg, texts, say) {
    return pointsLayer(map, cfg.facilities, texts, say,
      { radius: 6, color: "#9a3412", weight: 2, fillColor: "#fb923c", fillOpacity: 0.9, className: "map-facility" },
      function (f) {
        var p = f.properties;
        return pointPopup(p.class_name, p.code + " · " + p.condition_name, cfg.facilities.page + f.id, texts.facility_open);
      });
  }

  var PALETTE = ["#eff6ff", "#bfdbfe", "#60a5fa", "#2563eb", "#1e3a8a"];

  // choropleth colours the children of cfg.stats.node by one of their statistics,
  // chosen in a control with a legend; a click opens the child's page.
  function choropleth(map, el, cfg, texts, fetchJSON) {
    var def = cfg.stats, layer = null, data = null;
    var ctl = L.control({ position: "topright" });
    var select, legend;
    ctl.onAdd = function () {
      var box = L.DomUtil.create("div", "map-stats leaflet-bar");
      L.DomEvent.disableClickPropagation(box);
      var label = L.DomUtil.create("label", "", box);
      label.textContent = texts.stats;
      label.htmlFor = "map-stat";
      select = L.DomUtil.create("select", "", box);
      select.id = "map-stat";
      var none = L.DomUtil.create("option", "", select);
      none.value = "";
      none.textContent = texts.stats_none;
      def.metrics.forEach(function (m) {
        var o = L.DomUtil.create("option", "", select);
        o.value = m.key;
        o.textContent = m.name;
      });
      legend = L.DomUtil.create("div", "map-legend", box);
      legend.setAttribute("aria-live", "polite");
      L.DomEvent.on(select, "change", function () { show(select.value); });
      return box;
    };
    ctl.addTo(map);

    function load() {
      if (!data) {
        data = Promise.all([
          fetchJSON(def.url),
          fetchJSON(cfg.areas + "?level=" + def.level + "&under=" + def.node)
        ]);
      }
      return data;
    }
    function show(metric) {
      if (layer) map.removeLayer(layer);
      layer = null;
      legend.textContent = "";
      el.classList.toggle("map-choropleth", !!metric);
      if (!metric) return;
      load().then(function (res) {
        var byID = {};
        res[0].items.forEach(function (it) { byID[it.node_id] = it; });
        var max = 0;
        res[0].items.forEach(function (it) { max = Math.max(max, value(it, metric)); });
        var step = Math.max(1, Math.ceil(max / PALETTE.length));
        function klass(v) { return Math.min(PALETTE.length - 1, Math.floor(v / step)); }
        layer = L.geoJSON(res[1], {
          style: function (f) {
            var it = byID[f.id];
            return { color: "#1f2937", weight: 1, fillColor: PALETTE[klass(it ? value(it, metric) : 0)], fillOpacity: 0.75 };
          },
          onEachFeature: function (f, l) {
            var it = byID[f.id];
            l.bindTooltip(f.properties.name + "：" + (it ? value(it, metric) : 0), { sticky: true });
            l.on("click", function () { window.location.href = cfg.node + f.id; });
          }
        }).addTo(map);
        var name = "";
        def.metrics.forEach(function (m) { if (m.key === metric) name = m.name; });
        L.DomUtil.create("strong", "", legend).textContent = texts.stats_legend + " · " + name;
        PALETTE.forEach(function (c, i) {
          var row = L.DomUtil.create("div", "map-legend-row", legend);
          var sw = L.DomUtil.create("span", "map-legend-swatch", row);
          sw.style.background = c;
          var lo = i * step, hi = (i + 1) * step - 1;
          L.DomUtil.create("span", "", row).textContent = i === PALETTE.length - 1 ? "≥ " + lo : (lo === hi ? String(lo) : lo + "–" + hi);
        });
      }, function () {});
    }
    if (window.location.hash === "#stats" && def.metrics.length) {
      select.value = def.metrics[0].key;
      show(select.value);
    }
  }

  function value(it, metric) {
    var v = it[metric];
    return typeof v === "number" ? v : 0;
  }

  function start() {
    if (!window.L) return;
    var els = document.querySelectorAll("[data-map]");
    for (var i = 0; i < els.length; i++) init(els[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
