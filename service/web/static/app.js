// Vanthu pages: confirmations, print buttons and the dashboard's live arrivals. No framework.
(function () {
  "use strict";

  // A form marked data-confirm (sign, issue, withdraw, discard…) asks first, in the page's own dialog
  // rather than window.confirm(): Chromium may close a native dialog by itself while the draft's PDF
  // preview is still loading in its frame, and the leader's "Ký" then sends nothing. The page's dialog
  // stays until it is answered; its buttons say what happens, in Vietnamese; "Hủy" has the focus.
  var ask = document.getElementById("confirm-dialog");
  function resubmit(form, submitter) {
    form._confirmed = true;
    if (!form.requestSubmit) { form.submit(); return; }
    if (submitter && submitter.form === form) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
  }
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var msg = form.getAttribute("data-confirm");
    if (!msg) { return; }
    if (form._confirmed) { form._confirmed = false; return; }
    ev.preventDefault();
    if (!ask || typeof ask.showModal !== "function") {
      if (window.confirm(msg)) { resubmit(form, ev.submitter); }
      return;
    }
    document.getElementById("confirm-text").textContent = msg;
    ask.querySelector("button[value=ok]").textContent = form.getAttribute("data-confirm-ok") || "Đồng ý";
    ask.returnValue = "";
    ask._form = form;
    ask._submitter = ev.submitter || null;
    ask.showModal();
  });
  if (ask) {
    ask.addEventListener("close", function () {
      var form = ask._form;
      ask._form = null;
      if (form && ask.returnValue === "ok") { resubmit(form, ask._submitter); }
    });
  }
  document.addEventListener("click", function (ev) {
    if (ev.target.closest && ev.target.closest("[data-print]")) { ev.preventDefault(); window.print(); }
  });

  function cell(text, href, cls) {
    var td = document.createElement("td");
    if (cls) { td.className = cls; }
    if (href) {
      var a = document.createElement("a");
      a.href = href; a.textContent = text; td.appendChild(a);
    } else {
      td.textContent = text;   // textContent: document strings are never parsed as HTML
    }
    return td;
  }

  function pollArrivals(box) {
    var url = box.getAttribute("data-poll");
    var after = parseInt(box.getAttribute("data-after") || "0", 10);
    var body = box.querySelector("tbody");
    var count = document.getElementById("arrivals-count");
    var empty = document.getElementById("arrivals-empty");
    function tick() {
      fetch(url + "?after=" + after, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          if (count) { count.textContent = String(data.today_count); }
          var items = data.arrivals || [];
          for (var i = items.length - 1; i >= 0; i--) {
            var d = items[i];
            after = Math.max(after, d.id);
            var tr = document.createElement("tr");
            tr.className = "new";
            tr.appendChild(cell(d.arrived_time || "", null, "nowrap"));
            tr.appendChild(cell(String(d.so_den), "/documents/" + d.id, "num"));
            tr.appendChild(cell(d.number_symbol || "", null, "nowrap"));
            tr.appendChild(cell(d.issuer || ""));
            tr.appendChild(cell([d.doc_type, d.title_summary].filter(Boolean).join(": ") || d.file_name || ""));
            body.insertBefore(tr, body.firstChild);
            if (box._labels) { labelRow(tr, box._labels); }
          }
          if (items.length && empty) { empty.hidden = true; box.hidden = false; }
        })
        .catch(function () { /* the server may be restarting: try again next time */ });
    }
    window.setInterval(tick, parseInt(box.getAttribute("data-interval") || "5000", 10));
  }

  // A table's cells carry their column's name, so that on a phone each row reads as a card.
  function labelRow(tr, names) {
    var cells = tr.children;
    for (var i = 0; i < cells.length && i < names.length; i++) {
      if (names[i] && !cells[i].hasAttribute("data-label")) { cells[i].setAttribute("data-label", names[i]); }
    }
  }
  function labelTable(table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head || table.classList.contains("matrix")) { return; }
    var names = [];
    for (var i = 0; i < head.cells.length; i++) { names.push(head.cells[i].textContent.trim()); }
    table.classList.add("reflow");
    for (var b = 0; b < table.tBodies.length; b++) {
      var rows = table.tBodies[b].rows;
      for (var r = 0; r < rows.length; r++) { labelRow(rows[r], names); }
    }
    table._labels = names;
  }
  Array.prototype.forEach.call(document.querySelectorAll("table"), labelTable);

  var toggle = document.querySelector(".nav-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var bar = toggle.closest(".topbar");
      var open = bar.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  var box = document.getElementById("arrivals");
  if (box && window.fetch) { pollArrivals(box); }

  // The draft editor: the body shown as the document lays it out, and what the edit changes.
  function previewBody(area) {
    var out = document.getElementById(area.getAttribute("data-preview"));
    var note = document.getElementById("body-changes");
    var original = (area.getAttribute("data-original") || "").split("\n").filter(Boolean);
    function render() {
      var lines = area.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
      out.textContent = "";
      lines.forEach(function (line) {
        var p = document.createElement("p");
        var table = /^\[\s*BẢNG\s+(\d+)\s*\]$/i.exec(line);
        if (table) { p.className = "pv-table"; p.textContent = "(Bảng " + table[1] + ")"; }
        else if (/^(?:[IVXLC]+|[A-Z])\.\s/.test(line) && line === line.toUpperCase()) { p.className = "pv-heading"; p.textContent = line; }
        else if (/^Căn cứ /.test(line)) { p.className = "pv-basis"; p.textContent = line; }
        else if (/^[-+•]\s/.test(line)) { p.className = "pv-item"; p.textContent = line; }
        else { p.className = "pv-body"; p.textContent = line; }
        out.appendChild(p);
      });
      if (note) {
        var added = lines.filter(function (l) { return original.indexOf(l) < 0; }).length;
        var removed = original.filter(function (l) { return lines.indexOf(l.trim()) < 0; }).length;
        note.textContent = (added || removed) ? ("Thay đổi: " + added + " đoạn mới hoặc sửa, " + removed + " đoạn bỏ hoặc sửa.") : "Chưa thay đổi nội dung.";
      }
    }
    area.addEventListener("input", render);
    render();
  }
  var area = document.getElementById("e-body");
  if (area && area.getAttribute("data-preview")) { previewBody(area); }
})();
