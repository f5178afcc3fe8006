// The page of jixiao serve in headless Chromium, as a person would use it:
// upload a sample, see its findings, sort and filter them, download the
// fixed and the annotated workbook, switch to English, narrow the window,
// and see a bad file refused with the command line's message.  Run by
// test_browser.sh, which starts the server and checks the downloads with
// the CLI.  Prints "N passed, N failed".
//
// Environment: JX_URL (the server), JX_SAMPLE (a workbook), JX_FINDINGS
// (its findings, as validate --json prints them, zh), JX_FINDINGS_EN (en),
// JX_BAD (a file that is no workbook) and JX_BAD_LINE (what the CLI says
// of it), JX_OUT (a folder for downloads and screenshots).
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const env = (k) => {
  if (!process.env[k]) throw new Error(`${k} is not set`);
  return process.env[k];
};
const url = env("JX_URL");
const sample = env("JX_SAMPLE");
const out = env("JX_OUT");
const findings = JSON.parse(fs.readFileSync(env("JX_FINDINGS"), "utf8")).findings;
const findingsEn = JSON.parse(fs.readFileSync(env("JX_FINDINGS_EN"), "utf8")).findings;
const origin = new URL(url).origin;

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) passed++;
  else {
    failed++;
    console.error(`FAIL: ${name}${detail !== undefined ? ` (${detail})` : ""}`);
  }
}

const count = (sev) => findings.filter((f) => f.severity === sev).length;
const cellKey = (ref) => {
  const m = /^([A-Z]+)(\d+)$/.exec(ref || "");
  if (!m) return -1;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return Number(m[2]) * 20000 + col;
};

