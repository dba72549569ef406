(function () {
  "use strict";
  var COLUMNS = ["severity", "result", "namespace", "workload", "container", "rule", "policy", "field", "message", "fix"];
  var PAGE = 50;
  var rows = JSON.parse(document.getElementById("findings-data").textContent).map(function (r) {
    var o = {};
    COLUMNS.forEach(function (c, i) { o[c] = r[i] == null ? "" : String(r[i]); });
    return o;
  });
  var state = { sort: "severity", dir: 1, page: 0 };
  var filters = {
    policy: document.getElementById("f-policy"), namespace: document.getElementById("f-namespace"),
    rule: document.getElementById("f-rule"), severity: document.getElementById("f-severity"),
    result: document.getElementById("f-result"), text: document.getElementById("f-text")
  };
  var body = document.getElementById("findings-body");
  var status = document.getElementById("findings-status");
  var prev = document.getElementById("page-prev");
  var next = document.getElementById("page-next");
  // the page lists severities most severe first; their order is the sort order, so it is written once (in Java)
  var SEVERITY_RANK = {};
  Array.prototype.forEach.call(filters.severity.options, function (o, i) { SEVERITY_RANK[o.value] = i; });
  // web-2 before web-10, as people number things
  var natural = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" }).compare;

  function fill(select, key) {
    var seen = {};
    rows.forEach(function (r) { seen[r[key]] = true; });
    Object.keys(seen).sort(natural).forEach(function (v) {
      var option = document.createElement("option");
      option.value = v;
      option.textContent = v;
      select.appendChild(option);
    });
  }
  ["policy", "namespace", "rule", "result"].forEach(function (k) { fill(filters[k], k); });

  function compare(a, b) {
    var c = state.sort === "severity" ? SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]
        : natural(a[state.sort], b[state.sort]);
    if (c === 0 && state.sort !== "namespace") { c = natural(a.namespace, b.namespace); }
    if (c === 0) { c = natural(a.workload, b.workload); }
    return c * state.dir;
  }

  function visible() {
    var text = filters.text.value.trim().toLowerCase();
    return rows.filter(function (r) {
      if (filters.policy.value && r.policy !== filters.policy.value) { return false; }
      if (filters.namespace.value && r.namespace !== filters.namespace.value) { return false; }
      if (filters.rule.value && r.rule !== filters.rule.value) { return false; }
      if (filters.severity.value && r.severity !== filters.severity.value) { return false; }
      if (filters.result.value && r.result !== filters.result.value) { return false; }
      if (text) {
        return (r.workload + " " + r.namespace + " " + r.message + " " + r.field + " " + r.container).toLowerCase().indexOf(text) >= 0;
      }
      return true;
    });
  }

  var LABELS = {};
  document.querySelectorAll("#findings th[data-key]").forEach(function (th) { LABELS[th.dataset.key] = th.textContent; });

  /** Text with a line-break opportunity after each dot, slash and before each "[", never inside a name. */
  function breakable(parent, text) {
    text.split(/(?<=[./])|(?=\[)/).forEach(function (part, i) {
      if (i > 0) { parent.appendChild(document.createElement("wbr")); }
      parent.appendChild(document.createTextNode(part));
    });
  }

  function span(parent, className, text) {
    var s = document.createElement("span");
    s.className = className;
    s.textContent = text;
    parent.appendChild(s);
    return s;
  }

  /** A cell: its main value, and optionally a second, muted line ("container app", the policy). */
  function cell(tr, key, text, kind, note) {
    var td = document.createElement("td");
    td.className = "c-" + key;
    td.setAttribute("data-label", LABELS[key]);
    // one child, so the narrow layout's label-and-value grid gets exactly two items
    var value = td.appendChild(document.createElement("div"));
    if (kind === "severity") {
      span(value, "sev sev-" + text, text);
    } else if (kind === "code" && text) {
      breakable(value.appendChild(document.createElement("code")), text);
    } else if (kind === "path") {
      breakable(value, text);
    } else {
      value.textContent = text;
    }
    if (note) { span(value, "note", note); }
    tr.appendChild(td);
  }

  function render() {
    var list = visible().sort(compare);
    var pages = Math.max(1, Math.ceil(list.length / PAGE));
    if (state.page >= pages) { state.page = pages - 1; }
    var start = state.page * PAGE;
    var fragment = document.createDocumentFragment();
    list.slice(start, start + PAGE).forEach(function (r) {
      var tr = document.createElement("tr");
      cell(tr, "severity", r.severity, "severity", r.result === "fail" ? "" : r.result === "skip" ? "exempted" : r.result);
      cell(tr, "namespace", r.namespace);
      cell(tr, "workload", r.workload, "path", r.container ? "container " + r.container : "");
      cell(tr, "rule", r.rule, "code", r.policy);
      cell(tr, "field", r.field, "code");
      cell(tr, "message", r.message, "path");
      cell(tr, "fix", r.fix, "path");
      fragment.appendChild(tr);
    });
    body.replaceChildren(fragment);
    status.textContent = list.length === 0 ? "No findings match these filters."
      : "Showing " + (start + 1) + "–" + Math.min(start + PAGE, list.length) + " of " + list.length
        + (list.length === 1 ? " finding" : " findings") + " (page " + (state.page + 1) + " of " + pages + ")";
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
    document.querySelectorAll("#findings th[data-key]").forEach(function (th) {
      th.setAttribute("aria-sort", th.dataset.key === state.sort ? (state.dir === 1 ? "ascending" : "descending") : "none");
    });
  }

  Object.keys(filters).forEach(function (k) {
    filters[k].addEventListener(k === "text" ? "input" : "change", function () { state.page = 0; render(); });
  });
  document.querySelectorAll("#findings th[data-key] button").forEach(function (button) {
    button.addEventListener("click", function () {
      var key = button.parentElement.dataset.key;
      state.dir = state.sort === key ? -state.dir : 1;
      state.sort = key;
      state.page = 0;
      render();
    });
  });
  prev.addEventListener("click", function () { state.page--; render(); });
  next.addEventListener("click", function () { state.page++; render(); });
  render();
})();
