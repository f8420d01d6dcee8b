// app.js — small progressive enhancements for shequ pages.
// Dependency-free, loaded with <script src="…/app.js" defer>. Pages work
// without it; it only adds the behaviours below. CSP-safe: no eval, no inline
// handlers, no inline styles.
//
//   form[data-confirm="…"]    ask before the form is submitted
//   button[data-confirm="…"]  ask before the button acts (submit or htmx)
//   select[data-autosubmit]   submit the enclosing form when the value changes
//   [data-copy="ID"]          copy the text (or value) of element #ID;
//                             optional data-copied="已复制" is shown for 2 s
//   details.menu              opened on wide screens (older browsers cannot
//                             show a closed <details>' content with CSS)
//   details.navgroup          closed on Escape (focus back on its button), on a
//                             click elsewhere and when focus leaves it
//   form.toolbar[role=search] on phones, filters past the first two are
//                             folded behind a button (body[data-more-filters]
//                             is its label) until one is set, so the list
//                             shows without scrolling past every filter
(function () {
  "use strict";

  var WIDE = "(min-width: 60em)"; // keep in step with app.css

  function attr(el, name) {
    return el && el.getAttribute ? el.getAttribute(name) : null;
  }

  // Stop an event before anything else (including htmx) sees it.
  function cancel(ev) {
    ev.preventDefault();
    ev.stopPropagation();
    ev.stopImmediatePropagation();
  }

  // (a) Confirmation. Listeners run in the capture phase on document, so they
  // run before htmx's own handlers on the element.
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest("button[data-confirm]");
    if (!btn || btn.disabled) return;
    if (!window.confirm(attr(btn, "data-confirm"))) cancel(ev);
  }, true);

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var msg = attr(form, "data-confirm");
    if (!msg) return;
    // Already asked by the button that submitted it.
    if (ev.submitter && attr(ev.submitter, "data-confirm")) return;
    if (!window.confirm(msg)) cancel(ev);
  }, true);

  // (b) Auto-submit: requestSubmit fires the submit event, so data-confirm,
  // validation and htmx (hx-get on the form) all still apply.
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (!el.matches || !el.matches("select[data-autosubmit]") || !el.form) return;
    if (el.form.requestSubmit) el.form.requestSubmit();
    else el.form.submit();
  });

  // (c) Copy to clipboard.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Fallback for plain-http intranets: a temporary off-screen textarea.
    return new Promise(function (resolve, reject) {
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.className = "sr-only";
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest("[data-copy]");
    if (!btn) return;
    var src = document.getElementById(attr(btn, "data-copy"));
    if (!src) return;
    ev.preventDefault();
    var field = /^(INPUT|TEXTAREA|SELECT)$/.test(src.tagName);
    var text = field ? src.value : src.textContent;
    copyText(text.trim()).then(function () {
      var label = attr(btn, "data-copied");
      var old = btn.textContent;
      btn.classList.add("copied");
      if (label) btn.textContent = label;
      setTimeout(function () {
        btn.classList.remove("copied");
        if (label) btn.textContent = old;
      }, 2000);
    }, function () { /* nothing copied; the text is still selectable */ });
  });

  // (d) Long filter rows on phones: a grid worker wants the list first.
  var FOLD_AFTER = 2;
  function isSet(field) {
    var els = field.querySelectorAll("input, select");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el.type === "checkbox" || el.type === "radio") { if (el.checked) return true; }
      else if (el.tagName === "SELECT") { if (el.selectedIndex > 0) return true; }
      else if (el.value !== "") return true;
    }
    return false;
  }
  function foldFilters() {
    var label = attr(document.body, "data-more-filters");
    if (!label || (window.matchMedia && window.matchMedia(WIDE).matches)) return;
    var forms = document.querySelectorAll("form.toolbar[role=search]");
    for (var i = 0; i < forms.length; i++) {
      var form = forms[i], fields = [];
      for (var c = form.firstElementChild; c; c = c.nextElementSibling) {
        if (c.matches(".field, label.check")) fields.push(c);
      }
      var extra = fields.slice(FOLD_AFTER);
      if (extra.length < 2 || extra.some(isSet)) continue;
      extra.forEach(function (f) { f.hidden = true; });
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "btn btn-secondary toolbar-more";
      btn.textContent = label.replace("%d", String(extra.length));
      btn.setAttribute("aria-expanded", "false");
      btn.addEventListener("click", (function (extra, btn) {
        return function () {
          extra.forEach(function (f) { f.hidden = false; });
          btn.remove();
          var first = extra[0].querySelector("input, select");
          if (first) first.focus();
        };
      })(extra, btn));
      extra[0].parentNode.insertBefore(btn, extra[0]);
    }
  }
  foldFilters();

  // Navigation groups: a drop-down closes the way people expect one to.
  function navGroups() {
    var groups = document.querySelectorAll("details.navgroup");
    if (!groups.length) return;
    document.addEventListener("click", function (ev) {
      for (var i = 0; i < groups.length; i++) {
        if (groups[i].open && !groups[i].contains(ev.target)) groups[i].open = false;
      }
    });
    for (var i = 0; i < groups.length; i++) {
      (function (g) {
        g.addEventListener("keydown", function (ev) {
          if (ev.key === "Escape" && g.open) {
            g.open = false;
            g.querySelector("summary").focus();
          }
        });
        g.addEventListener("focusout", function (ev) {
          if (g.open && ev.relatedTarget && !g.contains(ev.relatedTarget)) g.open = false;
        });
      })(groups[i]);
    }
  }
  navGroups();

  // Desktop menu: open details.menu on wide screens.
  if (window.matchMedia) {
    var mq = window.matchMedia(WIDE);
    var sync = function () {
      var menus = document.querySelectorAll("details.menu");
      for (var i = 0; i < menus.length; i++) {
        if (mq.matches) menus[i].open = true;
      }
    };
    sync();
    if (mq.addEventListener) mq.addEventListener("change", sync);
  }
})();
