// photos.js — the photo picker of case reports and case events (templates/_photos.html).
// Dependency-free and CSP-safe (no eval, no inline handlers or styles). For each
// fieldset[data-photo-picker] it:
//   - uploads every photo taken or chosen to POST /api/v1/attachments, one request each,
//     showing a progress bar (XMLHttpRequest: fetch cannot report upload progress);
//   - shows the thumbnail with a remove button and puts the photo's id and claim into
//     hidden inputs named data-name and data-name + "_claim", in the same order;
//   - refuses more than data-max photos, and keeps the form from being submitted while
//     an upload is still running;
//   - shows errors under the picker: the server's message for the file (in the page's
//     language, asked for with Accept-Language) or the data-msg-* texts.
// A page may include the picker several times; this file then runs once.
(function () {
  "use strict";
  if (window.shequPhotos) return;
  window.shequPhotos = true;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function hidden(name, value) {
    var i = el("input");
    i.type = "hidden";
    i.name = name;
    i.value = value;
    return i;
  }

  function thumbURL(id, claim) {
    return "/files/" + encodeURIComponent(id) + "/thumb" + (claim ? "?claim=" + encodeURIComponent(claim) : "");
  }

  function init(root) {
    if (root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "1");
    var name = root.getAttribute("data-name");
    var max = parseInt(root.getAttribute("data-max"), 10) || 9;
    var list = root.querySelector(".photo-list");
    var errorBox = root.querySelector(".photo-error");
    var counter = root.querySelector(".photo-count");
    var pickers = root.querySelectorAll("input[type=file]");
    var form = root.closest("form");
    function msg(key) { return root.getAttribute("data-msg-" + key) || ""; }

    function showError(text) {
      errorBox.textContent = text || "";
      errorBox.hidden = !text;
      root.classList.toggle("has-error", !!text);
    }

    function count() { return list.children.length; }

    function update() {
      var full = count() >= max;
      for (var i = 0; i < pickers.length; i++) {
        pickers[i].disabled = full;
        var label = root.querySelector("label[for='" + pickers[i].id + "']");
        if (label) label.classList.toggle("disabled", full);
      }
      // "已添加 0 张，最多 9 张": the first number is the count.
      counter.textContent = msg("count").replace(/\d+/, String(count()));
    }

    // item adds a photo to the list: a placeholder with a progress bar while it uploads.
    function item() {
      var li = el("li", "photo uploading");
      var frame = el("div", "photo-frame");
      var bar = el("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", msg("uploading"));
      frame.appendChild(bar);
      li.appendChild(frame);
      var remove = el("button", "photo-remove", "×");
      remove.type = "button";
      remove.setAttribute("aria-label", msg("remove"));
      remove.title = msg("remove");
      li.appendChild(remove);
      list.appendChild(li);
      return li;
    }

    function ready(li, id, claim, thumb) {
      var frame = li.querySelector(".photo-frame");
      frame.textContent = "";
      var img = el("img");
      img.src = thumb || thumbURL(id, claim);
      img.alt = "";
      frame.appendChild(img);
      li.appendChild(hidden(name, String(id)));
      li.appendChild(hidden(name + "_claim", claim || ""));
      li.classList.remove("uploading");
      if (li.xhr) li.xhr = null;
    }

    function upload(file) {
      var li = item();
      var xhr = new XMLHttpRequest();
      li.xhr = xhr;
      var bar = li.querySelector("progress");
      xhr.open("POST", "/api/v1/attachments");
      xhr.setRequestHeader("Accept-Language", document.documentElement.lang || "zh-CN");
      xhr.upload.addEventListener("progress", function (ev) {
        if (ev.lengthComputable) bar.value = Math.round(100 * ev.loaded / ev.total);
      });
      xhr.addEventListener("load", function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        if (xhr.status === 201 && body && body.id) {
          ready(li, body.id, body.claim, body.thumb_url);
          update();
          return;
        }
        var text = msg("failed");
        if (body && body.error) {
          text = (body.error.fields && body.error.fields.file) || body.error.message || text;
        }
        li.remove();
        showError(text);
        update();
      });
      xhr.addEventListener("error", function () {
        li.remove();
        showError(msg("offline"));
        update();
      });
      var data = new FormData();
      data.append("file", file, file.name || "photo.jpg");
      xhr.send(data);
    }

    function chosen(ev) {
      var input = ev.target;
      var files = Array.prototype.slice.call(input.files || []);
      input.value = "";
      showError("");
      var room = max - count();
      if (files.length > room) {
        showError(msg("full"));
        files = files.slice(0, Math.max(room, 0));
      }
      files.forEach(upload);
      update();
    }
    for (var i = 0; i < pickers.length; i++) pickers[i].addEventListener("change", chosen);

    list.addEventListener("click", function (ev) {
      var btn = ev.target.closest && ev.target.closest(".photo-remove");
      if (!btn) return;
      var li = btn.closest("li");
      if (li.xhr) li.xhr.abort();
      li.remove();
      showError("");
      update();
      var next = list.querySelector(".photo-remove") || root.querySelector("input[type=file]:not(:disabled)");
      if (next) next.focus();
    });

    if (form) {
      form.addEventListener("submit", function (ev) {
        if (list.querySelector(".uploading")) {
          ev.preventDefault();
          showError(msg("uploading"));
        }
      });
    }

    // Photos uploaded before a submission that came back with errors.
    var kept = root.querySelector(".photo-kept");
    if (kept) {
      var ids = kept.querySelectorAll("input[name='" + name + "']");
      var claims = kept.querySelectorAll("input[name='" + name + "_claim']");
      for (var k = 0; k < ids.length && k < max; k++) {
        ready(item(), ids[k].value, claims[k] ? claims[k].value : "");
      }
      kept.remove();
    }
    update();
  }

  function start() {
    var roots = document.querySelectorAll("[data-photo-picker]");
    for (var i = 0; i < roots.length; i++) init(roots[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
