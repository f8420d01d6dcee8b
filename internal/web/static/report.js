// report.js — the resident's report form on a phone with a weak signal. The form
// works without it (a typed address is enough); this adds:
//
//   form[data-draft]          what was typed is kept in localStorage until the
//                             report is in, with the form's idempotency key, so a
//                             page reloaded after a lost connection sends the same
//                             report again instead of a second one
//   [data-draft-clear]        the page after sending forgets the draft
//   [data-locate]             "use my location" (browser geolocation), with a
//                             plain message when it is refused or fails
//   [data-pin-map]            a Leaflet map to tap a pin on, loaded only when a
//                             tile server is configured (a plain background
//                             gives a resident nothing to find the place by)
//   button[data-sending]      one tap sends once; offline, nothing is sent and
//                             the person is told the text is kept
//   [data-similar]            once a category, a place and a few words are in,
//                             asks the server for open cases nearby like it and
//                             lists them ("someone has already reported this"),
//                             never holding the report back
(function () {
  "use strict";

  var PREFIX = "shequ.draft.";
  var FIELDS = ["description", "address", "reporter_name", "category_id", "anonymous", "lat", "lng", "idempotency_key"];

  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  // The page after sending: the draft is done with.
  var done = document.querySelector("[data-draft-clear]");
  if (done && store()) store().removeItem(PREFIX + done.getAttribute("data-draft-clear"));

  var form = document.querySelector("form[data-draft]");
  if (!form) return;
  var cfg = {};
  try { cfg = JSON.parse(form.getAttribute("data-report-map") || "{}"); } catch (e) { cfg = {}; }
  var texts = cfg.texts || {};
  var key = PREFIX + form.getAttribute("data-draft");

  function field(name) { return form.elements.namedItem(name); }

  function read() {
    var d = {};
    FIELDS.forEach(function (n) {
      var el = field(n);
      if (!el) return;
      if (el.length !== undefined && !el.tagName) { // radio group
        for (var i = 0; i < el.length; i++) if (el[i].checked) d[n] = el[i].value;
      } else if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) d[n] = el.value;
      } else if (el.value) {
        d[n] = el.value;
      }
    });
    return d;
  }

  function write(d) {
    FIELDS.forEach(function (n) {
      var el = field(n);
      if (!el || d[n] === undefined) return;
      if (el.length !== undefined && !el.tagName) {
        for (var i = 0; i < el.length; i++) el[i].checked = el[i].value === d[n];
      } else if (el.type === "checkbox") {
        el.checked = true;
      } else if (el.type === "radio") { // a group of one
        el.checked = el.value === d[n];
      } else {
        el.value = d[n];
      }
    });
  }

  function save() {
    var s = store();
    if (!s) return;
    var d = read();
    var typed = d.description || d.address || d.category_id || d.lat;
    try {
      if (typed) s.setItem(key, JSON.stringify(d));
    } catch (e) { /* storage full or disabled: the form still works */ }
  }

  // A fresh form takes back an unsent draft; a form shown again with errors already
  // holds what was sent.
  if (form.hasAttribute("data-fresh") && store()) {
    var saved = null;
    try { saved = JSON.parse(store().getItem(key) || "null"); } catch (e) { saved = null; }
    if (saved && (saved.description || saved.address)) {
      write(saved);
      var note = document.getElementById("rp-draft");
      if (note) note.hidden = false;
    }
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);

  // ─── Already reported nearby? ───────────────────────────────────────────
  // Asked a moment after the person stops typing, and only when the question changed:
  // the server counts the questions of those who are not staff.
  var similar = form.querySelector("[data-similar]");
  var suggest = function () {};
  if (similar && window.fetch) {
    var list = similar.querySelector("[data-similar-list]");
    var asked = "", seq = 0, timer = null;

    var draft = function () {
      var d = read();
      var desc = (d.description || "").trim();
      var plate = field("plate_code");
      if (!d.category_id || desc.length < 4) return null;
      var body = { category_id: parseInt(d.category_id, 10), description: desc };
      if (d.lat && d.lng) body.location = { lat: parseFloat(d.lat), lng: parseFloat(d.lng) };
      else if (plate && plate.value) body.plate_code = plate.value;
      else return null;
      return body;
    };
    var fill = function (s, vals) {
      return String(s || "").replace(/\{(\w+)\}|%s/g, function (m, k) { return String(k ? vals[k] : vals.s); });
    };
    var node = function (tag, cls, text) {
      var el = document.createElement(tag);
      if (cls) el.className = cls;
      if (text) el.textContent = text; // text, never markup: descriptions are typed by people
      return el;
    };
    var day = function (iso) {
      var p = String(iso || "").split("-");
      return p.length === 3 ? fill(texts.similar_day, { m: parseInt(p[1], 10), d: parseInt(p[2], 10), date: iso }) : "";
    };
    var show = function (items) {
      list.textContent = "";
      items.forEach(function (it) {
        var li = node("li", "rp-similar-item");
        li.appendChild(node("p", "rp-similar-what", it.category_name));
        li.appendChild(node("p", "rp-similar-status", it.status_name || it.status_text));
        var meta = node("p", "rp-similar-meta");
        [fill(texts.similar_distance, { s: it.distance_m }), day(it.reported_on)].forEach(function (part, i) {
          if (i) meta.appendChild(document.createTextNode(" · "));
          meta.appendChild(node("span", "rp-nowrap", part)); // "12月2日反映" stays whole on a narrow screen
        });
        li.appendChild(meta);
        li.appendChild(node("p", "rp-similar-ticket", fill(texts.similar_ticket, { s: it.ticket })));
        if (it.description) {
          var words = it.description.length > 120 ? it.description.slice(0, 120) + "…" : it.description;
          li.appendChild(node("p", "rp-similar-text", words));
        }
        if (it.mine) li.appendChild(node("p", "rp-similar-mine", texts.similar_mine));
        var href = it.url || (it.mine && it.track_url);
        if (href) {
          var a = node("a", "btn btn-secondary rp-similar-link", it.url ? texts.similar_open : texts.similar_track);
          a.href = href;
          if (it.url) { a.target = "_blank"; a.rel = "noopener"; } // staff keep the call's form open
          li.appendChild(a);
        }
        list.appendChild(li);
      });
      similar.hidden = items.length === 0;
    };
    var ask = function () {
      var body = draft();
      if (!body) { asked = ""; similar.hidden = true; return; }
      var q = JSON.stringify(body);
      if (q === asked) return;
      asked = q;
      var mine = ++seq;
      fetch(similar.getAttribute("data-similar"), {
        method: "POST", credentials: "same-origin", body: q,
        headers: { "Content-Type": "application/json", Accept: "application/json" }
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (res) {
        if (mine !== seq || !res) return; // a later question is on its way, or nothing to say
        show(res.items || []);
      }).catch(function () { asked = ""; /* offline: ask again with the next change */ });
    };
    suggest = function () { clearTimeout(timer); timer = setTimeout(ask, 700); };
    form.addEventListener("input", suggest);
    form.addEventListener("change", suggest);
    suggest(); // a restored draft or a form shown again
  }

  // ─── Sending ────────────────────────────────────────────────────────────
  var offline = document.getElementById("rp-offline");
  form.addEventListener("submit", function (ev) {
    save();
    if (navigator.onLine === false) {
      ev.preventDefault();
      if (offline) { offline.hidden = false; offline.scrollIntoView({ block: "center" }); }
      return;
    }
    if (offline) offline.hidden = true;
    var btn = form.querySelector("button[data-sending]");
    if (btn) {
      if (btn.getAttribute("aria-disabled") === "true") { ev.preventDefault(); return; }
      var label = btn.textContent;
      btn.setAttribute("aria-disabled", "true");
      btn.textContent = btn.getAttribute("data-sending");
      // A request lost on the way leaves the page as it is: let the person try again.
      setTimeout(function () { btn.removeAttribute("aria-disabled"); btn.textContent = label; }, 15000);
    }
  });
  window.addEventListener("online", function () { if (offline) offline.hidden = true; });

  // ─── Where ──────────────────────────────────────────────────────────────
  var tools = form.querySelector("[data-geo-tools]");
  if (!tools) return; // a scanned door plate says where
  tools.hidden = false;
  var lat = form.querySelector("[data-lat]"), lng = form.querySelector("[data-lng]");
  var status = form.querySelector("[data-where-status]");
  var clear = form.querySelector("[data-clear-point]");
  var mapEl = form.querySelector("[data-pin-map]");
  var map = null, pin = null;

  function say(msg, bad) {
    status.textContent = msg || "";
    status.classList.toggle("rp-bad", !!bad);
  }

  function setPoint(y, x, msg) {
    lat.value = y.toFixed(6);
    lng.value = x.toFixed(6);
    if (clear) clear.hidden = false;
    say(msg);
    if (map) {
      if (!pin) {
        pin = L.marker([y, x], { draggable: true, keyboard: true }).addTo(map);
        pin.on("dragend", function () {
          var p = pin.getLatLng();
          setPoint(p.lat, p.lng, texts.pinned);
        });
      } else {
        pin.setLatLng([y, x]);
      }
    }
    save();
    suggest();
  }

  if (clear) {
    clear.hidden = !lat.value;
    clear.addEventListener("click", function () {
      lat.value = lng.value = "";
      clear.hidden = true;
      if (pin && map) { map.removeLayer(pin); pin = null; }
      say("");
      save();
      suggest();
    });
  }

  var locate = form.querySelector("[data-locate]");
  if (locate) {
    locate.addEventListener("click", function () {
      if (!navigator.geolocation) { say(texts.location_none, true); return; }
      say(texts.locating);
      navigator.geolocation.getCurrentPosition(function (pos) {
        setPoint(pos.coords.latitude, pos.coords.longitude, texts.located);
        if (map) map.setView([pos.coords.latitude, pos.coords.longitude], 17);
      }, function (err) {
        say(err && err.code === 1 ? texts.location_denied : texts.location_failed, true);
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  // The map needs a tile server to show streets a resident recognises, and a place to
  // start; without them, location and address are enough.
  if (!mapEl || !cfg.centre || !cfg.tiles) {
    if (mapEl) mapEl.parentNode.hidden = true;
    return;
  }
  function loadLeaflet(done) {
    if (window.L) { done(); return; }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = form.getAttribute("data-leaflet-css");
    document.head.appendChild(css);
    var s = document.createElement("script");
    s.src = form.getAttribute("data-leaflet-js");
    s.onload = done;
    s.onerror = function () { mapEl.parentNode.hidden = true; };
    document.head.appendChild(s);
  }
  loadLeaflet(function () {
    var start = lat.value ? [parseFloat(lat.value), parseFloat(lng.value)] : cfg.centre;
    map = L.map(mapEl, { zoomSnap: 1, minZoom: 8, maxZoom: 19, tap: true }).setView(start, lat.value ? 17 : 14);
    if (cfg.tiles) {
      L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
    }
    map.attributionControl.setPrefix(false);
    if (lat.value) setPoint(parseFloat(lat.value), parseFloat(lng.value), texts.pinned);
    map.on("click", function (e) { setPoint(e.latlng.lat, e.latlng.lng, texts.pinned); });
  });
})();