// whether the first card is checked and lists a finding with this message
const shows = (message) => !!document.querySelector(".card .status.ok") &&
  [...document.querySelectorAll(".card:first-child .c-message")].some((td) => td.firstChild.textContent === message);

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const outside = [];
  const errors = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) outside.push(r.url());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  // the bad file's 422 is logged by Chromium as a failed load; it is expected
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().includes("status of 422")) errors.push(m.text());
  });

  // the page, in Chinese
  await page.goto(url);
  check("title in Chinese", (await page.title()).startsWith("绩效目标表检查"), await page.title());
  check("html lang zh-CN", (await page.getAttribute("html", "lang")) === "zh-CN");
  check("drop zone says what to do", (await page.textContent("#drop")).includes("拖到这里"));

  // upload a sample: its card, the templates found, the findings
  await page.setInputFiles("#pick", sample);
  const card = page.locator(".card").first();
  await card.locator(".status.ok").waitFor({ timeout: 30000 });
  check("card names the file", (await card.locator(".name").textContent()) === path.basename(sample));
  check("status says checked", (await card.locator(".status").textContent()) === "校验完成");
  const rows = card.locator("table.findings tbody tr");
  check("one row per finding", (await rows.count()) === findings.length, `${await rows.count()} vs ${findings.length}`);
  const templates = await (await fetch(url + "api/templates")).json();
  const templateText = await card.locator(".templates").textContent();
  check("templates found, by Chinese title",
    templateText.includes("项目支出绩效目标申报表（安徽 金寨）") && templateText.startsWith("识别为"), templateText);
  check("error chip counts", (await card.locator(".chip.sev-error").textContent()) === `错误 ${count("error")}`);
  check("warning chip counts", (await card.locator(".chip.sev-warning").textContent()) === `警告 ${count("warning")}`);
  check("info chip counts", (await card.locator(".chip.sev-info").textContent()) === `提示 ${count("info")}`);
  // the rows as the server listed them, cell by cell
  const shown = await rows.evaluateAll((trs) => trs.map((tr) => ({
    sheet: tr.querySelector(".c-sheet").textContent,
    cell: tr.querySelector(".c-cell").textContent,
    sev: tr.querySelector(".badge").textContent,
    message: tr.querySelector(".c-message").firstChild.textContent,
    rule: tr.querySelector(".rule").textContent,
    fix: tr.querySelector(".c-fix").textContent,
  })));
  const sevWord = { error: "错误", warning: "警告", info: "提示" };
  const same = findings.every((f, i) => shown[i] && shown[i].sheet === f.sheet && shown[i].cell === (f.cell || "—") &&
    shown[i].sev === sevWord[f.severity] && shown[i].message === f.message && shown[i].rule === f.rule &&
    shown[i].fix === (f.fix || "—"));
  check("every finding shown: sheet, cell, severity, message, rule, fix", same);

  // filter by severity, by text, by a chip
  await card.locator(".sev-filter").selectOption("error");
  check("severity filter", (await rows.count()) === count("error"));
  check("severity filter: only errors",
    (await rows.locator(".badge").allTextContents()).every((t) => t === "错误"));
  await card.locator(".sev-filter").selectOption("");
  await card.locator(".text-filter").fill("target.truncated");
  const truncated = findings.filter((f) => f.rule === "target.truncated").length;
  check("text filter", truncated > 0 && (await rows.count()) === truncated, await rows.count());
  check("shown count", (await card.locator(".shown").textContent()) === `显示 ${truncated} / ${findings.length} 条`);
  await card.locator(".text-filter").fill("");
  await card.locator(".chip.sev-warning").click();
  check("chip filters", (await rows.count()) === count("warning"));
  await card.locator(".chip.sev-warning").click();
  check("chip again: all", (await rows.count()) === findings.length);

  // sort by cell, both ways, and by severity
  const cells = findings.map((f) => f.cell);
  const cellTh = card.locator('th[data-key="cell"]');
  await cellTh.locator("button").click();
  const asc = await rows.locator(".c-cell").allTextContents();
  check("sort by cell ascending", asc.every((c, i) => i === 0 || cellKey(asc[i - 1]) <= cellKey(c)) &&
    asc[0] === cells.reduce((a, b) => (cellKey(b) < cellKey(a) ? b : a)));
  check("aria-sort ascending", (await cellTh.getAttribute("aria-sort")) === "ascending");
  await cellTh.locator("button").click();
  const desc = await rows.locator(".c-cell").allTextContents();
  check("sort by cell descending", desc.every((c, i) => i === 0 || cellKey(desc[i - 1]) >= cellKey(c)));
  await card.locator('th[data-key="severity"] button').click();
  const sevs = await rows.locator(".badge").allTextContents();
  check("sort by severity: errors first", sevs.slice(0, count("error")).every((t) => t === "错误") &&
    sevs[sevs.length - 1] === "提示");

  // the target-template choice: the sample's kind, by Chinese title
  const options = await card.locator("select.target option").evaluateAll((os) =>
    os.filter((o) => o.value).map((o) => [o.value, o.textContent]));
  const projects = templates.filter((t) => t.kind === "project");
  check("convert choice: the templates of the form's kind",
    JSON.stringify(options.map((o) => o[0])) === JSON.stringify(projects.map((t) => t.id)), JSON.stringify(options));
  check("convert choice: Chinese titles",
    options.every(([id, text]) => { const t = templates.find((x) => x.id === id); return text === `${t.title}（${t.region}）`; }));
  check("convert button waits for a choice", await card.locator("button.convert").isDisabled());

  // download the fixed workbook, then the annotated one
  const stem = path.basename(sample, ".xlsx");
  let [download] = await Promise.all([page.waitForEvent("download"), card.locator("button.fix").click()]);
  check("fixed workbook's name", download.suggestedFilename() === `${stem}-修正.xlsx`, download.suggestedFilename());
  await download.saveAs(path.join(out, "fixed.xlsx"));
  await card.locator(".action-line.ok").waitFor();
  const fixedLine = await card.locator(".action-line").textContent();
  check("says what was fixed and what is left", /^已下载 .*：修正 \d+ 处；仍需人工处理 \d+ 个错误/.test(fixedLine), fixedLine);
  fs.writeFileSync(path.join(out, "fixed-line.txt"), fixedLine);
  [download] = await Promise.all([page.waitForEvent("download"), card.locator("button.annotate").click()]);
  check("annotated workbook's name", download.suggestedFilename() === `${stem}-标注.xlsx`);
  await download.saveAs(path.join(out, "annotated.xlsx"));
  await page.waitForFunction(() => document.querySelector(".card .action-line").textContent.includes("校验结果"));

  // convert into 金寨's template, chosen by its title
  await card.locator("select.target").selectOption("jinzhai-project");
  check("convert button enabled once a template is chosen", await card.locator("button.convert").isEnabled());
  [download] = await Promise.all([page.waitForEvent("download"), card.locator("button.convert").click()]);
  check("converted workbook's name", download.suggestedFilename() === `${stem}-jinzhai-project.xlsx`,
    download.suggestedFilename());
  await download.saveAs(path.join(out, "converted.xlsx"));

  await page.screenshot({ path: path.join(out, "serve-laptop.png") });

  // English: the words, and findings asked for again in English
  await page.click('[data-lang="en"]');
  check("title in English", (await page.title()).startsWith("Performance target tables"));
  check("html lang en", (await page.getAttribute("html", "lang")) === "en");
  await page.waitForFunction(shows, findingsEn[0].message, { timeout: 30000 });
  check("findings in English", (await rows.count()) === findingsEn.length);
  check("headers in English", (await card.locator('th[data-key="severity"]').textContent()).includes("Severity"));
  check("buttons in English", (await card.locator("button.fix").textContent()) === "Download the fixed workbook");
  [download] = await Promise.all([page.waitForEvent("download"), card.locator("button.fix").click()]);
  check("fixed workbook's name in English", download.suggestedFilename() === `${stem}-fixed.xlsx`);
  await page.click('[data-lang="zh"]');
  await page.waitForFunction(shows, findings[0].message, { timeout: 30000 });
  check("back to Chinese", (await card.locator(".status").textContent()) === "校验完成");

  // a narrow window: nothing wider than the window, every action there
  await page.setViewportSize({ width: 390, height: 844 });
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  check("narrow: no sideways scrolling", widths[0] <= widths[1], widths.join(" > "));
  check("narrow: the fix button is on screen", await card.locator("button.fix").isVisible());
  const box = await card.locator("button.fix").boundingBox();
  check("narrow: the fix button fits", box && box.x >= 0 && box.x + box.width <= 390);
  check("narrow: sorting still offered", await card.locator('th[data-key="cell"] button').isVisible());
  // down to the first findings, which are blocks at this width
  await page.screenshot({ path: path.join(out, "serve-narrow.png"), fullPage: true,
    clip: { x: 0, y: 0, width: 390, height: 1500 } });
  await page.setViewportSize({ width: 1280, height: 800 });

  // a file that is no workbook: the command line's line, in the card
  await page.setInputFiles("#pick", env("JX_BAD"));
  const bad = page.locator(".card").first();
  await bad.locator(".status.bad").waitFor({ timeout: 30000 });
  check("bad file: its own card", (await bad.locator(".name").textContent()) === path.basename(env("JX_BAD")));
  check("bad file: the CLI's message", (await bad.locator(".error-line").textContent()) === env("JX_BAD_LINE"),
    await bad.locator(".error-line").textContent());
  check("the sample's card stays", (await page.locator(".card").count()) === 2);

  check("nothing fetched from elsewhere", outside.length === 0, outside.join(" "));
  check("no script error", errors.length === 0, errors.join(" | "));
} catch (e) {
  check("the page did what was asked", false, e.message.split("\n")[0]);
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
