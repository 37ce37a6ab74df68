// R27: the center office opens the quarterly statistics of the demo center, writes its
// analysis and files the report; the filed A4 sheet draws its charts (SVG from the server, no
// script) on screen and in print, and the leader finds it on the workbench.
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

/** Every bar and share of the charts on the page has a size on the screen. */
async function chartsDrawn(page) {
  const charts = page.locator("svg.chart");
  assert.ok((await charts.count()) >= 4, "bar and share charts");
  const bars = page.locator("svg.chart.bars rect.bar");
  assert.ok((await bars.count()) > 0, "bars");
  for (const rect of await bars.all()) {
    const box = await rect.boundingBox();
    assert.ok(box && box.width > 0 && box.height > 0, "a bar is drawn");
  }
}

test("the office files the quarterly report and its printed sheet draws the charts (R27)", async () => {
  const office = await signIn(chrome.browser, server.url, "office");
  let filedUrl;
  await step("office-files", office, async (page) => {
    await page.goto("/reports");
    await chartsDrawn(page);
    const registered = await page.textContent("[data-figure='report.registered'] td.num");
    assert.ok(Number(registered) > 0, "the demo's quarter has complaints");
    // Blank analysis is refused inline, keeping what was typed.
    await page.fill("textarea[name=problems]", "夜间施工噪音投诉集中，部分件超期。");
    await Promise.all([page.waitForLoadState(), page.click("[data-file-report] button[type=submit]")]);
    assert.ok(await page.locator(".field-error, .form-error").count(), "suggestions are required");
    assert.equal(await page.inputValue("textarea[name=problems]"), "夜间施工噪音投诉集中，部分件超期。");
    await page.fill("textarea[name=suggestions]", "建议城管中队加强夜间巡查，办公室加大督办力度。");
    await Promise.all([page.waitForURL(/\/reports\/filed\//), page.click("[data-file-report] button[type=submit]")]);
    filedUrl = new URL(page.url()).pathname;
    assert.ok((await page.textContent("[data-problems]")).includes("夜间施工噪音投诉集中"));
    await chartsDrawn(page);
    await page.emulateMedia({ media: "print" });
    await chartsDrawn(page);
    await keep(page, "print-statistics-report", { fullPage: true });
  });

  const leader = await signIn(chrome.browser, server.url, "leader");
  await step("leader-reads", leader, async (page) => {
    await page.goto("/workbench");
    // The dashboard: tiles, the twelve-month line, overdue by unit, categories and places.
    assert.equal(await page.locator("[data-dashboard] svg.chart.line polyline").count(), 1);
    await keep(page, "workbench-dashboard", { fullPage: true });
    await Promise.all([page.waitForURL(filedUrl), page.click(`[data-unread-reports] a[href='${filedUrl}']`)]);
    assert.ok((await page.textContent("[data-suggestions]")).includes("加强夜间巡查"));
    await page.goto("/workbench");
    assert.equal(await page.locator("[data-unread-reports]").count(), 0, "read once opened");
  });

  for (const [who, page] of Object.entries({ office, leader })) {
    assert.deepEqual(page.problems, [], `${who}: no script errors, dialogs or CSP violations`);
  }
});
