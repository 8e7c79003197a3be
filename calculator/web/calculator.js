// Jol calculator — the page script (main thread). Python runs in worker.js; this file only reads the form, shows
// progress and results, and stores inputs on the phone when the reader asks. Nothing is ever sent anywhere.

// Its strings come with the page (<script id="calc-text">, from the package's data/messages/page/<lang>.toml), and
// the dates and day counts of an answer come written out from Python (migration_rules.bridge): this file formats
// nothing itself.

const STORAGE_KEY = "jol-calculator";
// The reader's dates for the guide pages (overrides/partials/my-dates.html reads them), kept beside the inputs.
const DATES_KEY = "jol-my-dates";

// --- the form and the request ------------------------------------------------------------------------------------
// Each field's name is the request key it fills (overrides/partials/calculator-form.html): "entry_date",
// "contract.start", "previous_stays[0].exit". These two functions are the whole mapping between form and request.
const keysOf = (name) => name.match(/[^.[\]]+/g).map((key) => (/^\d+$/.test(key) ? Number(key) : key));

// The request the form says. A field left empty is not sent ("not given"; an empty contract is no contract), but an
// earlier stay the reader added is, so that its missing dates are pointed out. A ticked checkbox is `true`.
export function formToRequest(form) {
  const request = {};
  for (const [name, value] of new FormData(form)) {
    const keys = keysOf(name);
    if (value === "" && !keys.some((key) => typeof key === "number")) continue;
    let node = request;
    keys.slice(0, -1).forEach((key, i) => {
      node = node[key] ??= typeof keys[i + 1] === "number" ? [] : {};
    });
    if (value !== "") node[keys.at(-1)] = form.elements[name].type === "checkbox" ? true : value;
  }
  return request;
}

// The fields of a request put back into a fresh form (rows for earlier stays must be there already).
export function requestToForm(form, request) {
  for (const field of form.elements) {
    if (!field.name) continue;
    const value = keysOf(field.name).reduce((node, key) => node?.[key], request);
    if (value === undefined || value === null) continue;
    if (field.type === "checkbox") field.checked = value === true;
    else if (field.type === "radio") field.checked = value === field.value;
    else field.value = String(value);
  }
}

