// patrol.js — grid workers' patrols (巡查).
//
// On the phone page (#patrol-live, data-patrol holding the JSON the server writes:
// id, started, distance, points, pointsURL, trackURL, maxAccuracy, batch, tiles, texts)
// it follows the browser's geolocation with watchPosition, keeps a point every ~10 s,
// buffers the points in localStorage so a lost signal loses nothing, and uploads them in
// batches whenever the connection allows; it shows the elapsed time, the distance and
// the track on a small map. Before the end form is sent, the buffer is flushed.
//
// On the coverage page (data-coverage: areas, statuses, drill, texts) it draws the
// grids coloured by whether today's patrols meet the requirement; on a patrol's page
// (data-track: track, areas, texts) it draws the track over the grid.
(function () {
  "use strict";

  var INTERVAL = 10000; // keep at most one point every 10 s
  var COLORS = { met: "#15803d", partly: "#d97706", none: "#b91c1c" };

  function cfgOf(el, attr) {
    try {
      return JSON.parse(el.getAttribute(attr));
    } catch (e) {
      return null;
    }
  }

  function baseMap(el, cfg) {
    var map = L.map(el, { zoomSnap: 1, minZoom: 8, maxZoom: 19 });
    if (cfg.tiles) {
      L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
    } else {
      el.classList.add("map-vector");
    }
    map.attributionControl.setPrefix(false);
    return map;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  // Great-circle distance in metres, as the server computes it.
  function distance(a, b) {
    var r = 6371008.8, rad = Math.PI / 180;
    var la1 = a.lat * rad, la2 = b.lat * rad, dLat = la2 - la1, dLng = (b.lng - a.lng) * rad;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(la1) * Math.cos(la2) * Math.sin(dLng / 2) * Math.sin(dLng / 2);
    return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  function live(el) {
    var cfg = cfgOf(el, "data-patrol");
    if (!cfg) return;
    var texts = cfg.texts || {};
    var key = "shequ.patrol." + cfg.id + ".pending";
    var gps = document.getElementById("patrol-gps");
    var sync = document.getElementById("patrol-sync");
    var elapsed = document.getElementById("patrol-elapsed");
    var dist = document.getElementById("patrol-distance");
    var count = document.getElementById("patrol-points");
    var total = cfg.distance || 0, points = cfg.points || 0, last = null, uploading = false;

    function say(kind, msg) {
      gps.className = "flash flash-" + kind + " patrol-gps";
      gps.textContent = msg;
    }
    function pending() {
      try {
        return JSON.parse(localStorage.getItem(key) || "[]");
      } catch (e) {
        return [];
      }
    }
    function keep(list) {
      try {
        localStorage.setItem(key, JSON.stringify(list));
      } catch (e) { /* storage full or refused: points stay in memory only */ }
      memory = list;
    }
    var memory = pending();
    function showSync() {
      var n = memory.length;
      sync.textContent = n ? texts.pending.replace("%d", n) : texts.uploaded;
    }
    function figures() {
      dist.textContent = Math.round(total) + " m";
      count.textContent = points + memory.length;
    }

    var map = null, line = null, here = null;
    if (window.L) {
      map = baseMap(document.getElementById("patrol-map"), cfg);
      map.setView([31.3, 120.6], 16);
      line = L.polyline([], { color: "#1d4ed8", weight: 4 }).addTo(map);
      getJSON(cfg.trackURL).then(function (p) {
        (p.track || []).forEach(function (q) { line.addLatLng([q.lat, q.lng]); });
        memory.forEach(function (q) { line.addLatLng([q.lat, q.lng]); });
        if (line.getLatLngs().length) map.fitBounds(line.getBounds(), { padding: [20, 20], maxZoom: 17 });
      }, function () { /* offline: the buffered points are drawn as they come */ });
    }

    function tick() {
      var s = Math.max(0, Math.floor((Date.now() - cfg.started) / 1000));
      var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
      elapsed.textContent = (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (sec < 10 ? "0" : "") + sec;
    }
    tick();
    setInterval(tick, 1000);

    function upload() {
      if (uploading || !memory.length || navigator.onLine === false) {
        showSync();
        return Promise.resolve();
      }
      uploading = true;
      var batch = memory.slice(0, cfg.batch || 200);
      return fetch(cfg.pointsURL, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ points: batch })
      }).then(function (r) {
        return r.json().then(function (j) { return { ok: r.ok, status: r.status, body: j }; }, function () { return { ok: r.ok, status: r.status, body: null }; });
      }).then(function (res) {
        uploading = false;
        if (res.ok || (res.status >= 400 && res.status < 500 && res.status !== 401 && res.status !== 408 && res.status !== 429)) {
          // Sent, or refused for good (the patrol ended elsewhere, a point the server
          // will never take): either way these points leave the buffer.
          keep(memory.slice(batch.length));
          if (res.ok && res.body && res.body.patrol) {
            total = res.body.patrol.distance_m;
            points = res.body.patrol.points;
          } else if (!res.ok) {
            say("warn", texts.refused);
          }
          figures();
          showSync();
          if (memory.length) return upload();
        } else {
          showSync();
        }
      }, function () {
        uploading = false;
        say("warn", texts.offline);
        showSync();
      });
    }

    function onPosition(pos) {
      var c = pos.coords;
      var p = { at: new Date(pos.timestamp || Date.now()).toISOString(), lng: c.longitude, lat: c.latitude, accuracy: c.accuracy || 0 };
      if (c.accuracy > (cfg.maxAccuracy || 100)) {
        say("warn", texts.weak.replace("%d", Math.round(c.accuracy)));
        return;
      }
      say("success", texts.recording);
      var t = Date.parse(p.at);
      if (last && t - last.t < INTERVAL) return;
      if (last) total += distance(last, p);
      last = { t: t, lat: p.lat, lng: p.lng };
      memory.push(p);
      keep(memory);
      if (line) {
        line.addLatLng([p.lat, p.lng]);
        if (!here) here = L.circleMarker([p.lat, p.lng], { radius: 7, color: "#fff", weight: 2, fillColor: "#1d4ed8", fillOpacity: 1 }).addTo(map);
        here.setLatLng([p.lat, p.lng]);
        map.panTo([p.lat, p.lng]);
      }
      figures();
      upload();
    }

    function onError(err) {
      if (err.code === 1) say("error", texts.denied);
      else if (err.code === 2) say("warn", texts.unavailable);
      // A timeout (3) just waits for the next fix.
    }

    if (!("geolocation" in navigator)) {
      say("error", texts.unsupported);
    } else {
      navigator.geolocation.watchPosition(onPosition, onError, { enableHighAccuracy: true, maximumAge: 5000, timeout: 30000 });
    }
    window.addEventListener("online", upload);
    setInterval(upload, 15000);
    figures();
    showSync();
    upload();

    var form = document.getElementById("patrol-end");
    if (form) {
      form.addEventListener("submit", function (ev) {
        if (!memory.length || form.getAttribute("data-flushed")) return;
        ev.preventDefault();
        sync.textContent = texts.flushing;
        upload().then(function () {
          form.setAttribute("data-flushed", "1");
          form.submit();
        });
      });
    }
  }

  function coverage(el) {
    var cfg = cfgOf(el, "data-coverage");
    if (!cfg || !window.L) return;
    var map = baseMap(el, cfg);
    map.setView([31.3, 120.6], 13);
    getJSON(cfg.areas).then(function (fc) {
      var layer = L.geoJSON(fc, {
        style: function (f) {
          var st = cfg.statuses[String(f.id)] || "none";
          return { color: "#374151", weight: 1.5, fillColor: COLORS[st], fillOpacity: 0.45, dashArray: st === "partly" ? "4 3" : null };
        },
        onEachFeature: function (f, l) {
          var st = cfg.statuses[String(f.id)] || "none";
          l.bindTooltip(f.properties.name + " · " + (cfg.texts[st] || st), { sticky: true });
          l.on("click", function () { window.location.href = cfg.drill + f.id; });
        }
      }).addTo(map);
      if (fc.features && fc.features.length) {
        map.fitBounds(layer.getBounds(), { padding: [10, 10], animate: false });
        el.setAttribute("data-ready", "1");
      } else {
        var note = document.createElement("p");
        note.className = "map-status";
        note.textContent = cfg.texts.no_area;
        el.appendChild(note);
      }
    }, function () {
      var note = document.createElement("p");
      note.className = "map-status";
      note.textContent = cfg.texts.failed;
      el.appendChild(note);
    });
  }

  function track(el) {
    var cfg = cfgOf(el, "data-track");
    if (!cfg || !window.L) return;
    var map = baseMap(el, cfg);
    map.setView([31.3, 120.6], 15);
    var line = L.polyline(cfg.track || [], { color: "#1d4ed8", weight: 4 }).addTo(map);
    if (cfg.track && cfg.track.length) {
      L.circleMarker(cfg.track[0], { radius: 6, color: "#15803d", fillOpacity: 1 }).addTo(map);
      L.circleMarker(cfg.track[cfg.track.length - 1], { radius: 6, color: "#b91c1c", fillOpacity: 1 }).addTo(map);
      map.fitBounds(line.getBounds(), { padding: [20, 20], maxZoom: 18, animate: false });
    }
    getJSON(cfg.areas).then(function (fc) {
      var grid = L.geoJSON(fc, { style: { color: "#c2410c", weight: 2, fillOpacity: 0.05 } }).addTo(map);
      grid.bringToBack();
      if (fc.features && fc.features.length) {
        var b = grid.getBounds();
        if (cfg.track && cfg.track.length) b.extend(line.getBounds());
        map.fitBounds(b, { padding: [20, 20], maxZoom: 18, animate: false });
        el.setAttribute("data-ready", "1");
      }
    }, function () { el.setAttribute("data-ready", "1"); });
    if (!(cfg.track && cfg.track.length)) {
      var note = document.createElement("p");
      note.className = "map-status";
      note.textContent = cfg.texts.no_track;
      el.appendChild(note);
    }
  }

  function init() {
    var el = document.getElementById("patrol-live");
    if (el) live(el);
    el = document.getElementById("coverage-map");
    if (el) coverage(el);
    el = document.getElementById("track-map");
    if (el) track(el);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
