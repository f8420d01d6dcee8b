// mapedit.js — drawing and editing one place's boundary (Leaflet-Geoman), and the
// preview of generated unit grids.
//
// [data-boundary-edit] holds the JSON the server writes:
//   node, version        the place and the version its boundary was read at
//   boundary             its GeoJSON geometry, or null
//   parentBoundary       the parent's geometry (drawn dashed for reference), or null
//   siblings             URL of the siblings' layer, or ""
//   save                 URL to PUT {geometry, version} to
//   done                 the place's page
//   tiles, attribution   the tile server, or "" for vector layers alone
//   texts                translated strings
// The page's buttons carry data-act="draw|edit|save|cancel"; problems are listed in
// [data-problems] and marked on the map where the checks say they are.
//
// [data-preview-map] holds {cells, outline, tiles, attribution}: a FeatureCollection of
// cells to draw inside the dashed outline.
(function () {
  "use strict";

  var OWN = { color: "#1d4ed8", weight: 3, fillColor: "#1d4ed8", fillOpacity: 0.12 };
  var PARENT = { color: "#dc2626", weight: 3, fill: false, dashArray: "6 4", interactive: false };
  var SIBLING = { color: "#64748b", weight: 1.5, fillColor: "#64748b", fillOpacity: 0.08, interactive: false };

  function baseMap(el, cfg) {
    var map = L.map(el, { zoomSnap: 1, minZoom: 8, maxZoom: 20 });
    if (cfg.tiles) {
      L.tileLayer(cfg.tiles, { maxZoom: 20, attribution: cfg.attribution || "" }).addTo(map);
    } else {
      el.classList.add("map-vector");
    }
    map.attributionControl.setPrefix(false);
    return map;
  }

  function parseCfg(el, attr) {
    try {
      return JSON.parse(el.getAttribute(attr));
    } catch (e) {
      return null;
    }
  }

  function initEdit(root) {
    var cfg = parseCfg(root, "data-boundary-edit");
    if (!cfg) return;
    var texts = cfg.texts || {};
    var el = root.querySelector(".map");
    var map = baseMap(el, cfg);
    if (map.pm && map.pm.setLang) map.pm.setLang(document.documentElement.lang.indexOf("zh") === 0 ? "zh" : "en");
    var msg = root.querySelector("[data-msg]");
    var list = root.querySelector("[data-problems]");
    var btn = {};
    ["draw", "edit", "save", "cancel"].forEach(function (a) {
      btn[a] = root.querySelector('[data-act="' + a + '"]');
    });
    var markers = L.layerGroup().addTo(map);
    var bounds = L.latLngBounds([]);

    // The view is set before any layer is added: Leaflet cannot clip a path on a map
    // that has none yet.
    var parent = cfg.parentBoundary ? L.geoJSON(cfg.parentBoundary, { style: PARENT, interactive: false }) : null;
    // Zoomed to the place itself when it has a boundary, else to where it must lie.
    if (cfg.boundary) bounds.extend(L.geoJSON(cfg.boundary).getBounds());
    else if (parent) bounds.extend(parent.getBounds());
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20] });
    else map.setView([31.3, 120.6], 13);
    if (parent) parent.addTo(map);
    if (cfg.siblings) {
      fetch(cfg.siblings, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (fc) {
          if (!fc) return;
          fc.features = fc.features.filter(function (f) { return f.id !== cfg.node; });
          L.geoJSON(fc, {
            style: SIBLING, interactive: false,
            onEachFeature: function (f, l) {
              l.bindTooltip(f.properties.name, { permanent: true, direction: "center", className: "map-label map-label-sibling" });
            }
          }).addTo(map).bringToBack();
        }, function () {});
    }

    var shape = null; // the layer being drawn or edited
    function showOriginal() {
      if (shape) map.removeLayer(shape);
      shape = null;
      if (cfg.boundary) {
        var g = L.geoJSON(cfg.boundary, { style: OWN });
        shape = g.getLayers()[0];
        shape.addTo(map);
      }
    }
    showOriginal();

    function busy(editing) {
      if (btn.draw) btn.draw.disabled = editing;
      if (btn.edit) btn.edit.disabled = editing || !shape;
      btn.save.disabled = !editing;
      btn.cancel.disabled = !editing;
    }
    function say(text, kind) {
      msg.textContent = text || "";
      msg.className = "map-edit-msg" + (kind ? " " + kind : "");
    }
    function problems(items) {
      list.textContent = "";
      markers.clearLayers();
      (items || []).forEach(function (p) {
        var li = document.createElement("li");
        li.className = p.warning ? "warn" : "bad";
        li.textContent = (p.warning ? texts.warning + "：" : "") + p.message;
        if (p.at) {
          var ll = L.latLng(p.at[1], p.at[0]);
          var m = L.circleMarker(ll, { radius: 9, color: p.warning ? "#b45309" : "#dc2626", weight: 3, fillOpacity: 0.35, className: "map-problem" })
            .bindTooltip(p.message).addTo(markers);
          var go = document.createElement("button");
          go.type = "button";
          go.className = "btn btn-link btn-small";
          go.textContent = texts.problem_here;
          go.addEventListener("click", function () {
            map.setView(ll, Math.max(map.getZoom(), 17));
            m.openTooltip();
          });
          li.appendChild(document.createTextNode(" "));
          li.appendChild(go);
        }
        list.appendChild(li);
      });
    }
    function stopModes() {
      if (map.pm.globalDrawModeEnabled && map.pm.globalDrawModeEnabled()) map.pm.disableDraw();
      if (shape && shape.pm && shape.pm.enabled()) shape.pm.disable();
    }

    map.on("pm:create", function (e) {
      if (shape) map.removeLayer(shape);
      shape = e.layer;
      shape.setStyle(OWN);
      // Straight on to vertex editing, so a mis-placed corner can be dragged at once.
      shape.pm.enable({ allowSelfIntersection: true });
      say(texts.editing_hint);
    });

    if (btn.draw) btn.draw.addEventListener("click", function () {
      stopModes();
      problems([]);
      map.pm.enableDraw("Polygon", { allowSelfIntersection: true, snappable: true, templineStyle: OWN, hintlineStyle: { color: OWN.color, dashArray: "4 4" }, pathOptions: OWN });
      busy(true);
      say(texts.drawing_hint);
    });
    if (btn.edit) btn.edit.addEventListener("click", function () {
      if (!shape) return;
      problems([]);
      shape.pm.enable({ allowSelfIntersection: true });
      busy(true);
      say(texts.editing_hint);
    });
    btn.cancel.addEventListener("click", function () {
      stopModes();
      showOriginal();
      problems([]);
      busy(false);
      say("");
    });
    btn.save.addEventListener("click", function () {
      if (!shape) {
        say(texts.nothing, "bad");
        return;
      }
      var geometry = shape.toGeoJSON(15).geometry;
      btn.save.disabled = true;
      say(texts.saving);
      fetch(cfg.save, {
        method: "PUT", credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ geometry: geometry, version: cfg.version })
      }).then(function (r) {
        return r.json().then(function (j) { return { ok: r.ok, body: j }; }, function () { return { ok: false, body: null }; });
      }).then(function (res) {
        btn.save.disabled = false;
        if (res.ok) {
          stopModes();
          cfg.boundary = geometry;
          cfg.version = res.body.node.version;
          problems(res.body.warnings);
          busy(false);
          if (btn.edit) btn.edit.disabled = false;
          say(texts.saved, "ok");
          root.setAttribute("data-saved", String(cfg.version));
          return;
        }
        var e = res.body && res.body.error;
        say(e ? e.message : texts.failed, "bad");
        if (res.body && res.body.problems) {
          problems(res.body.problems);
        } else if (e && e.fields) {
          problems(Object.keys(e.fields).map(function (k) { return { message: e.fields[k] }; }));
        }
      }, function () {
        btn.save.disabled = false;
        say(texts.failed, "bad");
      });
    });
    busy(false);
  }

  function initPreview(el) {
    var cfg = parseCfg(el, "data-preview-map");
    if (!cfg) return;
    var map = baseMap(el, cfg);
    var cells = L.geoJSON(cfg.cells, {
      style: { color: "#c2410c", weight: 1, fillColor: "#f97316", fillOpacity: 0.15 },
      onEachFeature: function (f, l) { l.bindTooltip(f.properties.name + " · " + f.properties.code); }
    });
    if (cells.getLayers().length) map.fitBounds(cells.getBounds(), { padding: [10, 10] });
    else map.setView([31.3, 120.6], 13);
    cells.addTo(map);
    if (cfg.outline) L.geoJSON(cfg.outline, { style: PARENT, interactive: false }).addTo(map);
  }

  function start() {
    if (!window.L) return;
    var i, els = document.querySelectorAll("[data-boundary-edit]");
    for (i = 0; i < els.length; i++) initEdit(els[i]);
    els = document.querySelectorAll("[data-preview-map]");
    for (i = 0; i < els.length; i++) initPreview(els[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