// The phone's local date (not UTC), as YYYY-MM-DD.
export function localToday(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const root = document.getElementById("jol-calc");
if (root) start(root);
else window.jolEarlyWorker?.worker.terminate(); // started by the page's <head>, with no calculator to serve

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

function start(root) {
  const lang = root.dataset.lang;
  const t = JSON.parse(root.querySelector("#calc-text").textContent);
  const form = root.querySelector("form");
  const statusBox = root.querySelector("#calc-status");
  const statusText = root.querySelector("#calc-status-text");
  const bar = root.querySelector("#calc-progress");
  const result = root.querySelector("#calc-result");
  // The calendar and print buttons. Held here: render() moves them into the result, which the next answer empties.
  const actions = root.querySelector("#calc-actions");
  const stays = root.querySelector("#calc-stays");
  const rowTemplate = root.querySelector("#calc-stay-row");
  const remember = root.querySelector("#calc-remember");
  const forget = root.querySelector("#calc-forget");
  root.hidden = false;
  document.documentElement.classList.add("jol-calc-js");

  // --- the worker --------------------------------------------------------------------------------------------------
  let worker;
  let nextId = 1;
  let loaded = false;
  let failed = false;
  const pending = new Map();

  const setStatus = (text, kind) => {
    statusText.textContent = text;
    statusBox.dataset.state = kind;
    statusBox.setAttribute("role", kind === "fatal" ? "alert" : "status");
  };
  const fail = (what, detail) => {
    if (failed) return;
    failed = true;
    bar.hidden = true;
    setStatus(`${t[`fatal.${what}`] || t["fatal.runtime"]} ${t.fatal_help}`, "fatal");
    console.error("Jol calculator:", what, detail);
    for (const { reject } of pending.values()) reject(new Error(what));
    pending.clear();
  };

  performance.mark("jol-calc-script");
  // The download in MB as the reader reads it ("5,2"): the page formats only this number, before Python is there.
  const mb = (bytes) => (bytes / 1e6).toFixed(1).replace(".", t.decimal_mark);
  const fill = (text, values) => text.replace(/\{([a-z]+)\}/g, (whole, name) => values[name] ?? whole);
  const downloadButton = root.querySelector("#calc-download");
  const size = root.dataset.downloadSize; // the first download in MB, measured by the build ("5,2")
  setStatus(fill(t.download_note, { size }), "loading");
  downloadButton.textContent = fill(t.download, { size });
  const onMessage = (event) => {
    const message = event.data;
    if (message.type === "progress") {
      if (loaded || failed) return;
      downloadButton.hidden = true;
      bar.hidden = false;
      if (message.total > 0) {
        bar.max = message.total;
        bar.value = message.done;
      }
      // Bytes still arriving: how many of how many; once all are there, the stage (starting, the rules).
      if (message.total > 0 && message.done < message.total) {
        setStatus(fill(t.downloading, { done: mb(message.done), total: mb(message.total) }), "loading");
      } else {
        setStatus(t[message.stage] || t.loading, "loading");
      }
    } else if (message.type === "timings") {
      for (const [name, time] of message.marks) {
        performance.mark(`jol-worker:${name}`, { startTime: time - performance.timeOrigin });
      }
    } else if (message.type === "ready") {
      loaded = true;
      performance.mark("jol-calc-ready");
      bar.hidden = true;
      downloadButton.hidden = true;
      setStatus(t.ready, "ready");
      root.dataset.ready = "true";
      root.dataset.engine = message.from || "fresh";
    } else if (message.type === "fatal") {
      fail(message.what, message.detail);
    } else if (pending.has(message.id)) {
      const { resolve, reject } = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) resolve(message.result);
      else reject(new Error(message.error));
    }
  };
  // When the site's service worker controls the page, its <head> has already started the worker while the page was
  // loading, and kept the worker's messages until now (overrides/calculator.html, site_meta); the worker is told
  // to start below. Otherwise it is started here.
  const early = window.jolEarlyWorker;
  delete window.jolEarlyWorker;
  const startWorker = () => {
    if (early?.worker) {
      worker = early.worker;
    } else {
      performance.mark("jol-calc-start");
      try {
        worker = new Worker(new URL("worker.js?v=__WORKER_HASH__", import.meta.url), { type: "module" });
      } catch (error) {
        fail("worker", error);
      }
    }
    if (!worker) return;
    worker.onerror = (event) => fail("runtime", event.message || "worker error");
    worker.onmessage = onMessage;
    // What the worker said before this script ran, in order (no new event can come in between).
    for (const event of early?.queue || []) {
      if (event.type === "error") worker.onerror(event);
      else worker.onmessage(event);
    }
    if (early) worker.postMessage({ type: "start" });
  };
  // A phone that saves data (Data Saver) or is on 2G downloads nothing until the reader asks, unless it keeps the
  // calculator's files already (the worker's cache, storage.mjs). A worker the page's <head> started waits for
  // "start" unless it can start from this phone's copies.
  const connection = navigator.connection;
  const saving = Boolean(connection && (connection.saveData || /^(slow-2g|2g)$/.test(connection.effectiveType || "")));
  const keptOnPhone = async () => {
    try {
      const cache = await caches.open("jol-calculator-files");
      const files = JSON.parse(root.dataset.downloadFiles);
      const kept = await Promise.all(files.map((file) => cache.match(new URL(file, location.href).href)));
      return kept.every(Boolean);
    } catch {
      return false;
    }
  };
  if (!saving) {
    startWorker();
  } else {
    bar.hidden = true;
    keptOnPhone().then((kept) => {
      if (kept || loaded) {
        startWorker();
        return;
      }
      setStatus(t.ask, "ask");
      downloadButton.hidden = false;
      downloadButton.addEventListener("click", () => {
        downloadButton.hidden = true;
        bar.hidden = false;
        bar.removeAttribute("value");
        setStatus(t.loading, "loading");
        startWorker();
      }, { once: true });
    });
  }
  const ask = (message) =>
    new Promise((resolve, reject) => {
      if (failed || !worker) return reject(new Error("not loaded"));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });

  // --- earlier stays -------------------------------------------------------------------------------------------
  const renumber = () => {
    [...stays.children].forEach((row, i) => {
      row.dataset.field = `previous_stays[${i}]`;
      row.querySelector("legend").textContent = t.stay.replace("{number}", i + 1);
      for (const input of row.querySelectorAll("input")) {
        const part = input.dataset.part;
        input.id = `calc-stay-${i}-${part}`;
        input.name = `previous_stays[${i}].${part}`;
        input.closest("[data-part-field]").dataset.field = `previous_stays[${i}].${part}`;
        input.closest("[data-part-field]").querySelector("label").htmlFor = input.id;
      }
    });
  };
  const addStay = () => {
    const row = rowTemplate.content.firstElementChild.cloneNode(true);
    row.querySelector(".calc-remove").addEventListener("click", () => {
      row.remove();
      renumber();
      save();
    });
    stays.append(row);
    renumber();
    return row;
  };
  root.querySelector("#calc-add-stay").addEventListener("click", () => {
    const row = addStay();
    row.querySelector("input").focus();
  });

  // --- remember on this phone (off by default) ---------------------------------------------------------------
  const storage = (() => {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  })();
  const save = () => {
    if (!storage) return;
    if (remember.checked) storage.setItem(STORAGE_KEY, JSON.stringify(formToRequest(form)));
  };
  // The answer's dated deadlines, for the guide pages, only while "remember" is ticked: id, ISO date, title and date
  // as the answer wrote them (in the reader's language), the date written out in every language by the rules package
  // (a page in another language reads it right) and the day it was worked out. Version 1 of this record.
  const keepDates = (response) => {
    if (!storage || !remember.checked || !response || response.errors.length) return;
    const deadlines = response.deadlines.filter((item) => item.due).map((item) => ({ id: item.id, due: item.due,
      title: item.title, due_text: item.due_text, due_texts: item.due_texts }));
    const dates = { version: 1, lang, today: response.today, today_texts: response.today_texts, deadlines };
    try {
      storage.setItem(DATES_KEY, JSON.stringify(dates));
    } catch {
      // a full phone: the guide pages show no date
    }
  };
  const showForget = () => {
    forget.hidden = !(remember.checked || (storage && (storage.getItem(STORAGE_KEY) || storage.getItem(DATES_KEY))));
  };
  if (storage) {
    const stored = storage.getItem(STORAGE_KEY);
    if (stored) {
      try {
        const request = JSON.parse(stored);
        if (request.contract_start !== undefined) {
          // Stored by an earlier version of this page, with the contract's dates as "contract_start" and so on.
          request.contract = { start: request.contract_start, end: request.contract_end,
            terminated: request.contract_terminated };
        }
        (request.previous_stays || []).forEach(() => addStay());
        requestToForm(form, request);
        remember.checked = true;
      } catch {
        storage.removeItem(STORAGE_KEY);
      }
    }
  } else {
    remember.disabled = true;
  }
  showForget();
  remember.addEventListener("change", () => {
    if (remember.checked) {
      save();
      keepDates(lastResponse);
    } else {
      storage?.removeItem(STORAGE_KEY);
      storage?.removeItem(DATES_KEY);
    }
    showForget();
  });
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  forget.addEventListener("click", () => {
    storage?.removeItem(STORAGE_KEY);
    storage?.removeItem(DATES_KEY);
    lastResponse = null;
    remember.checked = false;
    form.reset();
    stays.replaceChildren();
    clearErrors();
    result.replaceChildren();
    result.hidden = true;
    showForget();
    setStatus(t.forgotten, loaded ? "ready" : "loading");
  });

  // --- errors next to their fields ---------------------------------------------------------------------------
  const clearErrors = () => {
    for (const node of root.querySelectorAll(".calc-error")) node.remove();
    for (const node of root.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  };
  const fieldBox = (field) => {
    // "previous_stays[0].exit" -> that input's box; else its row "previous_stays[0]"; else "previous_stays".
    let name = field;
    while (name) {
      const box = root.querySelector(`[data-field="${CSS.escape(name)}"]`);
      if (box) return box;
      const cut = Math.max(name.lastIndexOf("."), name.lastIndexOf("["));
      name = cut > 0 ? name.slice(0, cut) : "";
    }
    return null;
  };
  const showErrors = (errors) => {
    const general = el("div", { class: "calc-error calc-error-general", role: "alert" }, el("p", { text: t.fix_errors }));
    let firstInput = null;
    for (const error of errors) {
      const box = fieldBox(error.field);
      const message = el("p", { class: "calc-error", "data-error-for": error.field, text: error.message });
      if (box) {
        box.append(message);
        const input = box.querySelector("input, select");
        if (input) {
          input.setAttribute("aria-invalid", "true");
          firstInput ||= input;
        }
      } else {
        general.append(message);
      }
    }
    form.prepend(general);
    firstInput?.focus();
  };

  // --- results -------------------------------------------------------------------------------------------------
  let lastResponse = null;
  let lastRequest = null;
  const SVG = "http://www.w3.org/2000/svg";
  const svg = (tag, attrs = {}, text = null) => {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
    if (text !== null) node.textContent = text;
    return node;
  };
  const dayNumber = (iso) => Date.UTC(...iso.split("-").map((part, i) => Number(part) - (i === 1 ? 1 : 0))) / 864e5;

  // The stay as a picture: a line from its first to its last day (entry, or today for a trip being planned), the
  // days gone darker, today marked above, each deadline a numbered circle (the number of its card), the dates below
  // in figures, in as many rows as they need not to overlap. Its words (the answer's timeline.points[].text) are in
  // the list beside it, which screen readers read instead; the picture itself is hidden from them.
  const timeline = (answer) => {
    const { points } = answer;
    const width = 320;
    const left = 12;
    const right = width - 12;
    const first = dayNumber(answer.start);
    const span = Math.max(1, dayNumber(answer.end) - first);
    const x = (iso) => left + ((dayNumber(iso) - first) / span) * (right - left);
    const barY = 46;
    const picture = svg("svg", { viewBox: `0 0 ${width} 0`, class: "calc-timeline-picture", "aria-hidden": "true",
      focusable: "false" });
    const today = points.find((point) => point.kind === "today");
    picture.append(svg("rect", { x: left, y: barY - 5, width: right - left, height: 10, rx: 5, class: "calc-tl-bar" }));
    const past = Math.min(Math.max(x(today.date), left), right);
    picture.append(svg("rect", { x: left, y: barY - 5, width: past - left, height: 10, rx: 5, class: "calc-tl-past" }));
    // Labels are placed by their width, guessed from their length (font size 13: about 7.5 units a character).
    const rows = [];
    const place = (center, text, fromRow, anchorY, step) => {
      const half = (text.length * 7.5) / 2;
      const middle = Math.min(Math.max(center, left + half), right - half);
      let row = fromRow;
      while ((rows[row] || []).some(([a, b]) => middle - half < b + 6 && middle + half > a - 6)) row += 1;
      (rows[row] ||= []).push([middle - half, middle + half]);
      return { x: middle, y: anchorY + row * step, row };
    };
    // Today, above the line.
    const todayText = `${today.label} ${today.short}`;
    const half = (todayText.length * 7.5) / 2;
    const todayX = Math.min(Math.max(x(today.date), left + half), right - half);
    picture.append(svg("path", { d: `M${x(today.date) - 6},${barY - 17} h12 l-6,9 z`, class: "calc-tl-now" }));
    picture.append(svg("text", { x: todayX, y: barY - 22, "text-anchor": "middle", class: "calc-tl-label calc-tl-strong" },
      todayText));
    // The entry, and the deadlines grouped by day (one circle for a day's deadlines: "1, 2").
    const byDay = new Map();
    for (const point of points) {
      if (point.kind === "today") continue;
      if (!byDay.has(point.date)) byDay.set(point.date, []);
      byDay.get(point.date).push(point);
    }
    let lowest = barY + 12;
    for (const [date, group] of byDay) {
      const cx = x(date);
      const deadlines = group.filter((point) => point.kind === "deadline");
      const entry = group.find((point) => point.kind === "entry");
      if (entry) picture.append(svg("rect", { x: cx - 2, y: barY - 10, width: 4, height: 20, class: "calc-tl-entry" }));
      if (deadlines.length) {
        const numbers = deadlines.map((point) => point.number).join(",");
        const status = deadlines.some((point) => point.status === "overdue") ? "overdue"
          : deadlines.some((point) => point.status === "today") ? "today" : "upcoming";
        const r = 10;
        const w = Math.max(2 * r, numbers.length * 8 + 8);
        picture.append(svg("rect", { x: cx - w / 2, y: barY - r, width: w, height: 2 * r, rx: r,
          class: `calc-tl-mark calc-tl-${status}` }));
        picture.append(svg("text", { x: cx, y: barY + 4.5, "text-anchor": "middle", class: "calc-tl-number" }, numbers));
      }
      const text = entry && !deadlines.length ? `${entry.label} ${entry.short}` : group[0].short;
      const spot = place(cx, text, 0, barY + 30, 17);
      picture.append(svg("text", { x: spot.x, y: spot.y, "text-anchor": "middle", class: "calc-tl-label" }, text));
      lowest = Math.max(lowest, spot.y);
    }
    const height = lowest + 8;
    picture.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const words = el("ul", { class: "calc-sr" });
    for (const point of points) words.append(el("li", { text: point.text }));
    return el("figure", { class: "calc-timeline" }, el("figcaption", { text: t.timeline }), picture, words);
  };

  const pageAddress = () => location.origin + location.pathname;
  const render = (response) => {
    result.replaceChildren();
    result.hidden = false;
    document.documentElement.classList.add("jol-calc-answered");
    // At a glance first: a trip being planned, the next deadline, those already past; then what to do with them.
    const glance = el("div", { class: "calc-summary" });
    if (response.planning_text) glance.append(el("p", { class: "calc-planning", text: response.planning_text }));
    if (response.summary_text) glance.append(el("p", { class: "calc-next" }, el("strong", { text: response.summary_text })));
    if (response.overdue_text) glance.append(el("p", { class: "calc-past", text: response.overdue_text }));
    result.append(glance);
    actions.hidden = !response.deadlines.some((item) => item.due);
    shareStatus.textContent = "";
    root.querySelector("#calc-copy-text")?.remove();
    result.append(actions);
    if (response.timeline && !actions.hidden) result.append(timeline(response.timeline));
    // For the print-out: what the reader entered (so anyone can check the sheet) and where it comes from.
    const entered = el("dl", { class: "calc-entered calc-print-only" });
    for (const row of response.entered || []) entered.append(el("dt", { text: row.label }), el("dd", { text: row.value }));
    result.append(el("h2", { class: "calc-print-only", text: t.entered }), entered);
    result.append(el("p", { class: "calc-meta" }, response.rules_checked_text,
      el("strong", { text: response.today_text })));
    if (response.deadlines.length === 0) result.append(el("p", { text: t.none }));
    const list = el("ol", { class: "calc-checklist" });
    let number = 0;
    for (const item of response.deadlines) {
      const sources = el("ul", { class: "calc-sources" });
      for (const source of item.sources) {
        sources.append(el("li", {}, el("a", { href: source.url, rel: "noopener noreferrer", text: source.title })));
      }
      const when = item.due
        ? [el("span", { class: "calc-due-label", text: `${t.due}: ` }),
          el("time", { class: "calc-due", datetime: item.due, text: item.due_text }),
          el("span", { class: "calc-days", text: ` — ${item.days_left_text}` })]
        : [el("span", { class: "calc-due calc-no-date", text: t.no_date })];
      const badge = item.due ? el("span", { class: "calc-num", "aria-hidden": "true", text: String(++number) }) : null;
      const trip = item.before_trip_text ? el("span", { class: "calc-trip", text: item.before_trip_text }) : null;
      list.append(el("li", { class: `calc-item calc-${item.status}`, "data-id": item.id },
        el("h2", {}, badge, item.title),
        el("p", { class: "calc-when" }, el("span", { class: "calc-badge", text: t[`status.${item.status}`] }), " ",
          trip, trip ? " " : null, ...when),
        el("p", { class: "calc-explanation", text: item.explanation }),
        el("details", {}, el("summary", { text: t.sources }), sources)));
    }
    result.append(list);
    if (response.notes.length) {
      const notes = el("ul", { class: "calc-notes" });
      for (const note of response.notes) notes.append(el("li", { text: note }));
      result.append(el("h2", { text: t.notes }), notes);
    }
    result.append(el("p", { class: "calc-print-only calc-printed" }, fill(t.print_address, { url: pageAddress() }),
      el("br"), response.printed_text || ""));
    result.focus();
  };

  const calculate = async (request) => {
    const response = await ask({ type: "calculate", request });
    lastResponse = response;
    lastRequest = request;
    performance.mark("jol-calc-answer");
    root.dataset.answers = String(Number(root.dataset.answers || 0) + 1);
    return response;
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    if (failed) return;
    if (!worker) {
      // Not downloaded yet on a phone that saves data: the reader's choice to make first.
      downloadButton.focus();
      return;
    }
    if (!loaded) setStatus(t.waiting, "loading");
    // The region is a choice the reader makes: no answer without it (the rules would take "another region").
    const regionMissing = !form.querySelector('input[name="region"]:checked');
    const request = { ...formToRequest(form), today: localToday(), lang };
    save();
    let response;
    try {
      response = await calculate(request);
    } catch (error) {
      if (!failed) fail("package", error);
      return;
    }
    const errors = [...response.errors];
    if (regionMissing) errors.push({ field: "region", message: t.region_missing });
    if (errors.length) {
      result.replaceChildren();
      result.hidden = true;
      document.documentElement.classList.remove("jol-calc-answered");
      showErrors(errors);
    } else {
      render(response);
      keepDates(response);
    }
  });

  // --- the answer's actions: calendar, send or copy, print ----------------------------------------------------------
  const shareStatus = root.querySelector("#calc-share-status");
  const sendButton = root.querySelector("#calc-send");
  const copyButton = root.querySelector("#calc-copy");
  const canShare = typeof navigator.share === "function";
  sendButton.hidden = !canShare;
  copyButton.hidden = canShare;
  const calendarFile = async () => {
    const text = await ask({ type: "ics", response: lastResponse, lang });
    return new File([text], t.calendar_file, { type: "text/calendar" });
  };
  const messageText = () => `${lastResponse.share_text}\n${pageAddress()}`;

  root.querySelector("#calc-ics").addEventListener("click", async () => {
    if (!lastResponse) return;
    const file = await calendarFile();
    const url = URL.createObjectURL(file);
    const link = el("a", { href: url, download: t.calendar_file });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });
  // The text goes to the phone's clipboard; where the page may not write there, the reader copies it himself.
  const copy = async () => {
    const text = messageText();
    root.querySelector("#calc-copy-text")?.remove();
    try {
      await navigator.clipboard.writeText(text);
      shareStatus.textContent = t.copied;
    } catch {
      shareStatus.textContent = t.copy_failed;
      const box = el("textarea", { id: "calc-copy-text", readonly: "", rows: "8" });
      box.value = text;
      shareStatus.after(box);
      box.select();
    }
  };
  copyButton.addEventListener("click", () => lastResponse && copy());
  // The phone's own share sheet (Telegram, WhatsApp, a calendar app…): the page hands it the text, and the calendar
  // file where the phone takes files. The page itself sends nothing anywhere.
  sendButton.addEventListener("click", async () => {
    if (!lastResponse) return;
    const data = { text: messageText() };
    try {
      const file = await calendarFile();
      if (navigator.canShare?.({ files: [file] })) data.files = [file];
    } catch {
      // no calendar file: the text alone
    }
    try {
      await navigator.share(data);
      shareStatus.textContent = "";
    } catch (error) {
      if (error?.name !== "AbortError") await copy(); // the reader closed the sheet: nothing to do
    }
  });
  // The print-out says the day it was printed: an answer from an earlier day is worked out again first.
  root.querySelector("#calc-print").addEventListener("click", async () => {
    if (lastRequest && lastRequest.today !== localToday()) {
      try {
        const response = await calculate({ ...lastRequest, today: localToday() });
        if (!response.errors.length) render(response);
      } catch {
        // printed as it is
      }
    }
    window.print();
  });
}
