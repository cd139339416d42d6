/**
 * The console's usage panel (part of /admin/app.js, inside its closure): the usage routes drawn as a stacked bar
 * chart in SVG built node by node (no library, no innerHTML), with a legend, one focusable bar per slot that the
 * arrow keys move between, a table of the same figures, the tools called most, latency and rate-limit headroom.
 */
import { USAGE_SERIES, type UsageSeries } from "../audit/usage-series";

/** The words the console shows for each series: a series added to the routes fails the typecheck until it has some. */
const SERIES_WORDS: Record<UsageSeries, string> = {
  ok: "ok",
  upstream_error: "Freshservice error",
  rate_limited: "rate-limited",
  refused: "refused (filters or budget)",
  invalid_arguments: "invalid arguments",
  other: "other",
};

export const USAGE_PANEL_SCRIPT = `
  var SVG_NS = "http://www.w3.org/2000/svg";
  /** The usage routes' series, stacked bottom up in this order, with the words the console shows. */
  var USAGE_SERIES = ${JSON.stringify(USAGE_SERIES.map((s) => [s, SERIES_WORDS[s]]))};
  /** The chart's drawing box (the SVG scales to the panel's width). */
  var CHART = { width: 720, height: 240, left: 44, right: 30, top: 10, bottom: 30 };

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, String(attrs[key])); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function bucketTotal(bucket) {
    return USAGE_SERIES.reduce(function (sum, s) { return sum + bucket[s[0]]; }, 0);
  }

  /** Hours in the browser's time zone; days as the UTC days the route counts them by. */
  function slotLabel(report, start, long) {
    var date = new Date(start);
    if (report.window === "30d")
      return date.toLocaleDateString(undefined, { timeZone: "UTC", month: "short", day: "numeric" });
    var from = date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
    if (!long) return from;
    return from + " to " + new Date(date.getTime() + 3600000).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  }

  function bucketText(report, bucket) {
    var total = bucketTotal(bucket);
    var parts = USAGE_SERIES.filter(function (s) { return bucket[s[0]]; }).map(function (s) { return bucket[s[0]] + " " + s[1]; });
    return slotLabel(report, bucket.start, true) + ": " + (total ? total + (total === 1 ? " call: " : " calls: ") + parts.join(", ") : "no calls");
  }

  /** The smallest 1, 2, 3 or 5 times a power of ten at or above the busiest slot: round gridlines, little waste. */
  function niceMax(max) {
    if (max <= 1) return 1;
    var power = Math.pow(10, Math.floor(Math.log10(max)));
    var steps = [1, 2, 3, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * power >= max) return steps[i] * power;
    return 10 * power;
  }

  function drawChart(report) {
    var chart = $("usage-chart");
    var buckets = report.buckets;
    var top = niceMax(Math.max.apply(null, buckets.map(bucketTotal)));
    var plotWidth = CHART.width - CHART.left - CHART.right;
    var plotHeight = CHART.height - CHART.top - CHART.bottom;
    var slot = plotWidth / buckets.length;
    var barWidth = Math.max(2, slot * 0.7);
    var y = function (calls) { return CHART.top + plotHeight - (calls / top) * plotHeight; };
    chart.replaceChildren();
    chart.setAttribute("viewBox", "0 0 " + CHART.width + " " + CHART.height);
    [0, top / 2, top].forEach(function (value) {
      chart.append(svg("line", { class: "grid", x1: CHART.left, x2: CHART.width - CHART.right, y1: y(value), y2: y(value) }));
      chart.append(svg("text", { class: "axis", x: CHART.left - 6, y: y(value) + 4, "text-anchor": "end", "aria-hidden": "true" }, value));
    });
    var labelEvery = report.window === "30d" ? 5 : 3;
    var bars = buckets.map(function (bucket, i) {
      var x = CHART.left + i * slot + (slot - barWidth) / 2;
      var bar = svg("g", { class: "bar", role: "img", tabindex: i === buckets.length - 1 ? 0 : -1, "aria-label": bucketText(report, bucket) });
      bar.append(svg("title", {}, bucketText(report, bucket)));
      var base = 0;
      USAGE_SERIES.forEach(function (s) {
        var calls = bucket[s[0]];
        if (!calls) return;
        bar.append(svg("rect", { class: "s-" + s[0], x: x, width: barWidth, y: y(base + calls), height: y(base) - y(base + calls) }));
        base += calls;
      });
      // The whole column takes the pointer and shows the focus, however short the bar.
      bar.append(svg("rect", { class: "hit", x: CHART.left + i * slot, width: slot, y: CHART.top, height: plotHeight }));
      if ((buckets.length - 1 - i) % labelEvery === 0)
        chart.append(svg("text", { class: "axis", x: x + barWidth / 2, y: CHART.height - 10, "text-anchor": "middle", "aria-hidden": "true" },
          slotLabel(report, bucket.start, false)));
      chart.append(bar);
      return bar;
    });
    // One tab stop for the chart; the arrow keys, Home and End move between the bars (a roving tabindex).
    bars.forEach(function (bar, i) {
      bar.addEventListener("focus", function () { $("usage-focus").textContent = bar.getAttribute("aria-label"); });
      bar.addEventListener("click", function () { bar.focus(); });
      bar.addEventListener("keydown", function (event) {
        var next = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: bars.length - 1 }[event.key];
        if (next === undefined || !bars[next]) return;
        event.preventDefault();
        bar.setAttribute("tabindex", "-1");
        bars[next].setAttribute("tabindex", "0");
        bars[next].focus();
      });
    });
    $("usage-focus").textContent = "";
  }

  function drawTable(report) {
    var body = $("usage-table-body");
    body.replaceChildren();
    var sums = {};
    USAGE_SERIES.forEach(function (s) { sums[s[0]] = 0; });
    report.buckets.forEach(function (bucket) {
      var tr = el("tr");
      var th = el("th", null, { scope: "row" });
      th.append(el("time", slotLabel(report, bucket.start, true), { datetime: bucket.start }));
      tr.append(th);
      USAGE_SERIES.forEach(function (s) { sums[s[0]] += bucket[s[0]]; tr.append(el("td", bucket[s[0]])); });
      tr.append(el("td", bucketTotal(bucket)));
      body.append(tr);
    });
    var foot = $("usage-table-foot");
    foot.replaceChildren();
    var total = el("tr");
    total.append(el("th", "Total", { scope: "row" }));
    USAGE_SERIES.forEach(function (s) { total.append(el("td", sums[s[0]])); });
    total.append(el("td", bucketTotal(sums)));
    foot.append(total);
    return sums;
  }

  function drawFigures(report) {
    var tools = $("usage-tools");
    tools.replaceChildren();
    report.top_tools.forEach(function (t) { tools.append(el("li", t.tool + ": " + t.calls + (t.calls === 1 ? " call" : " calls"))); });
    if (!report.top_tools.length) tools.append(el("li", "No call in this period."));
    ["p50", "p90", "p99"].forEach(function (p) {
      var value = report.latency_ms[p];
      $("usage-" + p).textContent = value === null ? "no call went out" : value.toLocaleString() + " ms";
    });
    $("usage-ratelimit").textContent = report.ratelimit
      ? report.ratelimit.remaining.toLocaleString() + " calls left in Freshservice's minute, seen " + when(report.ratelimit.at) + "."
      : "Not seen yet: no call of this account has had Freshservice's answer.";
  }

  /** The scope list follows the account's servers; the chosen one stays chosen while it is listed. */
  function fillUsageScopes() {
    var scope = $("usage-scope");
    var chosen = scope.value;
    scope.replaceChildren(el("option", "Every URL of this account", { value: "" }));
    state.servers.forEach(function (server) { scope.append(el("option", server.name, { value: server.id })); });
    scope.value = state.servers.some(function (s) { return s.id === chosen; }) ? chosen : "";
  }

  async function loadUsage() {
    var scope = $("usage-scope").value;
    var windowName = $("usage-window").value;
    var path = "/integrated-account/" + state.account.id + (scope ? "/mcp/" + scope : "") + "/usage?window=" + windowName;
    var report = await api("GET", path);
    var per = report.window === "30d" ? "day (UTC)" : "hour";
    var period = report.window === "30d" ? "the last 30 days" : "the last 24 hours";
    var name = scope ? serverName(scope) : state.account.name + ", every URL";
    $("usage-chart-title").textContent = "Calls per " + per + " by outcome: " + name;
    $("usage-table-caption").textContent = "Calls per " + per + " by outcome: " + name + ", " + period;
    $("usage-table-slot").textContent = report.window === "30d" ? "Day (UTC)" : "Hour";
    drawChart(report);
    var sums = drawTable(report);
    drawFigures(report);
    var total = bucketTotal(sums);
    $("usage-summary").textContent = total.toLocaleString() + (total === 1 ? " call" : " calls") + " in " + period + " (" + name + ").";
  }

  /** A server row's "Usage of …": the panel scoped to that URL, and the focus moved to it. */
  async function showServerUsage(server) {
    $("usage-scope").value = server.id;
    await loadUsage();
    $("usage-title").focus();
  }

  /** The legend and the table's head: one entry per series, in the chart's order. */
  function drawLegend() {
    var legend = $("usage-legend");
    var head = $("usage-table-head");
    head.append(el("th", "Hour", { scope: "col", id: "usage-table-slot" }));
    USAGE_SERIES.forEach(function (s) {
      var item = el("li");
      item.append(el("span", null, { class: "swatch s-" + s[0], "aria-hidden": "true" }), " " + s[1]);
      legend.append(item);
      head.append(el("th", s[1], { scope: "col" }));
    });
    head.append(el("th", "all calls", { scope: "col" }));
  }
`;
