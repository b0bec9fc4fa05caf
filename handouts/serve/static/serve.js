// handouts serve: the preview follows every change. Plain JavaScript, no library; the page works without it.
"use strict";
(function () {
  var form = document.getElementById("handout");
  var search = document.getElementById("q");
  if (search) {
    search.addEventListener("input", function () {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      document.querySelectorAll("#topic-list li").forEach(function (li) {
        var text = li.getAttribute("data-text");
        li.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  }
  if (!form) { return; }
  var frame = document.getElementById("pdf");
  var status = document.getElementById("status");
  var record = document.getElementById("record");
  var copy = document.getElementById("copy-record");
  var download = document.getElementById("download");
  var link = null, timer = null, running = false, again = false, shownUrl = null;
  var patient = document.getElementById("patient"), date = document.getElementById("date");

  function showErrors(errors) {
    document.querySelectorAll("[data-error-for]").forEach(function (list) {
      var found = errors[list.getAttribute("data-error-for")] || [];
      list.textContent = "";
      found.forEach(function (message) {
        var li = document.createElement("li");
        li.textContent = message;
        list.appendChild(li);
      });
    });
  }
  function showLevels(levels) {
    levels.forEach(function (text, index) {
      var el = document.getElementById("level-" + index);
      if (el) { el.textContent = text; }
    });
  }
  function refresh() {
    if (running) { again = true; return; }
    running = true;
    status.textContent = "Updating the preview...";
    fetch("/preview", { method: "POST", body: new FormData(form), credentials: "same-origin", cache: "no-store" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        showErrors(data.errors);
        showLevels(data.levels || []);
        if (!data.pdf) {
          status.textContent = "Fix the marked fields to see the preview.";
          return;
        }
        var bytes = Uint8Array.from(atob(data.pdf), function (c) { return c.charCodeAt(0); });
        var url = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
        if (shownUrl) { URL.revokeObjectURL(shownUrl); }
        shownUrl = url;
        frame.src = url;
        frame.hidden = false;
        record.textContent = data.record;
        copy.hidden = false;
        if (!link) {
          link = document.createElement("a");
          link.id = "download-link";
          link.textContent = "Download this preview";
          download.insertAdjacentElement("afterend", link);
        }
        link.href = url;
        link.download = data.name;
        status.textContent = "Preview updated. Print it with the viewer's printer button.";
        document.body.setAttribute("data-previews", String(Number(document.body.getAttribute("data-previews") || 0) + 1));
      })
      .catch(function () { status.textContent = "The preview could not be made; reload the page."; })
      .then(function () {
        running = false;
        if (again) { again = false; refresh(); }
      });
  }
  // A tick or a choice asks at once; typing waits for a pause, so that a word is one request.
  function later(wait) { clearTimeout(timer); timer = setTimeout(refresh, wait); }
  form.addEventListener("change", function (event) {
    var typed = event.target.type === "text" || event.target.tagName === "TEXTAREA";
    later(typed ? 250 : 0);
  });
  form.addEventListener("input", function (event) {
    if (event.target.type !== "checkbox" && event.target.type !== "radio") { later(250); }
  });
  if (patient && date) {
    patient.addEventListener("input", function () {
      if (patient.value.trim() && !date.value) {  // today here, not in UTC
        var now = new Date();
        date.value = [now.getFullYear(), String(now.getMonth() + 1).padStart(2, "0"),
          String(now.getDate()).padStart(2, "0")].join("-");
      }
    });
  }
  copy.addEventListener("click", function () {
    var text = record.textContent;
    if (navigator.clipboard) {
      navigator.clipboard.writeText(text).then(function () { status.textContent = "Chart line copied."; },
        function () { status.textContent = "Select the chart line and copy it."; });
    }
  });
  refresh();
})();
