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

  setStatus(t.loading, "loading");
  performance.mark("jol-calc-script");
  // When the site's service worker controls the page, its <head> has already started the worker while the page was
  // loading, and kept the worker's messages until now (overrides/calculator.html, site_meta); the worker is told
  // to start below. Otherwise it is started here.
  const early = window.jolEarlyWorker;
  delete window.jolEarlyWorker;
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
  if (worker) {
    worker.onerror = (event) => fail("runtime", event.message || "worker error");
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === "progress") {
        setStatus(t[message.stage] || t.loading, "loading");
        if (message.total) {
          bar.max = message.total;
          bar.value = message.done;
        }
      } else if (message.type === "timings") {
        for (const [name, time] of message.marks) {
          performance.mark(`jol-worker:${name}`, { startTime: time - performance.timeOrigin });
        }
      } else if (message.type === "ready") {
        loaded = true;
        performance.mark("jol-calc-ready");
        bar.hidden = true;
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
    // What the worker said before this script ran, in order (no new event can come in between).
    for (const event of early?.queue || []) {
      if (event.type === "error") worker.onerror(event);
      else worker.onmessage(event);
    }
    if (early) worker.postMessage({ type: "start" });
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
  const render = (response) => {
    result.replaceChildren();
    result.hidden = false;
    result.append(el("p", { class: "calc-meta" }, response.rules_checked_text,
      el("strong", { text: response.today_text })));
    if (response.deadlines.length === 0) result.append(el("p", { text: t.none }));
    const list = el("ol", { class: "calc-checklist" });
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
      list.append(el("li", { class: `calc-item calc-${item.status}`, "data-id": item.id },
        el("h2", { text: item.title }),
        el("p", { class: "calc-when" }, el("span", { class: "calc-badge", text: t[`status.${item.status}`] }), " ", ...when),
        el("p", { class: "calc-explanation", text: item.explanation }),
        el("details", {}, el("summary", { text: t.sources }), sources)));
    }
    result.append(list);
    if (response.notes.length) {
      const notes = el("ul", { class: "calc-notes" });
      for (const note of response.notes) notes.append(el("li", { text: note }));
      result.append(el("h2", { text: t.notes }), notes);
    }
    actions.hidden = !response.deadlines.some((item) => item.due);
    result.append(actions);
    result.focus();
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    if (failed) return;
    if (!loaded) setStatus(t.waiting, "loading");
    const request = { ...formToRequest(form), today: localToday(), lang };
    save();
    let response;
    try {
      response = await ask({ type: "calculate", request });
    } catch (error) {
      if (!failed) fail("package", error);
      return;
    }
    lastResponse = response;
    performance.mark("jol-calc-answer");
    root.dataset.answers = String(Number(root.dataset.answers || 0) + 1);
    if (response.errors.length) {
      result.replaceChildren();
      result.hidden = true;
      showErrors(response.errors);
    } else {
      render(response);
      keepDates(response);
    }
  });

  root.querySelector("#calc-ics").addEventListener("click", async () => {
    if (!lastResponse) return;
    const text = await ask({ type: "ics", response: lastResponse, lang });
    const url = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
    const link = el("a", { href: url, download: t.calendar_file });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });
  root.querySelector("#calc-print").addEventListener("click", () => window.print());
}
