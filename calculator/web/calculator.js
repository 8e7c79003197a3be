// Jol calculator — the page script (main thread). Python runs in worker.js; this file only reads the form, shows
// progress and results, and stores inputs on the phone when the reader asks. Nothing is ever sent anywhere.

const MONTHS = {
  // The same tables as migration_rules.dates.format_date.
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December"],
  ru: ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
    "ноября", "декабря"],
  ky: ["январы", "февралы", "марты", "апрели", "майы", "июну", "июлу", "августу", "сентябры", "октябры",
    "ноябры", "декабры"],
};

const ruPlural = (n, one, few, many) => {
  const a = Math.abs(n) % 100;
  const b = a % 10;
  if (a > 10 && a < 20) return many;
  if (b === 1) return one;
  if (b >= 2 && b <= 4) return few;
  return many;
};

const TEXT = {
  en: {
    loading: "Loading the calculator…",
    runtime: "Downloading Python (the calculator's engine). This happens once; next time it opens from the phone.",
    package: "Loading the rules…",
    ready: "The calculator is ready. Nothing you enter leaves your phone.",
    waiting: "Still loading; your result will appear in a moment.",
    fatal: {
      runtime: "The calculator could not load: a file of the Python engine is missing or damaged.",
      stdlib: "The calculator could not load: the Python library file is missing or damaged.",
      package: "The calculator could not load: the rules file is missing or damaged.",
      worker: "The calculator could not start on this browser.",
    },
    fatalHelp: "Check your connection and reload the page. Until then, use the rules written below.",
    status: { overdue: "Overdue", today: "Due today", upcoming: "Upcoming" },
    due: "Last day",
    noDate: "No fixed date",
    daysLeft: (n) => (n === 0 ? "Today is the last day" : n > 0 ? `${n} ${n === 1 ? "day" : "days"} left`
      : `${-n} ${n === -1 ? "day" : "days"} overdue`),
    sources: "Sources",
    notes: "Good to know",
    rules: (d) => `Rules checked on ${d}. Today: `,
    fixErrors: "Please correct the fields marked below.",
    none: "No deadlines apply to these dates.",
    icsFile: "jol-deadlines.ics",
    remove: "Remove",
    stay: (i) => `Earlier stay ${i}`,
    forgotten: "Forgotten: nothing is stored on this phone.",
  },
  ru: {
    loading: "Калькулятор загружается…",
    runtime: "Загружается Python (движок калькулятора). Это нужно один раз; в следующий раз он откроется с телефона.",
    package: "Загружаются правила…",
    ready: "Калькулятор готов. Ваши данные не покидают телефон.",
    waiting: "Ещё загружается; результат появится через мгновение.",
    fatal: {
      runtime: "Калькулятор не загрузился: файл движка Python отсутствует или повреждён.",
      stdlib: "Калькулятор не загрузился: файл библиотеки Python отсутствует или повреждён.",
      package: "Калькулятор не загрузился: файл правил отсутствует или повреждён.",
      worker: "Калькулятор не может запуститься в этом браузере.",
    },
    fatalHelp: "Проверьте интернет и обновите страницу. А пока пользуйтесь правилами, написанными ниже.",
    status: { overdue: "Срок прошёл", today: "Срок сегодня", upcoming: "Предстоит" },
    due: "Последний день",
    noDate: "Без точной даты",
    daysLeft: (n) => (n === 0 ? "Сегодня последний день"
      : n > 0 ? `${ruPlural(n, "Остался", "Осталось", "Осталось")} ${n} ${ruPlural(n, "день", "дня", "дней")}`
        : `Просрочено на ${-n} ${ruPlural(-n, "день", "дня", "дней")}`),
    sources: "Источники",
    notes: "Полезно знать",
    rules: (d) => `Правила проверены ${d}. Сегодня: `,
    fixErrors: "Исправьте поля, отмеченные ниже.",
    none: "Для этих дат сроков нет.",
    icsFile: "jol-sroki.ics",
    remove: "Удалить",
    stay: (i) => `Прежний приезд ${i}`,
    forgotten: "Удалено: на телефоне ничего не сохранено.",
  },
  ky: {
    loading: "Эсептегич жүктөлүп жатат…",
    runtime: "Python (эсептегичти иштеткен программа) жүктөлүп жатат. Бул бир гана жолу болот: кийинки жолу ал кайра жүктөлбөйт, телефонуңуздан эле ачылат.",
    package: "Эрежелер жүктөлүп жатат…",
    ready: "Эсептегич даяр. Сиз жазган маалымат телефонуңуздан эч жакка кетпейт.",
    waiting: "Дагы эле жүктөлүп жатат; жыйынтык бир аздан кийин чыгат.",
    fatal: {
      runtime: "Эсептегич жүктөлгөн жок: Python программасынын бир файлы жок же бузулган.",
      stdlib: "Эсептегич жүктөлгөн жок: Python китепканасынын файлы жок же бузулган.",
      package: "Эсептегич жүктөлгөн жок: эрежелер файлы жок же бузулган.",
      worker: "Эсептегич бул браузерде иштей албайт.",
    },
    fatalHelp: "Интернетти текшерип, бетти кайра жүктөңүз. Азырынча мөөнөттөрдү төмөндөгү эрежелер боюнча эсептеңиз.",
    status: { overdue: "Мөөнөтү өтүп кеткен", today: "Мөөнөтү бүгүн бүтөт", upcoming: "Мөөнөтү келе элек" },
    due: "Акыркы күн",
    noDate: "Так күнү жок",
    daysLeft: (n) => (n === 0 ? "Бүгүн акыркы күн" : n > 0 ? `${n} күн калды` : `Мөөнөт өткөнүнө ${-n} күн болду`),
    sources: "Булактар",
    notes: "Билип коюңуз",
    rules: (d) => `Эрежелер ${d} текшерилген. Бүгүн: `,
    fixErrors: "Төмөндө белгиленген тилкелерди оңдоңуз.",
    none: "Бул даталар боюнча эч кандай мөөнөт жок.",
    icsFile: "jol-moonottor.ics",
    remove: "Өчүрүү",
    stay: (i) => `Мурунку ${i}-сапар`,
    forgotten: "Өчүрүлдү: бул телефондо эч нерсе калган жок.",
  },
};

