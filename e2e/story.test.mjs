// The life of one phone complaint through the staff pages, in a real browser:
// clerk registers → leader reviews and assigns → handler acknowledges, records progress and
// submits the result → the office fails one criterion (the case returns) → the handler
// resubmits → the office closes and archives. A handler of another unit cannot open the case.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, signIn, step, keep } from "./harness.mjs";

let server;
let chrome;
before(async () => {
  server = await startServer();
  chrome = await launchBrowser();
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

const CRITERIA = [
  "facts_clear", "characterization_accurate", "handling_compliant",
  "procedures_complete", "complainant_met", "persuasion_assigned",
];

async function stateOf(page) {
  return page.locator("h1 + .status .state").getAttribute("data-state");
}

async function act(page, action, fill) {
  const details = page.locator(`#act-${action}`);
  if (await details.count()) {
    if (!(await details.evaluate((d) => d.open))) await details.locator("summary").click();
    await fill?.(details);
    await Promise.all([page.waitForURL(new RegExp(`done=${action}`)), details.locator("button[type=submit]").last().click()]);
  } else {
    await Promise.all([page.waitForURL(new RegExp(`done=${action}`)), page.click(`form[action$="/actions/${action}"] button`)]);
  }
}

async function submitResult(page, round) {
  await act(page, "submit_result", async (form) => {
    await form.locator("textarea[name=findings]").fill(`第${round}次核查：工地夜间施工属实，未办理夜间施工许可。`);
    await form.locator("textarea[name=handling]").fill(`第${round}次处理：已责令停工整改，并安排夜间巡查。`);
    await form.locator("input[name=complainant_met][value=yes]").check();
    await form.locator("textarea[name=reply]").fill("已上门向投诉人说明处理结果，投诉人表示认可。");
  });
}

test("a phone complaint from registration to archive (R1–R14)", async () => {
  const { browser } = chrome;
  const base = server.url;
  let caseUrl;
  let number;

  // R1–R3: the clerk registers a phone complaint; a missing phone number is refused inline.
  const clerk = await signIn(browser, base, "clerk");
  await step("register", clerk, async (page) => {
    await page.click("a[href='/complaints/new']");
    await page.selectOption("select[name=channel]", "phone");
    await page.selectOption("select[name=category]", "environment");
    await page.fill("input[name=title]", "工地夜间打桩噪音扰民");
    await page.fill("input[name='complainant.name']", "王秀英");
    await page.fill("input[name='complainant.address']", "幸福苑12号楼302室");
    await page.fill("textarea[name=problem]", "幸福路工地每天夜里十一点以后仍在打桩，噪音很大，老人孩子无法休息。");
    await page.fill("textarea[name=demands]", "要求夜间停止施工，依法查处。");
    await page.click("main button[type=submit]");
    const error = page.locator(".field-error[data-field='complainant.phone']");
    await error.waitFor();
    assert.match(await error.textContent(), /联系电话/);
    assert.equal(await page.inputValue("input[name=title]"), "工地夜间打桩噪音扰民", "what was typed is kept");
    assert.equal(await page.inputValue("select[name=channel]"), "phone");
    await keep(page, "registration");
    await page.fill("input[name='complainant.phone']", "13800138000");
    await Promise.all([page.waitForURL(/registered=1/), page.click("main button[type=submit]")]);
    number = (await page.textContent("h1 .number")).trim();
    assert.match(number, /^\d{4}-\d{6}$/);
    assert.match(await page.textContent(".banner"), new RegExp(number));
    assert.equal(await stateOf(page), "registered");
    caseUrl = new URL(page.url());
    caseUrl.search = "";
    // The printable handling form (投诉处理单).
    await page.goto(`${caseUrl.pathname}/print/form`);
    assert.match(await page.textContent("h1"), /投诉处理单/);
    assert.match(await page.textContent(".sheet"), new RegExp(number));
  });

  // R4, R8, R9: the leader reviews and assigns, previewing the due date first.
  const leader = await signIn(browser, base, "leader");
  await step("leader-review", leader, async (page) => {
    await page.waitForSelector("nav .count[data-todo]");
    await keep(page, "workbench");
    await page.click("nav a[href='/review']");
    await page.click(`text=${number}`);
    const form = page.locator("#act-review");
    await form.locator("textarea[name=opinion]").fill("请镇城管中队核查处理，两个月内报结果。");
    await form.locator("select[name=decision]").selectOption("assign");
    await form.locator("select[name=lead_unit]").selectOption({ label: "镇城管中队（职能部门）" });
    // Choosing the rule shows the due date at once (htmx); the button does it without script.
    await form.locator("select[name=deadline_rule]").selectOption("assigned");
    const preview = page.locator("#due-preview .due-preview");
    await preview.waitFor();
    assert.match(await preview.textContent(), /领导交办/);
    await form.locator("button[value=preview]").click();
    await preview.waitFor();
    assert.match(await preview.getAttribute("data-due"), /^\d{4}-\d{2}-\d{2}$/);
    await Promise.all([page.waitForURL(/done=review/), form.locator("button[value=confirm]").click()]);
    assert.equal(await stateOf(page), "dispatched");
    assert.match(await page.textContent("[data-lead-unit]"), /镇城管中队/);
  });

  // The handler acknowledges, records progress and submits the result (R12).
  const handler = await signIn(browser, base, "handler");
  await step("handler-first-round", handler, async (page) => {
    await page.click("nav a[href='/queue']");
    await page.click(`text=${number}`);
    await act(page, "acknowledge");
    assert.equal(await stateOf(page), "in_progress");
    await act(page, "record_progress", async (form) => {
      await form.locator("textarea[name=note]").fill("已到现场核查，施工单位承认夜间施工。");
    });
    assert.match(await page.textContent("main"), /已到现场核查/);
    await submitResult(page, 1);
    assert.equal(await stateOf(page), "result_submitted");
  });

  // R13: the office fails one criterion; a failure without a reason is refused inline first.
  const office = await signIn(browser, base, "office");
  await step("office-returns", office, async (page) => {
    await page.goto(caseUrl.pathname);
    const form = page.locator("#act-review_closure");
    for (const c of CRITERIA) {
      await form.locator(`input[name='verdict.${c}'][value=${c === "complainant_met" ? "fail" : "pass"}]`).check();
    }
    await form.locator("button[type=submit]").click();
    const error = page.locator(".field-error[data-field=complainant_met]");
    await error.waitFor();
    assert.ok(await page.locator("input[name='verdict.complainant_met'][value=fail]").isChecked(), "choices are kept");
    await keep(page, "case", { fullPage: false });
    await page.fill("input[name='comment.complainant_met']", "未附与投诉人见面的记录，请补充。");
    await Promise.all([page.waitForURL(/done=review_closure/), page.locator("#act-review_closure button[type=submit]").click()]);
    assert.equal(await stateOf(page), "returned");
  });

  await step("handler-resubmits", handler, async (page) => {
    await page.goto(caseUrl.pathname);
    await act(page, "acknowledge");
    await submitResult(page, 2);
    assert.equal(await stateOf(page), "result_submitted");
  });

  // R13, R14: all six pass, the case closes and is archived with a dossier number.
  await step("office-closes-and-archives", office, async (page) => {
    await page.goto(caseUrl.pathname);
    const form = page.locator("#act-review_closure");
    for (const c of CRITERIA) await form.locator(`input[name='verdict.${c}'][value=pass]`).check();
    await Promise.all([page.waitForURL(/done=review_closure/), form.locator("button[type=submit]").click()]);
    assert.equal(await stateOf(page), "closed");
    // R22: an assigned case is reported on in writing first; the form holds a draft from the
    // case record, which the office files as it stands.
    assert.equal(await page.locator(`form[action$="/actions/archive"]`).count(), 0, "no archive before the report");
    const draft = await page.inputValue("#act-file_report textarea[name=report]");
    assert.ok(draft.includes("特此报告。") && draft.includes("请镇城管中队核查处理"), draft);
    await act(page, "file_report");
    assert.ok((await page.textContent("[data-report]")).includes("特此报告。"));
    await act(page, "archive");
    assert.equal(await stateOf(page), "archived");
    const archiveNumber = (await page.textContent("[data-archive-number]")).trim();
    assert.match(archiveNumber, /^卷-\d{4}-\d{4}$/);
    const offered = page.locator(".case-actions details:not(#act-recuse), .case-actions form.action-button");
    assert.equal(await offered.count(), 0, "an archived case offers nothing but stepping aside");
    await page.goto(`${caseUrl.pathname}/print/dossier`);
    const sheet = await page.textContent(".sheet");
    for (const expected of [archiveNumber, "投诉卷宗", "请镇城管中队核查处理", "已到现场核查", "第2次处理", "未附与投诉人见面的记录"]) {
      assert.ok(sheet.includes(expected), `the dossier shows ${expected}`);
    }
    await page.emulateMedia({ media: "print" });
    await keep(page, "print-dossier", { fullPage: true });
  });

  for (const [who, page] of Object.entries({ clerk, leader, handler, office })) {
    assert.deepEqual(page.problems, [], `${who}: no script errors, dialogs or CSP violations`);
  }

  // A handler of another unit cannot open the case, by its link or its print link.
  const other = await signIn(browser, base, "handler2");
  await step("other-unit", other, async (page) => {
    for (const link of [caseUrl.pathname, `${caseUrl.pathname}/print/dossier`, `${caseUrl.pathname}/print/form`]) {
      const response = await page.goto(link);
      assert.equal(response.status(), 404, link);
      assert.match(await page.textContent("h1"), /未找到/);
      assert.ok(!(await page.textContent("body")).includes("工地夜间打桩噪音扰民"));
    }
    await page.goto("/ledger");
    assert.ok(!(await page.textContent("main")).includes(number), "not in the other unit's ledger");
  });
});

test("script and SQL typed into a complaint are shown as text and never run", async () => {
  const page = await signIn(chrome.browser, server.url, "clerk");
  const attack = `<script>alert("xss")</script><img src=x onerror="alert('img')">`;
  const sql = `'); DROP TABLE complaints; --`;
  await step("injection", page, async (p) => {
    await p.goto("/complaints/new");
    await p.selectOption("select[name=channel]", "in_person");
    await p.selectOption("select[name=category]", "other");
    await p.fill("input[name=title]", `标题${attack}`);
    await p.fill("input[name='complainant.name']", `${attack}`.slice(0, 50));
    await p.fill("input[name='complainant.phone']", "13800138000");
    await p.fill("textarea[name=problem]", `问题${attack}${sql}`);
    await p.fill("textarea[name=demands]", `诉求${sql}`);
    await Promise.all([p.waitForURL(/registered=1/), p.click("main button[type=submit]")]);
    assert.ok((await p.textContent("h1")).includes(`标题${attack}`), "the title is shown as typed");
    assert.ok((await p.textContent("main")).includes(sql));
    const path = new URL(p.url()).pathname;
    for (const link of [path, `${path}/print/form`, `${path}/print/dossier`, "/ledger", "/workbench"]) {
      await p.goto(link);
      assert.equal(await p.locator("img[src=x]").count(), 0, link);
    }
    // The ledger still lists every case: nothing was dropped.
    await p.goto("/ledger");
    assert.match(await p.textContent("h1"), /共 3\d 件/);
    assert.deepEqual(p.problems, []);
  });
});

test("an accusation reaches the accused unit only after approval, the accused never (R7)", async () => {
  const { browser } = chrome;
  const base = server.url;
  let path;
  const clerk = await signIn(browser, base, "clerk");
  await step("accusation-register", clerk, async (page) => {
    await page.goto("/complaints/new");
    await page.selectOption("select[name=channel]", "letter");
    await page.selectOption("select[name=category]", "urban_management");
    await page.fill("input[name=title]", "举报城管队员收受好处");
    await page.fill("input[name='complainant.name']", "匿名");
    await page.fill("input[name='complainant.address']", "幸福路1号");
    await page.fill("textarea[name=problem]", "城管队员张伟收受摊贩好处，放任占道经营。");
    await page.fill("textarea[name=demands]", "请严肃查处。");
    await page.fill("input[name=accused_name]", "张伟");
    await page.selectOption("select[name=accused_unit]", { label: "镇城管中队" });
    await page.selectOption("select[name=accused_user]", { label: "张伟" });
    await Promise.all([page.waitForURL(/registered=1/), page.click("main button[type=submit]")]);
    assert.match(await page.textContent("[data-accusation]"), /镇城管中队/);
    path = new URL(page.url()).pathname;
  });
  const leader = await signIn(browser, base, "leader");
  await step("accusation-refused", leader, async (page) => {
    await page.goto(path);
    const form = page.locator("#act-review");
    await form.locator("textarea[name=opinion]").fill("请镇城管中队核查。");
    await form.locator("select[name=decision]").selectOption("transfer");
    await form.locator("select[name=lead_unit]").selectOption({ label: "镇城管中队（职能部门）" });
    await form.locator("select[name=deadline_rule]").selectOption("ordinary");
    await form.locator("button[value=confirm]").click();
    const error = page.locator(".field-error[data-field=lead_unit]");
    await error.waitFor();
    assert.match(await error.textContent(), /未经组织批准/);
    assert.equal(await page.locator("[data-state]").getAttribute("data-state"), "registered");
  });
  const office = await signIn(browser, base, "office");
  await step("accusation-approved", office, async (page) => {
    await page.goto(path);
    await page.locator("#act-approve_disclosure summary").click();
    await page.fill("input[name=approver]", "镇纪委 王书记");
    await page.fill("input[name=document]", "镇纪发〔2026〕8号");
    await Promise.all([page.waitForURL(/done=approve_disclosure/), page.locator("#act-approve_disclosure button[type=submit]").click()]);
    assert.match(await page.textContent("[data-approval]"), /镇纪发〔2026〕8号/);
  });
  await step("accusation-dispatched", leader, async (page) => {
    await page.goto(path);
    const form = page.locator("#act-review");
    await form.locator("textarea[name=opinion]").fill("经批准，请镇城管中队核查。");
    await form.locator("select[name=decision]").selectOption("transfer");
    await form.locator("select[name=lead_unit]").selectOption({ label: "镇城管中队（职能部门）" });
    await form.locator("select[name=deadline_rule]").selectOption("ordinary");
    await Promise.all([page.waitForURL(/done=review/), form.locator("button[value=confirm]").click()]);
  });
  const accused = await signIn(browser, base, "handler");
  await step("accusation-accused", accused, async (page) => {
    const response = await page.goto(path);
    assert.equal(response.status(), 404);
    await page.goto("/queue");
    assert.ok(!(await page.textContent("main")).includes("举报城管队员收受好处"));
  });
  const colleague = await signIn(browser, base, "depthead");
  await step("accusation-colleague", colleague, async (page) => {
    const response = await page.goto(path);
    assert.equal(response.status(), 200, "after approval the accused unit's head handles it");
  });
  await step("accusation-reads", office, async (page) => {
    await page.goto(path);
    const reads = await page.textContent("table.reads");
    assert.match(reads, /刘洋/);
    assert.ok(!reads.includes("张伟"));
  });
});

test("English is selectable and the choice sticks", async () => {
  const page = await signIn(chrome.browser, server.url, "office");
  await step("english", page, async (p) => {
    await p.click("text=English");
    await p.waitForURL("**/workbench");
    assert.equal(await p.textContent("h1"), "Workbench");
    await p.click("nav a[href='/ledger']");
    assert.match(await p.textContent("h1"), /Ledger/);
    assert.equal(await p.getAttribute("html", "lang"), "en");
  });
});
