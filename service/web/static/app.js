// Vanthu pages: confirmations, print buttons and the dashboard's live arrivals. No framework.
(function () {
  "use strict";

  document.addEventListener("submit", function (ev) {
    var msg = ev.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { ev.preventDefault(); }
  });
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
          }
          if (items.length && empty) { empty.hidden = true; box.hidden = false; }
        })
        .catch(function () { /* the server may be restarting: try again next time */ });
    }
    window.setInterval(tick, parseInt(box.getAttribute("data-interval") || "5000", 10));
  }

  var box = document.getElementById("arrivals");
  if (box && window.fetch) { pollArrivals(box); }
})();
