// Small enhancements; every page works without them.
(function () {
  "use strict";
  function csrf() {
    var m = document.cookie.match(/(?:^|; )cg_csrf=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  // forms that must not be sent twice
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      setTimeout(function () {
        form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });

  // processing progress on the review page
  var progress = document.getElementById("progress");
  if (progress && ["queued", "running"].indexOf(progress.dataset.processing) >= 0) {
    var poll = function () {
      fetch(progress.dataset.statusUrl, {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (s) {
          var span = progress.querySelector("[data-progress]");
          if (span) { span.textContent = s.progress; }
          if (s.processing === "done" || s.processing === "failed") { location.reload(); }
          else { setTimeout(poll, 700); }
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    setTimeout(poll, 500);
  }

  // review: resolve findings in place, with keyboard shortcuts
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark[data-finding]"));
  var current = -1;
  function focusFinding(i) {
    if (!marks.length) { return; }
    current = (i + marks.length) % marks.length;
    document.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    var mark = marks[current];
    mark.classList.add("current");
    var row = document.querySelector('[data-row="' + mark.dataset.finding + '"]');
    if (row) { row.classList.add("current"); }
    mark.scrollIntoView({block: "center"});
  }
  function resolve(id, action, value) {
    var form = document.querySelector('[data-finding-form="' + id + '"]');
    if (!form) { return; }
    var url = "/api" + form.getAttribute("action");
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf()},
      body: JSON.stringify({action: action, value: value || ""})
    }).then(function (r) {
      return r.json().then(function (body) { return {ok: r.ok, body: body}; });
    }).then(function (res) {
      if (!res.ok) { alert(res.body.detail || "Could not save"); return; }
      var state = res.body.status;
      var mark = document.getElementById("f" + id);
      var row = document.querySelector('[data-row="' + id + '"]');
      [mark, row].forEach(function (el) {
        if (!el) { return; }
        el.classList.remove("pending", "accepted", "rejected", "edited");
        el.classList.add(state);
      });
      if (row) {
        row.querySelector("[data-status]").textContent = state + (res.body.value ? ": " + res.body.value : "");
      }
      var publish = document.getElementById("publish");
      var list = document.querySelector(".blockers");
      if (list) {
        list.innerHTML = "";
        res.body.blockers.forEach(function (b) {
          var li = document.createElement("li"); li.textContent = b; list.appendChild(li);
        });
      }
      if (publish) { publish.disabled = res.body.blockers.length > 0; }
    });
  }
  document.querySelectorAll("form[data-finding-form]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var action = ev.submitter ? ev.submitter.value : "accept";
      resolve(form.dataset.findingForm, action, form.elements.value.value);
    });
  });
  marks.forEach(function (mark, i) {
    mark.addEventListener("click", function () { focusFinding(i); });
  });
  document.addEventListener("keydown", function (ev) {
    if (!marks.length || /INPUT|TEXTAREA|SELECT/.test(ev.target.tagName)) { return; }
    var id = current >= 0 ? marks[current].dataset.finding : null;
    if (ev.key === "j") { focusFinding(current + 1); }
    else if (ev.key === "k") { focusFinding(current - 1); }
    else if (id && ev.key === "a") { resolve(id, "accept"); focusFinding(current + 1); }
    else if (id && ev.key === "r") { resolve(id, "reject"); focusFinding(current + 1); }
    else if (id && ev.key === "e") {
      var value = prompt("Replacement text");
      if (value) { resolve(id, "edit", value); }
    }
  });

  // DICOM series: a scrollable stack of slices
  document.querySelectorAll("[data-stack]").forEach(function (stack) {
    var imgs = stack.querySelectorAll("img");
    var pos = stack.parentNode.querySelector("[data-stack-pos]");
    var i = 0;
    function show(n) {
      i = Math.max(0, Math.min(imgs.length - 1, n));
      imgs.forEach(function (img, k) { img.hidden = k !== i; });
      if (pos) { pos.textContent = String(i + 1); }
    }
    stack.addEventListener("wheel", function (ev) { ev.preventDefault(); show(i + (ev.deltaY > 0 ? 1 : -1)); }, {passive: false});
    stack.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowRight") { ev.preventDefault(); show(i + 1); }
      if (ev.key === "ArrowUp" || ev.key === "ArrowLeft") { ev.preventDefault(); show(i - 1); }
    });
  });

  // image boxes: place them in the image's displayed scale
  document.querySelectorAll(".imgwrap").forEach(function (wrap) {
    var img = wrap.querySelector("img");
    function place() {
      var sx = img.clientWidth / (img.naturalWidth || 1), sy = img.clientHeight / (img.naturalHeight || 1);
      wrap.querySelectorAll(".box").forEach(function (b) {
        var c = b.dataset.box.split(",").map(Number);
        b.style.left = c[0] * sx + "px"; b.style.top = c[1] * sy + "px";
        b.style.width = (c[2] - c[0]) * sx + "px"; b.style.height = (c[3] - c[1]) * sy + "px";
      });
    }
    if (img.complete) { place(); } else { img.addEventListener("load", place); }
  });
})();
