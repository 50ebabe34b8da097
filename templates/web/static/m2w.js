/* m2w serve: the little script the pages use. No build step, no library, nothing from outside.
   The pages work without it (plain forms); with it:
   - every change in the questionnaire is sent the moment it is made, one field at a time;
   - what is not yet confirmed by the server stays in this browser (localStorage) and is sent again
     when the server is back, also after a reload: nothing typed is lost without a word;
   - the facilitator's group view refreshes itself. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  function fill(template, values) {
    return String(template || "").replace(/%\((\w+)\)s/g, function (_, key) {
      return values && key in values ? String(values[key]) : "";
    });
  }

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  /* "Go back" links go back in history when there is one. */
  each(document.querySelectorAll("[data-back]"), function (link) {
    link.addEventListener("click", function (event) {
      if (window.history.length > 1) {
        event.preventDefault();
        window.history.back();
      }
    });
  });

  /* A page that waits for something (a team session not started yet) looks again by itself. */
  each(document.querySelectorAll("[data-reload]"), function (el) {
    var seconds = parseInt(el.getAttribute("data-reload"), 10) || 5;
    window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
  });

  /* ---- the facilitator's live view ------------------------------------------------------- */
  each(document.querySelectorAll("[data-live]"), function (box) {
    var source = box.getAttribute("data-live");
    var note = document.querySelector("[data-live-status]");
    function refresh() {
      if (document.hidden) return;
      var open = {};
      each(box.querySelectorAll("details[data-key]"), function (d) { open[d.getAttribute("data-key")] = d.open; });
      var focused = document.activeElement && box.contains(document.activeElement)
        ? document.activeElement.getAttribute("data-key") : null;
      fetch(source, { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.querySelector("[data-live-content]");
          if (!fresh) return;
          box.innerHTML = fresh.innerHTML;
          each(box.querySelectorAll("details[data-key]"), function (d) {
            var key = d.getAttribute("data-key");
            if (key in open) d.open = open[key];
          });
          if (focused) {
            var again = box.querySelector('[data-key="' + focused + '"] > summary');
            if (again) again.focus();
          }
          if (note) note.textContent = note.getAttribute("data-ok") || "";
        })
        .catch(function () { if (note) note.textContent = note.getAttribute("data-lost") || ""; });
    }
    window.setInterval(refresh, 3000);
  });

  /* ---- the questionnaire: save each change at once ---------------------------------------- */
  var form = document.querySelector("form[data-autosave]");
  if (!form) return;

  var saveUrl = form.getAttribute("data-autosave");
  var storeKey = "m2w:pending:" + saveUrl;
  var status = document.getElementById("save-status");
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  var token = tokenMeta ? tokenMeta.getAttribute("content") : "";
  var pending = readStore();
  var sending = false;
  var unreachable = false;
  var retryTimer = null;
  var retryDelay = 1000;
  var typingTimers = {};

  function readStore() {
    try {
      var data = JSON.parse(window.localStorage.getItem(storeKey) || "{}");
      return data && typeof data === "object" ? data : {};
    } catch (e) {
      return {};
    }
  }

  function writeStore() {
    try {
      if (Object.keys(pending).length) window.localStorage.setItem(storeKey, JSON.stringify(pending));
      else window.localStorage.removeItem(storeKey);
    } catch (e) { /* private mode: the page itself still holds what was typed */ }
  }

  function say(kind, values) {
    if (!status) return;
    status.setAttribute("data-state", kind);
    status.textContent = fill(status.getAttribute("data-" + kind), values);
  }

  function field(name) {
    return form.querySelectorAll('[name="' + name.replace(/["\\]/g, "\\$&") + '"]');
  }

  function setWas(name, value) {
    var was = field("was." + name);
    if (was.length) was[0].value = value;
  }

  /* A value kept from an earlier visit, back in its field; a note or evidence folded away is opened,
     so what was typed is in view, not hidden behind "add a note". */
  function showValue(name, value) {
    each(field(name), function (el) {
      if (el.type === "radio") el.checked = el.value === value;
      else el.value = value;
      var folded = el.closest("details");
      if (folded && value) folded.open = true;
    });
  }

  function updateProgress(data) {
    var percent = document.querySelectorAll("[data-percent]");
    each(percent, function (el) {
      el.textContent = fill(el.getAttribute("data-template") || "%(n)s%", { n: data.percent });
    });
    (data.dimensions || []).forEach(function (d) {
      var item = document.querySelector('li[data-dim="' + d.id + '"]');
      if (!item) return;
      var count = item.querySelector("[data-count]");
      if (count) count.textContent = fill(count.getAttribute("data-template"), d);
      item.classList.toggle("done", d.answered >= d.total);
    });
  }

  function later() {
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(send, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 4000);
  }

  function newToken() {
    return fetch("/api/token", { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { token = data.csrf; });
  }

  /* One field to the server; `keepalive` lets the request outlive the page. */
  function post(name, value, keepalive) {
    var body = new URLSearchParams();
    body.set("name", name);
    body.set("value", value);
    return fetch(saveUrl, {
      method: "POST",
      headers: { "X-CSRF-Token": token, Accept: "application/json" },
      body: body,
      credentials: "same-origin",
      keepalive: !!keepalive,
    });
  }

  function send(tokenRenewed) {
    if (sending) return;
    var names = Object.keys(pending);
    if (!names.length) return;
    var name = names[0];
    var value = pending[name];
    sending = true;
    if (!unreachable) say("saving");
    post(name, value, false)
      .then(function (r) {
        return r.json().then(
          function (data) { return { code: r.status, data: data }; },
          function () { return { code: r.status, data: {} }; }
        );
      })
      .then(function (res) {
        sending = false;
        answered(name, value, res, tokenRenewed);
      }, function () {
        sending = false;
        unreachable = true;
        say("offline");
        later();
      });
  }

  function answered(name, value, res, tokenRenewed) {
    var data = res.data || {};
    if (res.code === 200 && data.ok) {
      unreachable = false;
      retryDelay = 1000;
      if (pending[name] === value) delete pending[name];
      writeStore();
      setWas(name, value);
      updateProgress(data);
      if (Object.keys(pending).length) send();
      else say("saved", { time: data.saved });
      return;
    }
    if (res.code === 403 && !tokenRenewed) {
      newToken().then(function () { send(true); }, function () { unreachable = true; say("offline"); later(); });
      return;
    }
    if (data.retry || res.code >= 500 || res.code === 0) {
      say("waiting", { reason: data.error || "" });
      later();
      return;
    }
    /* Refused for good (a value that does not fit): say so, keep the text on screen. */
    delete pending[name];
    writeStore();
    say("refused", { reason: data.error || res.code });
    if (Object.keys(pending).length) window.setTimeout(send, 50);
  }

  function changed(name, value, now) {
    if (!name || name.indexOf("was.") === 0 || name === "csrf" || name === "go") return;
    pending[name] = value;
    writeStore();
    var n = Object.keys(pending).length;
    if (unreachable) say("offline");
    else if (n > 1) say("pending", { n: n });
    window.clearTimeout(typingTimers[name]);
    if (now) send();
    else typingTimers[name] = window.setTimeout(send, 700);
  }

  function toggleHowWell(radio) {
    var box = radio.closest("fieldset.statement");
    if (!box) return;
    box.classList.add("answered");
    var how = box.querySelector("fieldset.how-well");
    if (!how) return;
    if (radio.hasAttribute("data-how-well")) how.removeAttribute("data-closed");
    else {
      how.setAttribute("data-closed", "");
      each(how.querySelectorAll("input[type=radio]"), function (r) { r.checked = false; });
    }
  }

  form.addEventListener("change", function (event) {
    var el = event.target;
    if (!el.name) return;
    if (el.type === "radio") {
      if (!el.checked) return;
      if (el.closest("fieldset.statement") && !el.closest("fieldset.how-well")) toggleHowWell(el);
    }
    changed(el.name, el.value, true);
  });

  form.addEventListener("input", function (event) {
    var el = event.target;
    if (el.type === "radio" || !el.name) return;
    changed(el.name, el.value, false);
  });

  /* The buttons still send the whole page (which saves nothing twice); while the server cannot be
     reached they would lead to an error page, so stay here and say so. */
  form.addEventListener("submit", function (event) {
    if (unreachable) {
      event.preventDefault();
      say("offline");
      send();
    }
  });

  window.addEventListener("online", function () { send(); });
  window.addEventListener("pageshow", function () { send(); });

  /* Leaving the page (Back, another tab, closing it) inside a typing pause: send what waits at once,
     as requests that outlive the page (keepalive). Nothing is confirmed to this page any more, so
     everything stays in storage too and is sent again (the same value) on the next visit. */
  function flush() {
    Object.keys(pending).forEach(function (name) {
      window.clearTimeout(typingTimers[name]);
      try {
        post(name, pending[name], true).catch(function () { /* kept in storage for the next visit */ });
      } catch (e) { /* kept in storage for the next visit */ }
    });
  }
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });

  /* What the last visit could not save: back into the page (an answer kept opens its "how well" as a
     click would), then to the server. */
  Object.keys(pending).forEach(function (name) {
    showValue(name, pending[name]);
    var kept = null;
    each(field(name), function (el) { if (el.type === "radio" && el.checked) kept = el; });
    if (kept && kept.closest("fieldset.statement") && !kept.closest("fieldset.how-well")) toggleHowWell(kept);
  });
  if (Object.keys(pending).length) send();
})();
