// The range page: follows the latest discovery without reloading. Polls /ranges/:id/progress
// every second while it runs and updates the numbers, the bars and the printers found in place.
// Without this script the page refreshes itself (a meta refresh inside <noscript>).
(function () {
  "use strict";
  var section = document.querySelector("[data-progress-url]");
  if (!section) { return; }
  var url = section.getAttribute("data-progress-url");
  var finished = ["none", "done", "failed"];
  var lastLabel = null;

  function part(name) { return document.querySelector("[data-progress=\"" + name + "\"]"); }

  function setText(name, text) {
    var element = part(name);
    if (element && element.textContent !== String(text)) { element.textContent = String(text); }
  }

  function setBar(name, value, max) {
    var bar = part(name);
    if (!bar) { return; }
    bar.max = Math.max(max, 1);
    bar.value = Math.min(value, bar.max);
  }

  function cell(row, tag, text, href) {
    var element = document.createElement(tag);
    if (tag === "th") { element.scope = "row"; }
    if (href) {
      var link = document.createElement("a");
      link.href = href;
      link.textContent = text;
      element.appendChild(link);
    } else {
      element.textContent = text;
    }
    row.appendChild(element);
  }

  function showDevices(devices) {
    var table = part("devices");
    if (!table) { return; }
    var body = table.tBodies[0];
    if (body.rows.length === devices.length) { return; }
    var heads = table.tHead.rows[0].cells;
    var fresh = document.createElement("tbody");
    devices.forEach(function (device) {
      var row = document.createElement("tr");
      cell(row, "th", device.address, device.href);
      cell(row, "td", device.model);
      cell(row, "td", device.serial);
      cell(row, "td", device.seen);
      for (var i = 0; i < row.cells.length; i++) { row.cells[i].setAttribute("data-label", heads[i].textContent); }
      fresh.appendChild(row);
    });
    table.replaceChild(fresh, body);
  }

  function show(progress) {
    section.setAttribute("data-state", progress.state);
    var label = part("label");
    if (label) { label.className = "ranges-state ranges-state-" + progress.state; }
    // The live region announces the state when it changes, not every number.
    if (progress.label !== lastLabel) { setText("label", progress.label); lastLabel = progress.label; }
    setText("scan-text", progress.scan_text);
    setText("read-text", progress.read_text);
    setText("found", progress.found);
    setBar("scan-bar", progress.scanned, progress.total);
    setBar("read-bar", progress.read, progress.found);
    var numbers = part("numbers");
    if (numbers) { numbers.hidden = progress.done; }
    var note = document.querySelector(".ranges-refresh-note");
    if (note) { note.hidden = progress.done; }
    var result = part("result");
    if (result) {
      if (progress.result) { result.textContent = progress.result; result.hidden = false; } else { result.hidden = true; }
      result.classList.toggle("field-error", progress.state === "failed");
    }
    setText("device-count", progress.device_count);
    showDevices(progress.devices || []);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("progress " + response.status); }
        return response.json();
      })
      .then(function (progress) {
        show(progress);
        if (finished.indexOf(progress.state) === -1) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  lastLabel = (part("label") || {}).textContent || null;
  if (finished.indexOf(section.getAttribute("data-state")) === -1) { window.setTimeout(poll, 1000); }
})();