const STORAGE_KEY = "jol-calculator";

// Kyrgyz case endings after the month, as migration_rules.dates.KYRGYZ_CASES: [back vowel, front vowel].
const KY_CASES = { nom: ["", ""], dat: ["на", "не"], abl: ["нан", "нен"], loc: ["нда", "нде"] };

export function formatDate(iso, lang, kyCase = "nom") {
  const [y, m, d] = iso.split("-").map(Number);
  const month = MONTHS[lang][m - 1];
  if (lang === "en") return `${d} ${month} ${y}`;
  if (lang === "ru") return `${d} ${month} ${y} года`;
  const [back, front] = KY_CASES[kyCase];
  return `${y}-жылдын ${d}-${month}${month.endsWith("и") ? front : back}`;
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
  const lang = root.dataset.lang in TEXT ? root.dataset.lang : "ky";
  const t = TEXT[lang];
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
    setStatus(`${t.fatal[what] || t.fatal.runtime} ${t.fatalHelp}`, "fatal");
    console.error("Jol calculator:", what, detail);
    for (const { reject } of pending.values()) reject(new Error(what));
    pending.clear();
  };

  setStatus(t.loading, "loading");
  performance.mark("jol-calc-script");
  // When the site's service worker controls the page, its <head> has already started the worker while the page was
  // loading, and kept the worker's messages until now (hooks/calculator_assets.py, EARLY_START); the worker is told
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
      row.querySelector("legend").textContent = t.stay(i + 1);
      for (const input of row.querySelectorAll("input")) {
        const part = input.dataset.part;
        input.id = `calc-stay-${i}-${part}`;
        input.closest("[data-part-field]").dataset.field = `previous_stays[${i}].${part}`;
        input.closest("[data-part-field]").querySelector("label").htmlFor = input.id;
      }
    });
  };
  const addStay = (values = {}) => {
    const row = rowTemplate.content.firstElementChild.cloneNode(true);
    for (const input of row.querySelectorAll("input")) input.value = values[input.dataset.part] || "";
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

  // --- reading the form ----------------------------------------------------------------------------------------
  const value = (name) => form.elements[name]?.value || "";
  const readInputs = () => ({
    entry_date: value("entry_date"),
    purpose: value("purpose"),
    birth_date: value("birth_date"),
    planned_exit: value("planned_exit"),
    region: form.querySelector('input[name="region"]:checked')?.value || "other",
    family_member_of_worker: form.elements.family_member_of_worker.checked,
    contract_start: value("contract_start"),
    contract_end: value("contract_end"),
    contract_terminated: value("contract_terminated"),
    previous_stays: [...stays.children].map((row) => ({
      entry: row.querySelector('[data-part="entry"]').value,
      exit: row.querySelector('[data-part="exit"]').value,
    })),
  });
  const toRequest = (inputs) => {
    const request = {
      entry_date: inputs.entry_date,
      purpose: inputs.purpose,
      today: localToday(),
      region: inputs.region,
      lang,
      family_member_of_worker: inputs.family_member_of_worker,
      previous_stays: inputs.previous_stays,
    };
    if (inputs.birth_date) request.birth_date = inputs.birth_date;
    if (inputs.planned_exit) request.planned_exit = inputs.planned_exit;
    if (inputs.contract_start || inputs.contract_end || inputs.contract_terminated) {
      request.contract = {
        start: inputs.contract_start,
        end: inputs.contract_end || null,
        terminated: inputs.contract_terminated || null,
      };
    }
    return request;
  };
  const writeInputs = (inputs) => {
    for (const name of ["entry_date", "purpose", "birth_date", "planned_exit", "contract_start", "contract_end",
      "contract_terminated"]) {
      if (typeof inputs[name] === "string" && form.elements[name]) form.elements[name].value = inputs[name];
    }
    form.elements.family_member_of_worker.checked = Boolean(inputs.family_member_of_worker);
    const region = form.querySelector(`input[name="region"][value="${inputs.region === "moscow" ? "moscow" : "other"}"]`);
    if (region) region.checked = true;
    stays.replaceChildren();
    for (const stay of inputs.previous_stays || []) addStay(stay);
  };

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
    if (remember.checked) storage.setItem(STORAGE_KEY, JSON.stringify(readInputs()));
  };
  const showForget = () => {
    forget.hidden = !(remember.checked || (storage && storage.getItem(STORAGE_KEY)));
  };
  if (storage) {
    const stored = storage.getItem(STORAGE_KEY);
    if (stored) {
      try {
        writeInputs(JSON.parse(stored));
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
    if (remember.checked) save();
    else storage?.removeItem(STORAGE_KEY);
    showForget();
  });
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  forget.addEventListener("click", () => {
    storage?.removeItem(STORAGE_KEY);
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
    const general = el("div", { class: "calc-error calc-error-general", role: "alert" }, el("p", { text: t.fixErrors }));
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
  const render = (response, today) => {
    result.replaceChildren();
    result.hidden = false;
    result.append(el("p", { class: "calc-meta" }, t.rules(formatDate(response.rules_version, lang, "loc")),
      el("strong", { text: formatDate(today, lang) })));
    if (response.deadlines.length === 0) result.append(el("p", { text: t.none }));
    const list = el("ol", { class: "calc-checklist" });
    for (const item of response.deadlines) {
      const sources = el("ul", { class: "calc-sources" });
      for (const source of item.sources) {
        sources.append(el("li", {}, el("a", { href: source.url, rel: "noopener noreferrer", text: source.title })));
      }
      const when = item.due
        ? [el("span", { class: "calc-due-label", text: `${t.due}: ` }),
          el("time", { class: "calc-due", datetime: item.due, text: formatDate(item.due, lang) }),
          el("span", { class: "calc-days", text: ` — ${t.daysLeft(item.days_left)}` })]
        : [el("span", { class: "calc-due calc-no-date", text: t.noDate })];
      list.append(el("li", { class: `calc-item calc-${item.status}`, "data-id": item.id },
        el("h2", { text: item.title }),
        el("p", { class: "calc-when" }, el("span", { class: "calc-badge", text: t.status[item.status] }), " ", ...when),
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
    const request = toRequest(readInputs());
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
      render(response, request.today);
    }
  });

  root.querySelector("#calc-ics").addEventListener("click", async () => {
    if (!lastResponse) return;
    const text = await ask({ type: "ics", response: lastResponse, lang });
    const url = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
    const link = el("a", { href: url, download: t.icsFile });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });
  root.querySelector("#calc-print").addEventListener("click", () => window.print());
}
