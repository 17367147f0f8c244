// The broker's status page: polls the admin API every 2 seconds and shows what it answers.
// Plain JavaScript, no dependencies. Every text from the broker goes in through textContent,
// never as markup. Works under Content-Security-Policy "default-src 'self'" (no inline code).
"use strict";

(() => {
  const POLL_MS = 2000;
  const TIMEOUT_MS = 10000;
  const WINDOW_MS = 10 * 60 * 1000;
  const MIN_SPAN_MS = 60 * 1000;
  const DESTINATION_LIMIT = 20;
  const SESSION_LIMIT = 50;
  const SVG_NS = "http://www.w3.org/2000/svg";

  const $ = (id) => document.getElementById(id);

  // ---- Formatting -------------------------------------------------------------------------

  const integers = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
  const isNumber = (x) => typeof x === "number" && Number.isFinite(x);

  function int(n) {
    return isNumber(n) ? integers.format(n) : "—";
  }

  function rate(x) {
    if (!isNumber(x)) return "—";
    const a = Math.abs(x);
    if (a === 0) return "0";
    if (a >= 100) return integers.format(x);
    if (a >= 1) return x.toFixed(1);
    return x.toFixed(2);
  }

  /** 1234 → "1.2k", for chart ticks. */
  function compact(x) {
    const a = Math.abs(x);
    if (a >= 1e9) return trim(x / 1e9) + "G";
    if (a >= 1e6) return trim(x / 1e6) + "M";
    if (a >= 1e3) return trim(x / 1e3) + "k";
    return trim(x);
  }

  function trim(x) {
    return String(Math.round(x * 10) / 10);
  }

  function bytes(n) {
    if (!isNumber(n)) return "—";
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let value = n;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return (unit === 0 ? String(value) : value.toFixed(value >= 10 ? 0 : 1)) + " " + units[unit];
  }

  function duration(seconds) {
    if (!isNumber(seconds)) return "—";
    const s = Math.max(0, Math.floor(seconds));
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    if (d > 0) return `${d} d ${h} h`;
    if (h > 0) return `${h} h ${m} min`;
    if (m > 0) return `${m} min ${s % 60} s`;
    return `${s} s`;
  }

  const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
  const hourMinute = (ms) => new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

  function setText(id, text) {
    const node = $(id);
    if (node && node.textContent !== text) node.textContent = text;
  }

  /** A new element with attributes and a text, in the HTML or (with ns) the SVG namespace. */
  function make(name, attributes = {}, text = null, ns = null) {
    const node = ns ? document.createElementNS(ns, name) : document.createElement(name);
    for (const [key, value] of Object.entries(attributes)) {
      if (value !== null && value !== undefined) node.setAttribute(key, String(value));
    }
    if (text !== null) node.textContent = text;
    return node;
  }

  // ---- HTTP -------------------------------------------------------------------------------

  class HttpError extends Error {
    constructor(status, path, detail) {
      super(`HTTP ${status}${detail ? ": " + detail : ""}`);
      this.status = status;
      this.path = path;
    }
  }

  /**
   * Calls the admin API at path (absolute, on this origin); the JSON answer, or null for none.
   * A request that changes something carries X-Stompede-Admin: the endpoint refuses it without
   * (only a script of its own origin can add the header, not another site's form or fetch).
   */
  async function api(path, init = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    const method = (init.method || "GET").toUpperCase();
    const headers = { Accept: "application/json" };
    if (method !== "GET" && method !== "HEAD") headers["X-Stompede-Admin"] = "1";
    try {
      const response = await fetch(new URL(path, location.origin), {
        cache: "no-store",
        credentials: "same-origin",
        signal: controller.signal,
        ...init,
        headers,
      });
      if (!response.ok) {
        let detail = "";
        try {
          const body = await response.json();
          if (body && typeof body.error === "string") detail = body.error;
        } catch (ignored) {
          // not JSON: the status says enough
        }
        throw new HttpError(response.status, path, detail);
      }
      if (response.status === 204) return null;
      const type = response.headers.get("Content-Type") || "";
      return type.includes("json") ? await response.json() : null;
    } catch (e) {
      if (e.name === "AbortError") throw new Error(`no answer within ${TIMEOUT_MS / 1000} s`);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  function describe(error) {
    if (error instanceof HttpError) {
      switch (error.status) {
        case 401: return "the admin credentials were refused (401); reload the page to sign in again";
        case 403: return "this user is not an administrator (403)";
        case 503: return "the broker is not available (503)";
        default: return error.message;
      }
    }
    if (error instanceof TypeError) return "the network request failed";
    return error && error.message ? error.message : String(error);
  }

  // ---- Polling: one request in flight per endpoint ----------------------------------------

  const endpoints = [
    { path: "/api/overview", render: renderOverview },
    { path: "/api/series", render: renderSeries },
    { path: `/api/destinations?limit=${DESTINATION_LIMIT}`, render: renderDestinations },
    { path: "/api/cluster", render: renderCluster },
    { path: `/api/sessions?limit=${SESSION_LIMIT}`, render: renderSessions, optional: $("sessions-card") },
  ].map((e) => ({ ...e, inFlight: false, error: null, disabled: false }));

  let lastSuccess = 0;
  let failingSince = 0;

  async function poll(endpoint) {
    if (endpoint.inFlight || endpoint.disabled) return;
    endpoint.inFlight = true;
    let data = null;
    try {
      data = await api(endpoint.path);
      endpoint.error = null;
      lastSuccess = Date.now();
    } catch (e) {
      if (endpoint.optional && e instanceof HttpError && e.status === 404) {
        // A broker without this part of the API: leave it out rather than complain.
        endpoint.disabled = true;
        endpoint.optional.hidden = true;
        endpoint.error = null;
      } else {
        endpoint.error = e;
      }
    } finally {
      endpoint.inFlight = false;
      showHealth();
    }
    if (!endpoint.error && !endpoint.disabled) {
      try {
        endpoint.render(data || {});
      } catch (e) {
        // A fault of the page's own, not of the broker: the console, not the banner, says so.
        console.error(`status page: cannot show ${endpoint.path}:`, e);
      }
    }
  }

  function tick() {
    if (document.hidden) return;
    endpoints.forEach(poll);
  }

  function refreshSoon(...paths) {
    endpoints.filter((e) => paths.some((p) => e.path.startsWith(p))).forEach(poll);
  }

  function showHealth() {
    const failing = endpoints.filter((e) => e.error && !e.disabled);
    const banner = $("banner");
    const live = $("live");
    if (failing.length === 0) {
      failingSince = 0;
      banner.hidden = true;
      document.body.classList.remove("stale");
      live.dataset.state = "live";
      setText("live-text", `live · updated ${clock(lastSuccess)}`);
      return;
    }
    if (!failingSince) failingSince = Date.now();
    // The most telling error: a refusal of the credentials first, then the overview's.
    const shown = failing.find((e) => e.error instanceof HttpError && (e.error.status === 401 || e.error.status === 403))
      || failing[0];
    setText("banner-detail", `${describe(shown.error)}. Failing since ${clock(failingSince)}`
      + (lastSuccess ? `; last data at ${clock(lastSuccess)}.` : "."));
    banner.hidden = false;
    document.body.classList.add("stale");
    live.dataset.state = "down";
    setText("live-text", "offline · retrying");
  }

  let noticeTimer = 0;
  function notify(text, isError = false) {
    const notice = $("notice");
    notice.textContent = text;
    notice.dataset.kind = isError ? "error" : "ok";
    notice.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { notice.hidden = true; }, 8000);
  }

  // ---- Overview ---------------------------------------------------------------------------

  function renderOverview(o) {
    setText("node", o.node || "single node");
    $("node").classList.toggle("none", !o.node);
    setText("version", o.version || "—");
    setText("uptime", duration(o.uptimeSeconds));
    document.title = `Stompede status — ${o.node || "single node"}`;
    if (isNumber(o.startedAt)) $("uptime").title = `started ${new Date(o.startedAt).toLocaleString()}`;

    const listeners = $("listeners");
    const wanted = Array.isArray(o.listeners) ? o.listeners.map(String) : [];
    const current = Array.from(listeners.children, (li) => li.textContent);
    if (wanted.join("\n") !== current.join("\n")) {
      listeners.replaceChildren(...wanted.map((uri) => make("li", {}, uri)));
    }
    if (wanted.length === 0) listeners.replaceChildren(make("li", { class: "none" }, "none"));

    setText("connections", int(o.connections));
    setText("sessions", int(o.sessions));
    setText("sessions-detached", isNumber(o.detachedSessions) && o.detachedSessions > 0
      ? `${int(o.detachedSessions)} kept for resume` : "");
    setText("subscriptions", int(o.subscriptions));
    setText("in-rate", rate(o.inRate));
    setText("out-rate", rate(o.outRate));
    setText("messages-in", isNumber(o.messagesIn) ? `${int(o.messagesIn)} total` : "");
    setText("messages-out", isNumber(o.messagesOut) ? `${int(o.messagesOut)} total` : "");
    setText("queue-depth", int(o.queueDepth));
    setText("queue-memory", isNumber(o.queueMemoryBytes)
      ? `${bytes(o.queueMemoryBytes)}${o.pagedOut ? ` · ${int(o.pagedOut)} paged out` : ""}` : "");
    setText("awaiting-ack", int(o.awaitingAck));
    setText("in-flight", isNumber(o.queueInFlight) ? `${int(o.queueInFlight)} in flight` : "");
    setText("dead-letters", int(o.deadLettered));
    setText("dropped", isNumber(o.messagesDropped) && o.messagesDropped > 0 ? `${int(o.messagesDropped)} dropped` : "");
    setText("errors", int(o.errors));
    $("dead-letters").closest(".tile").classList.toggle("alert", o.deadLettered > 0);
    $("errors").closest(".tile").classList.toggle("alert", o.errors > 0);
  }

  // ---- Charts -----------------------------------------------------------------------------

  const charts = [
    {
      svg: () => $("chart-rates").querySelector("svg"),
      format: rate,
      series: [{ key: "inRate", name: "in", cls: "s-in" }, { key: "outRate", name: "out", cls: "s-out" }],
    },
    {
      svg: () => $("chart-connections").querySelector("svg"),
      format: int,
      integer: true,
      series: [{ key: "connections", name: "connections", cls: "s-connections" }, { key: "sessions", name: "sessions", cls: "s-sessions" }],
    },
    {
      svg: () => $("chart-depth").querySelector("svg"),
      format: int,
      integer: true,
      area: true,
      series: [{ key: "queueDepth", name: "queued", cls: "s-depth" }],
    },
  ];
  let lastSeries = null;

  function renderSeries(s) {
    lastSeries = s;
    drawCharts();
  }

  function drawCharts() {
    if (!lastSeries) return;
    const points = (Array.isArray(lastSeries.points) ? lastSeries.points : []).filter((p) => p && isNumber(p.t));
    const interval = (isNumber(lastSeries.intervalSeconds) ? lastSeries.intervalSeconds : 1) * 1000;
    // The last 10 minutes; a broker younger than that shows its life so far, a minute at least.
    const end = points.length ? points[points.length - 1].t : Date.now();
    const span = points.length ? Math.min(WINDOW_MS, Math.max(MIN_SPAN_MS, end - points[0].t)) : WINDOW_MS;
    for (const chart of charts) {
      lineChart(chart.svg(), {
        end,
        span,
        gap: interval * 3,
        format: chart.format,
        integer: chart.integer,
        area: chart.area,
        series: chart.series.map((def) => ({
          ...def,
          values: points.filter((p) => isNumber(p[def.key])).map((p) => [p.t, p[def.key]]),
        })),
      });
    }
  }

  /** Ticks from 0 to at least max: about `count` round steps (1, 2 or 5 times a power of ten). */
  function niceTicks(max, count, integer) {
    // Some room above the highest point, so that a flat line does not run along the top edge.
    max = max > 0 ? max * 1.1 : 1;
    let step = max / count;
    const power = Math.pow(10, Math.floor(Math.log10(step)));
    const fraction = step / power;
    step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
    if (integer) step = Math.max(1, Math.round(step));
    const ticks = [];
    for (let v = 0; v < max + step / 2; v += step) ticks.push(v);
    if (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
    return ticks;
  }

  /**
   * Draws time series into svg as lines over the last `span` ms up to `end`: a y axis from 0
   * with a few round ticks, clock times along x, and each series' latest value at its right
   * end. The viewBox is the element's own size in CSS pixels, so text keeps its size at any
   * width; a line breaks where points are more than `gap` ms apart.
   */
  function lineChart(svg, { end, span, gap, series, format, integer = false, area = false }) {
    const width = Math.max(200, Math.round(svg.getBoundingClientRect().width || 600));
    const height = Math.max(140, Math.round(svg.getBoundingClientRect().height || 190));
    const pad = { top: 10, right: 56, bottom: 22, left: 40 };
    const plotW = width - pad.left - pad.right;
    const plotH = height - pad.top - pad.bottom;
    const start = end - span;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.replaceChildren();

    const max = Math.max(0, ...series.flatMap((s) => s.values.map((v) => v[1])));
    const ticks = niceTicks(max, height < 170 ? 3 : 4, integer);
    const top = ticks[ticks.length - 1];
    const x = (t) => pad.left + ((t - start) / span) * plotW;
    const y = (v) => pad.top + plotH - (v / top) * plotH;
    const r = (n) => Math.round(n * 10) / 10;

    const grid = make("g", { class: "grid" }, null, SVG_NS);
    for (const v of ticks) {
      grid.append(make("line", { x1: pad.left, x2: pad.left + plotW, y1: r(y(v)), y2: r(y(v)), class: v === 0 ? "base" : null }, null, SVG_NS));
      grid.append(make("text", { x: pad.left - 6, y: r(y(v)), class: "tick y" }, compact(v), SVG_NS));
    }
    // Clock times on round seconds or minutes, far enough apart for their labels.
    const every = [10, 15, 30, 60, 120, 300, 600].map((s) => s * 1000)
      .find((ms) => (ms / span) * plotW >= (ms < 60000 ? 66 : 52)) || 600000;
    const label = every < 60000 ? clock : hourMinute;
    for (let t = Math.ceil(start / every) * every; t <= end; t += every) {
      const at = r(x(t));
      if (at < pad.left + 16 || at > pad.left + plotW - 16) continue;
      grid.append(make("line", { x1: at, x2: at, y1: pad.top + plotH, y2: pad.top + plotH + 4, class: "mark" }, null, SVG_NS));
      grid.append(make("text", { x: at, y: height - 5, class: "tick x" }, label(t), SVG_NS));
    }
    svg.append(grid);

    const visible = series.map((s) => ({ ...s, values: s.values.filter(([t]) => t >= start && t <= end) }));
    if (visible.every((s) => s.values.length < 2)) {
      svg.append(make("text", { x: pad.left + plotW / 2, y: pad.top + plotH / 2, class: "waiting" }, "collecting data…", SVG_NS));
    }

    const labels = [];
    for (const s of visible) {
      if (s.values.length === 0) continue;
      // Runs of points without a gap between them: one stroke (and one filled shape) each.
      const runs = [];
      let previous = null;
      for (const [t, v] of s.values) {
        if (previous === null || t - previous > gap) runs.push([]);
        runs[runs.length - 1].push([r(x(t)), r(y(v))]);
        previous = t;
      }
      const d = runs.map((run) => run.map(([px, py], i) => `${i === 0 ? "M" : "L"}${px},${py}`).join("")).join("");
      if (area) {
        const base = r(y(0));
        const fill = runs.filter((run) => run.length > 1)
          .map((run) => `M${run[0][0]},${base}` + run.map(([px, py]) => `L${px},${py}`).join("") + `L${run[run.length - 1][0]},${base}Z`)
          .join("");
        if (fill) svg.append(make("path", { d: fill, class: `area ${s.cls}` }, null, SVG_NS));
      }
      svg.append(make("path", { d, class: `line ${s.cls}`, "data-series": s.key }, null, SVG_NS));
      const [lt, lv] = s.values[s.values.length - 1];
      svg.append(make("circle", { cx: r(x(lt)), cy: r(y(lv)), r: 3, class: `last ${s.cls}` }, null, SVG_NS));
      labels.push({ y: y(lv), text: format(lv), cls: s.cls, key: s.key });
    }
    // Latest values right of the plot, pushed apart so that they never overlap.
    labels.sort((a, b) => a.y - b.y);
    for (let i = 1; i < labels.length; i++) {
      if (labels[i].y - labels[i - 1].y < 14) labels[i].y = labels[i - 1].y + 14;
    }
    for (const label of labels) {
      const at = Math.min(Math.max(label.y, pad.top + 4), height - pad.bottom + 6);
      svg.append(make("text", { x: pad.left + plotW + 8, y: r(at), class: `latest ${label.cls}`, "data-series": label.key }, label.text, SVG_NS));
    }
  }

  let resizeFrame = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(resizeFrame);
    resizeFrame = requestAnimationFrame(drawCharts);
  });

  // ---- Tables -----------------------------------------------------------------------------

  /** Makes tbody's rows match items in order, keeping the rows of keys it had (and their focus). */
  function syncRows(tbody, items, keyOf, create, update) {
    const existing = new Map();
    for (const row of Array.from(tbody.rows)) existing.set(row.dataset.key, row);
    items.forEach((item, i) => {
      const key = String(keyOf(item));
      let row = existing.get(key);
      if (row) {
        existing.delete(key);
      } else {
        row = create(key, item);
        row.dataset.key = key;
      }
      update(row, item);
      if (tbody.rows[i] !== row) tbody.insertBefore(row, tbody.rows[i] || null);
    });
    for (const row of existing.values()) row.remove();
  }

  /** A new cell of row; label names it where a phone shows the rows stacked, without the header. */
  function cell(row, col, cls = null, label = null) {
    const td = make("td", { "data-col": col, class: cls, "data-label": label });
    row.append(td);
    return td;
  }

  const KINDS = { QUEUE: "queue", TOPIC: "topic", DURABLE_SUBSCRIPTION: "durable" };

  function renderDestinations(data) {
    const list = Array.isArray(data.destinations) ? data.destinations : [];
    const deepest = Math.max(1, ...list.map((d) => (isNumber(d.depth) ? d.depth : 0)));
    syncRows($("destinations").tBodies[0], list, (d) => `${d.kind}:${d.name}`, (key, d) => {
      const row = make("tr");
      cell(row, "name").append(make("span", { class: "name" }));
      cell(row, "kind").append(make("span", { class: "badge" }));
      cell(row, "subscribers", "num", "Subs");
      const depth = cell(row, "depth", "num", "Depth");
      depth.append(make("span", { class: "bar", "aria-hidden": "true" }), make("span", { class: "figure" }));
      cell(row, "in", "num", "In/s");
      cell(row, "out", "num", "Out/s");
      const actions = cell(row, "actions", "actions");
      if (d.kind === "QUEUE") {
        const button = make("button", { type: "button", class: "danger", "aria-label": `Purge ${d.name}` }, "Purge");
        button.addEventListener("click", () => purge(row.dataset.name));
        actions.append(button);
      }
      return row;
    }, (row, d) => {
      row.dataset.name = d.name;
      row.dataset.kind = d.kind;
      const name = row.cells[0].firstChild;
      if (name.textContent !== d.name) {
        name.textContent = d.name;
        name.title = d.name;
      }
      const badge = row.cells[1].firstChild;
      badge.textContent = KINDS[d.kind] || String(d.kind || "?").toLowerCase();
      badge.dataset.kind = d.kind;
      row.cells[2].textContent = int(d.subscribers);
      const depth = row.cells[3];
      depth.lastChild.textContent = int(d.depth);
      depth.firstChild.style.width = `${Math.round(((isNumber(d.depth) ? d.depth : 0) / deepest) * 100)}%`;
      depth.title = [
        isNumber(d.inFlight) ? `${int(d.inFlight)} in flight` : null,
        isNumber(d.enqueued) ? `${int(d.enqueued)} enqueued` : null,
        isNumber(d.settled) ? `${int(d.settled)} settled` : null,
        isNumber(d.bytes) ? bytes(d.bytes) : null,
      ].filter(Boolean).join(" · ");
      row.cells[4].textContent = rate(d.inRate);
      row.cells[5].textContent = rate(d.outRate);
      const button = row.cells[6].firstChild;
      if (button) button.disabled = !(d.depth > 0 || d.inFlight > 0);
    });
    $("destinations-empty").hidden = list.length > 0;
    const total = isNumber(data.total) ? data.total : list.length;
    setText("destinations-total", total > list.length ? `top ${list.length} of ${int(total)}` : `${int(total)} in all`);
  }

  async function purge(name) {
    if (!name || !window.confirm(`Purge every message waiting in ${name}?\n\nThey are deleted, not delivered.`)) return;
    try {
      const answer = await api(`/api/queues/messages?${new URLSearchParams({ name })}`, { method: "DELETE" });
      const purged = answer && isNumber(answer.purged) ? answer.purged : null;
      notify(purged === null ? `${name} purged.` : `${name}: ${int(purged)} message${purged === 1 ? "" : "s"} purged.`);
    } catch (e) {
      notify(`Could not purge ${name}: ${describe(e)}.`, true);
    }
    refreshSoon("/api/destinations", "/api/overview");
  }

  function renderSessions(data) {
    // The broker sends the first SESSION_LIMIT and counts them all.
    const all = Array.isArray(data.sessions) ? data.sessions : [];
    const list = all.slice(0, SESSION_LIMIT);
    const total = isNumber(data.total) ? data.total : all.length;
    syncRows($("session-list").tBodies[0], list, (s) => s.id, (key) => {
      const row = make("tr");
      const columns = [["id", "Session"], ["transport", "Via"], ["remote", "Remote address"],
        ["principal", "User"], ["version", "STOMP"], ["subscriptions", "Subscriptions"]];
      for (const [col, label] of columns) cell(row, col, null, label);
      cell(row, "pending", "num", "Pending");
      const button = make("button", { type: "button", class: "danger", "aria-label": `Close session ${key}` }, "Close");
      button.addEventListener("click", () => closeSession(row.dataset.key, row.dataset.remote));
      cell(row, "actions", "actions").append(button);
      return row;
    }, (row, s) => {
      row.dataset.remote = s.remoteAddress || "";
      const subscriptions = Array.isArray(s.subscriptions) ? s.subscriptions : [];
      const texts = [
        String(s.id),
        s.transport || "—",
        s.remoteAddress || "—",
        s.principal || "anonymous",
        s.version || "—",
        subscriptions.length === 0 ? "none" : subscriptions.map((sub) => sub.destination).join(", "),
      ];
      texts.forEach((text, i) => {
        if (row.cells[i].textContent !== text) row.cells[i].textContent = text;
      });
      row.cells[3].classList.toggle("muted", !s.principal);
      row.cells[5].title = subscriptions.map((sub) => `${sub.id}: ${sub.destination} (${sub.ackMode}, ${sub.pendingAcks} pending)`).join("\n");
      const pending = ["pendingAckBytes", "transactionBytes", "backlogBytes"].reduce((sum, k) => sum + (isNumber(s[k]) ? s[k] : 0), 0);
      row.cells[6].textContent = bytes(pending);
      row.cells[6].title = `awaiting ack ${bytes(s.pendingAckBytes)} · in transactions ${bytes(s.transactionBytes)} · backlog ${bytes(s.backlogBytes)}`;
    });
    $("sessions-empty").hidden = list.length > 0;
    setText("sessions-total", total > list.length ? `first ${list.length} of ${int(total)}` : `${int(total)} open`);
  }

  async function closeSession(id, remote) {
    if (!id || !window.confirm(`Close session ${id}${remote ? ` (${remote})` : ""}?\n\nIts client is disconnected.`)) return;
    try {
      await api(`/api/sessions/${encodeURIComponent(id)}`, { method: "DELETE" });
      notify(`Session ${id} closed.`);
    } catch (e) {
      notify(`Could not close session ${id}: ${describe(e)}.`, true);
    }
    refreshSoon("/api/sessions", "/api/overview");
  }

  // ---- Cluster ----------------------------------------------------------------------------

  function renderCluster(c) {
    const section = $("cluster");
    const nodes = $("nodes");
    const state = $("cluster-state");
    const redis = $("redis");
    if (!c.clustered) {
      section.dataset.clustered = "false";
      setText("cluster-mode", "Single node — not part of a cluster.");
      nodes.replaceChildren();
      redis.hidden = true;
      state.textContent = "single node";
      state.dataset.state = "single";
      return;
    }
    section.dataset.clustered = "true";
    const list = Array.isArray(c.nodes) ? c.nodes : [];
    setText("cluster-mode", list.length === 0 ? "No node's heartbeat seen in Redis."
      : `${list.length} node${list.length === 1 ? "" : "s"} sharing one Redis.`);
    state.textContent = c.connected ? "Redis connected" : "Redis disconnected";
    state.dataset.state = c.connected ? "up" : "down";
    const wanted = list.map((n) => `${n.self ? "*" : ""}${n.id}`).join("\n");
    if (nodes.dataset.shown !== wanted) {
      nodes.dataset.shown = wanted;
      nodes.replaceChildren(...list.map((n) => {
        const li = make("li", { "data-node": n.id, "data-self": n.self ? "true" : "false" });
        li.append(make("span", { class: "dot", "aria-hidden": "true" }), make("span", { class: "node-id" }, String(n.id)));
        if (n.self) li.append(make("span", { class: "badge self" }, "this node"));
        return li;
      }));
    }
    const r = c.redis || {};
    setText("redis-published", int(r.published));
    setText("redis-received", int(r.received));
    setText("redis-publish-failures", int(r.publishFailures));
    // -1 until the first heartbeat came back.
    setText("redis-round-trip", isNumber(r.roundTripMicros) && r.roundTripMicros >= 0 ? `${(r.roundTripMicros / 1000).toFixed(r.roundTripMicros < 10000 ? 2 : 0)} ms` : "—");
    setText("redis-disconnects", int(r.disconnects));
    setText("redis-enqueued", int(r.enqueued));
    setText("redis-fetched", int(r.fetched));
    setText("redis-acknowledged", int(r.acknowledged));
    $("redis-publish-failures").classList.toggle("bad", r.publishFailures > 0);
    redis.hidden = false;
  }

  // ---- Start ------------------------------------------------------------------------------

  document.addEventListener("visibilitychange", tick);
  setInterval(tick, POLL_MS);
  tick();
})();
