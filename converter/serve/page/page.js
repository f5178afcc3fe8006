/*
 * page.js - the page of `jixiao serve`: files in, findings and workbooks
 * out.  Plain JavaScript, nothing fetched from elsewhere.  The server
 * keeps nothing between requests, so every action sends the file again.
 * Endpoints: docs/serve.md.
 */
"use strict";

(function () {
  const WORDS = {
    zh: {
      pageTitle: "绩效目标表检查 · jixiao",
      title: "绩效目标表检查",
      subtitle: "按财预〔2020〕10号、〔2021〕101号和算术逐格校验，修正能确定正确写法的问题",
      dropHint: "把 Excel 工作簿（.xlsx）拖到这里",
      or: "或",
      choose: "选择文件",
      privacy: "文件只发送到运行 jixiao 的这台服务器，处理完立即删除；原文件不会被修改。",
      footer: "修正只改能确定正确写法的单元格，其余原样保留；需要人工判断的问题只列出来。",
      remove: "移除",
      waiting: "等待中",
      uploading: "正在上传 {n}%",
      checking: "正在校验……",
      done: "校验完成",
      failed: "无法处理",
      network: "无法连接服务器（jixiao serve 是否仍在运行？）",
      recognised: "识别为",
      sheetsOf: "{title}（{region}）：{sheets}",
      templateOption: "{title}（{region}）",
      unknownSheets: "未识别的工作表：{sheets}",
      listSep: "、",
      errors: "错误 {n}",
      warnings: "警告 {n}",
      infos: "提示 {n}",
      downloadFixed: "下载修正后的工作簿",
      downloadAnnotated: "下载标注问题的工作簿",
      convertTo: "转换为",
      chooseTarget: "选择目标模板……",
      convert: "转换并下载",
      preparing: "正在生成 {what}……",
      whatFixed: "修正后的工作簿",
      whatAnnotated: "标注问题的工作簿",
      whatConverted: "转换后的工作簿",
      fixedLine: "已下载 {name}：修正 {changed} 处；仍需人工处理 {errors} 个错误、{warnings} 个警告、{infos} 个提示。",
      annotatedLine: "已下载 {name}：有问题的单元格加了批注和底色，末尾的“校验结果”工作表逐条列出。",
      savedLine: "已下载 {name}。",
      severity: "严重程度",
      all: "全部",
      sevError: "错误",
      sevWarning: "警告",
      sevInfo: "提示",
      filter: "筛选",
      filterHint: "工作表、单元格、说明……",
      shown: "显示 {n} / {m} 条",
      sheet: "工作表",
      cell: "单元格",
      severityCol: "严重程度",
      message: "说明",
      fix: "建议改为",
      noFindings: "未发现问题",
      noMatch: "没有符合筛选条件的问题",
      kind_project: "项目支出",
      kind_department: "部门整体",
      kind_budget: "预算表",
      templatesFailed: "无法读取模板列表：{msg}"
    },
    en: {
      pageTitle: "Performance target tables · jixiao",
      title: "Performance target table check",
      subtitle: "Checked cell by cell against 财预〔2020〕10号, 〔2021〕101号 and the arithmetic; what has a certain fix is fixed",
      dropHint: "Drop Excel workbooks (.xlsx) here",
      or: "or",
      choose: "Choose files",
      privacy: "Files go only to the server running jixiao and are deleted as soon as they are processed; your originals are never changed.",
      footer: "Fixing changes only cells whose correct text is certain and leaves everything else as it is; what needs a person is only listed.",
      remove: "Remove",
      waiting: "Waiting",
      uploading: "Uploading {n}%",
      checking: "Checking…",
      done: "Checked",
      failed: "Could not be processed",
      network: "Cannot reach the server (is jixiao serve still running?)",
      recognised: "Recognised as",
      sheetsOf: "{title} ({region}): {sheets}",
      templateOption: "{title} ({region})",
      unknownSheets: "Sheets not recognised: {sheets}",
      listSep: ", ",
      errors: "{n} errors",
      warnings: "{n} warnings",
      infos: "{n} infos",
      downloadFixed: "Download the fixed workbook",
      downloadAnnotated: "Download with findings marked",
      convertTo: "Convert to",
      chooseTarget: "Choose a template…",
      convert: "Convert and download",
      preparing: "Preparing the {what}…",
      whatFixed: "fixed workbook",
      whatAnnotated: "annotated workbook",
      whatConverted: "converted workbook",
      fixedLine: "Downloaded {name}: {changed} cells fixed; left for a person: {errors} errors, {warnings} warnings, {infos} infos.",
      annotatedLine: "Downloaded {name}: cells with findings have a comment and a fill; the 校验结果 sheet at the end lists them all.",
      savedLine: "Downloaded {name}.",
      severity: "Severity",
      all: "All",
      sevError: "Error",
      sevWarning: "Warning",
      sevInfo: "Info",
      filter: "Filter",
      filterHint: "sheet, cell, message…",
      shown: "Showing {n} of {m}",
      sheet: "Sheet",
      cell: "Cell",
      severityCol: "Severity",
      message: "Message",
      fix: "Fix",
      noFindings: "No findings",
      noMatch: "No finding matches the filter",
      kind_project: "Project",
      kind_department: "Department",
      kind_budget: "Budget table",
      templatesFailed: "Cannot read the template list: {msg}"
    }
  };
  const SEV_RANK = { error: 0, warning: 1, info: 2 };
  const SEV_WORD = { error: "sevError", warning: "sevWarning", info: "sevInfo" };
  const AT_ONCE = 2; /* files checked at the same time */

  let lang = "zh";
  try {
    if (localStorage.getItem("jixiao.lang") === "en") lang = "en";
  } catch (e) { /* storage may be off; Chinese then */ }
  let templates = [];
  const cards = [];
  const queue = [];
  let running = 0;

  function t(key, vars) {
    let s = WORDS[lang][key];
    if (s === undefined) s = key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
    return s;
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* ---- talking to the server ---- */

  /* POST one file; resolves {status, blob, header(name)}; rejects only
   * when the server cannot be reached. */
  function post(url, file, onUpload) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.responseType = "blob";
      if (onUpload) {
        xhr.upload.onprogress = (e) => { if (e.lengthComputable) onUpload(e.loaded / e.total); };
        xhr.upload.onload = () => onUpload(1);
      }
      xhr.onload = () => resolve({
        status: xhr.status,
        blob: xhr.response,
        header: (name) => xhr.getResponseHeader(name)
      });
      xhr.onerror = () => reject(new Error(t("network")));
      const form = new FormData();
      form.append("file", file, file.name);
      xhr.send(form);
    });
  }

  function withQuery(path, params) {
    const q = new URLSearchParams(Object.assign({ lang: lang }, params || {}));
    return path + "?" + q.toString();
  }

  function downloadName(header, fallback) {
    const m = /filename\*=UTF-8''([^;]+)/i.exec(header || "");
    if (m) {
      try { return decodeURIComponent(m[1]); } catch (e) { /* fall through */ }
    }
    return fallback;
  }

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  /* ---- templates (for the forms found and the convert choice) ---- */

  function templateById(id) {
    return templates.find((x) => x.id === id);
  }

  function fillTargets(card) {
    const select = card.el.querySelector("select.target");
    const keep = select.value;
    select.textContent = "";
    const first = el("option", "", t("chooseTarget"));
    first.value = "";
    select.appendChild(first);
    /* a form converts only to a template of its own kind */
    const kinds = new Set();
    for (const f of card.forms || []) {
      const tp = f.template && templateById(f.template);
      if (tp) kinds.add(tp.kind);
    }
    const groups = new Map();
    for (const tp of templates) {
      if (kinds.size && !kinds.has(tp.kind)) continue;
      if (!groups.has(tp.kind)) {
        const g = document.createElement("optgroup");
        g.label = t("kind_" + tp.kind);
        groups.set(tp.kind, g);
        select.appendChild(g);
      }
      const o = el("option", "", t("templateOption", { title: tp.title, region: tp.region }));
      o.value = tp.id;
      groups.get(tp.kind).appendChild(o);
    }
    select.value = keep;
    if (select.value !== keep) select.value = "";
    card.el.querySelector("button.convert").disabled = !select.value;
  }

  async function loadTemplates() {
    const box = document.getElementById("load-error");
    try {
      const r = await fetch(withQuery("api/templates"));
      if (!r.ok) throw new Error((await r.text()).trim());
      templates = await r.json();
      box.hidden = true;
    } catch (e) {
      box.textContent = t("templatesFailed", { msg: e.message });
      box.hidden = false;
    }
    for (const c of cards) {
      fillTargets(c);
      renderResult(c);
    }
  }

  /* ---- one card per file ---- */

  function setStatus(card, key, vars, cls) {
    const s = card.el.querySelector(".status");
    card.statusKey = key;
    card.statusVars = vars;
    card.statusCls = cls;
    s.textContent = t(key, vars);
    s.className = "status" + (cls ? " " + cls : "");
  }

  function setProgress(card, fraction) {
    const p = card.el.querySelector(".progress");
    const bar = p.firstElementChild;
    if (fraction === null) {
      p.hidden = true;
      return;
    }
    p.hidden = false;
    p.classList.toggle("busy", fraction === undefined);
    bar.style.width = fraction === undefined ? "" : Math.round(fraction * 100) + "%";
  }

  function addFile(file) {
    const node = document.getElementById("card").content.firstElementChild.cloneNode(true);
    const card = { file: file, el: node, data: null, forms: [], sort: null, sev: "", text: "", lang: lang };
    node.querySelector(".name").textContent = file.name;
    translate(node);
    node.querySelector(".remove").addEventListener("click", () => {
      if (card.xhrAbort) card.xhrAbort();
      node.remove();
      cards.splice(cards.indexOf(card), 1);
    });
    node.querySelector("button.fix").addEventListener("click", (e) =>
      fetchWorkbook(card, e.currentTarget, "api/fix", {}, "whatFixed"));
    node.querySelector("button.annotate").addEventListener("click", (e) =>
      fetchWorkbook(card, e.currentTarget, "api/fix", { annotate: "1" }, "whatAnnotated"));
    node.querySelector("button.convert").addEventListener("click", (e) => {
      const to = node.querySelector("select.target").value;
      if (to) fetchWorkbook(card, e.currentTarget, "api/convert", { to: to }, "whatConverted");
    });
    node.querySelector("select.target").addEventListener("change", (e) => {
      node.querySelector("button.convert").disabled = !e.currentTarget.value;
    });
    node.querySelector(".sev-filter").addEventListener("change", (e) => {
      card.sev = e.currentTarget.value;
      renderRows(card);
    });
    node.querySelector(".text-filter").addEventListener("input", (e) => {
      card.text = e.currentTarget.value;
      renderRows(card);
    });
    for (const chip of node.querySelectorAll(".chip")) {
      chip.addEventListener("click", () => {
        card.sev = card.sev === chip.dataset.sev ? "" : chip.dataset.sev;
        node.querySelector(".sev-filter").value = card.sev;
        renderRows(card);
      });
    }
    for (const th of node.querySelectorAll("th[data-key]")) {
      th.querySelector("button").addEventListener("click", () => {
        const key = th.dataset.key;
        card.sort = card.sort && card.sort.key === key
          ? { key: key, dir: -card.sort.dir }
          : { key: key, dir: 1 };
        renderRows(card);
      });
    }
    cards.push(card);
    document.getElementById("files").prepend(node);
    fillTargets(card);
    enqueue(card);
  }

  function enqueue(card) {
    if (queue.includes(card)) return;
    setStatus(card, "waiting");
    queue.push(card);
    pump();
  }

  function pump() {
    while (running < AT_ONCE && queue.length) {
      const card = queue.shift();
      if (!card.el.isConnected) continue;
      running++;
      validate(card).finally(() => {
        running--;
        /* the language changed while it ran: check again in the new one */
        if (card.lang !== lang && card.el.isConnected) enqueue(card);
        pump();
      });
    }
  }

  async function validate(card) {
    card.lang = lang;
    card.busy = true;
    const errLine = card.el.querySelector(".error-line");
    errLine.hidden = true;
    setStatus(card, "uploading", { n: 0 });
    setProgress(card, 0);
    try {
      const r = await post(withQuery("api/validate"), card.file, (f) => {
        if (f < 1) {
          setStatus(card, "uploading", { n: Math.round(f * 100) });
          setProgress(card, f);
        } else {
          setStatus(card, "checking");
          setProgress(card, undefined);
        }
      });
      const text = await r.blob.text();
      if (r.status !== 200) throw new Error(text.trim());
      card.data = JSON.parse(text);
      try {
        card.forms = JSON.parse(r.header("X-Jixiao-Forms") || "[]");
      } catch (e) {
        card.forms = [];
      }
      setStatus(card, "done", null, "ok");
      fillTargets(card);
      renderResult(card);
    } catch (e) {
      card.data = null;
      setStatus(card, "failed", null, "bad");
      errLine.textContent = e.message;
      errLine.hidden = false;
      card.el.querySelector(".result").hidden = true;
    } finally {
      setProgress(card, null);
      card.busy = false;
    }
  }

  /* the line under the buttons; kept as words and values, so that it
   * follows a change of language */
  function setAction(card, action) {
    card.action = action;
    const line = card.el.querySelector(".action-line");
    line.hidden = !action;
    if (!action) return;
    line.className = "action-line" + (action.cls ? " " + action.cls : "");
    line.textContent = action.text !== undefined ? action.text
      : t(action.key, Object.assign({}, action.vars, action.what ? { what: t(action.what) } : {}));
  }

  async function fetchWorkbook(card, button, path, params, what) {
    const buttons = card.el.querySelectorAll(".actions button");
    for (const b of buttons) b.disabled = true;
    button.classList.add("working");
    setAction(card, { key: "preparing", what: what });
    try {
      const r = await post(withQuery(path, params), card.file);
      if (r.status !== 200) throw new Error((await r.blob.text()).trim());
      const name = downloadName(r.header("Content-Disposition"), card.file.name);
      save(r.blob, name);
      if (what === "whatFixed") {
        const left = (r.header("X-Jixiao-Left") || "0,0,0").split(",");
        setAction(card, { key: "fixedLine", cls: "ok", vars: {
          name: name, changed: r.header("X-Jixiao-Changed") || "0",
          errors: left[0], warnings: left[1], infos: left[2]
        } });
      } else {
        setAction(card, { key: what === "whatAnnotated" ? "annotatedLine" : "savedLine", cls: "ok", vars: { name: name } });
      }
    } catch (e) {
      setAction(card, { text: e.message, cls: "bad" });
    } finally {
      button.classList.remove("working");
      for (const b of buttons) b.disabled = false;
      card.el.querySelector("button.convert").disabled = !card.el.querySelector("select.target").value;
    }
  }

  /* ---- the findings ---- */

  function cellKey(ref) {
    const m = /^([A-Z]+)(\d+)$/.exec(ref || "");
    if (!m) return -1;
    let col = 0;
    for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
    return Number(m[2]) * 20000 + col;
  }

  function compare(key) {
    switch (key) {
      case "cell": return (a, b) => cellKey(a.cell) - cellKey(b.cell);
      case "severity": return (a, b) => SEV_RANK[a.severity] - SEV_RANK[b.severity];
      default: return (a, b) => String(a[key] || "").localeCompare(String(b[key] || ""), "zh-CN");
    }
  }

  function renderResult(card) {
    if (!card.data) return;
    const node = card.el;
    node.querySelector(".result").hidden = false;
    /* the forms found, grouped by template */
    const box = node.querySelector(".templates");
    box.textContent = "";
    const byTemplate = new Map();
    const unknown = [];
    for (const f of card.forms) {
      if (!f.template) { unknown.push(f.sheet); continue; }
      if (!byTemplate.has(f.template)) byTemplate.set(f.template, []);
      byTemplate.get(f.template).push(f.sheet);
    }
    for (const [id, sheets] of byTemplate) {
      const tp = templateById(id) || { title: id, region: "" };
      const p = el("span", "template");
      p.appendChild(el("strong", "", t("recognised") + " "));
      p.appendChild(document.createTextNode(
        t("sheetsOf", { title: tp.title, region: tp.region, sheets: sheets.join(t("listSep")) })));
      p.title = id;
      box.appendChild(p);
    }
    if (unknown.length) box.appendChild(el("span", "template unknown",
      t("unknownSheets", { sheets: unknown.join(t("listSep")) })));
    const count = { error: 0, warning: 0, info: 0 };
    for (const f of card.data.findings) count[f.severity]++;
    for (const chip of node.querySelectorAll(".chip")) {
      const sev = chip.dataset.sev;
      chip.textContent = t(sev === "error" ? "errors" : sev === "warning" ? "warnings" : "infos", { n: count[sev] });
    }
    renderRows(card);
  }

  function renderRows(card) {
    if (!card.data) return;
    const node = card.el;
    const all = card.data.findings;
    const needle = card.text.trim().toLowerCase();
    let rows = all.filter((f) => {
      if (card.sev && f.severity !== card.sev) return false;
      if (!needle) return true;
      return [f.sheet, f.cell, f.message, f.fix, f.rule, t(SEV_WORD[f.severity])]
        .some((v) => v && String(v).toLowerCase().includes(needle));
    });
    if (card.sort) {
      const cmp = compare(card.sort.key);
      const dir = card.sort.dir;
      rows = rows.map((f, i) => [f, i]).sort((a, b) => dir * cmp(a[0], b[0]) || a[1] - b[1]).map((x) => x[0]);
    }
    for (const th of node.querySelectorAll("th[data-key]")) {
      const on = card.sort && card.sort.key === th.dataset.key;
      th.setAttribute("aria-sort", on ? (card.sort.dir > 0 ? "ascending" : "descending") : "none");
    }
    for (const chip of node.querySelectorAll(".chip")) chip.setAttribute("aria-pressed", String(card.sev === chip.dataset.sev));
    const tbody = node.querySelector("tbody");
    tbody.textContent = "";
    const frag = document.createDocumentFragment();
    for (const f of rows) {
      const tr = el("tr", "sev-" + f.severity);
      const cells = [
        ["sheet", f.sheet || "—"],
        ["cell", f.cell || "—"],
        ["severity", t(SEV_WORD[f.severity])],
        ["message", f.message],
        ["fix", f.fix || "—"]
      ];
      for (const [key, text] of cells) {
        const td = el("td", "c-" + key);
        td.dataset.label = t(key === "severity" ? "severityCol" : key);
        if (key === "severity") td.appendChild(el("span", "badge sev-" + f.severity, text));
        else td.appendChild(document.createTextNode(text));
        if (key === "message") td.appendChild(el("span", "rule", f.rule));
        tr.appendChild(td);
      }
      frag.appendChild(tr);
    }
    tbody.appendChild(frag);
    node.querySelector(".table-wrap").hidden = all.length === 0 || rows.length === 0;
    const empty = node.querySelector(".empty");
    empty.hidden = rows.length > 0;
    empty.textContent = all.length ? t("noMatch") : t("noFindings");
    node.querySelector(".filters").hidden = all.length === 0;
    node.querySelector(".shown").textContent = t("shown", { n: rows.length, m: all.length });
  }

  /* ---- language ---- */

  function translate(root) {
    for (const e of root.querySelectorAll("[data-t]")) e.textContent = t(e.dataset.t);
    for (const e of root.querySelectorAll("[data-t-placeholder]")) e.placeholder = t(e.dataset.tPlaceholder);
  }

  function setLang(next) {
    lang = next;
    try { localStorage.setItem("jixiao.lang", lang); } catch (e) { /* not kept then */ }
    document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
    document.title = t("pageTitle");
    translate(document);
    for (const b of document.querySelectorAll("[data-lang]")) b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
    for (const c of cards) {
      translate(c.el);
      if (c.statusKey) setStatus(c, c.statusKey, c.statusVars, c.statusCls);
      if (c.action) setAction(c, c.action);
      fillTargets(c);
      renderResult(c);
      /* findings come in the language asked for: check again */
      if (c.data && !c.busy && c.lang !== lang) enqueue(c);
    }
  }

  /* ---- start ---- */

  function start() {
    const drop = document.getElementById("drop");
    const pick = document.getElementById("pick");
    pick.addEventListener("change", () => {
      for (const f of pick.files) addFile(f);
      pick.value = "";
    });
    /* a file dropped anywhere is taken, never opened by the browser */
    window.addEventListener("dragover", (e) => e.preventDefault());
    window.addEventListener("drop", (e) => e.preventDefault());
    drop.addEventListener("dragenter", (e) => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", (e) => {
      if (!drop.contains(e.relatedTarget)) drop.classList.remove("over");
    });
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      for (const f of e.dataTransfer.files) addFile(f);
    });
    for (const b of document.querySelectorAll("[data-lang]")) b.addEventListener("click", () => setLang(b.dataset.lang));
    setLang(lang);
    loadTemplates();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
