// R2, the citizens' online channel, in a real browser on a phone-sized screen: submit a
// complaint without logging in, read the number and the query code, and look the case up; a
// wrong code and a number that does not exist look identical. Staff then find the case, and
// when the same citizen calls again the clerk is shown it as a possible repeat (R20).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, openPage, signIn, step, keep } from "./harness.mjs";

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

/** Looks up `number` + `code`; answers the HTTP status and what the page shows. */
async function lookUp(page, number, code) {
  await page.goto("/public/lookup");
  await page.fill("input[name=number]", number);
  await page.fill("input[name=code]", code);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/public/lookup") && r.request().method() === "POST"),
    page.click("main button[type=submit]"),
  ]);
  await page.waitForLoadState();
  return {
    status: response.status(),
    error: (await page.locator("[data-public-error]").count())
      ? await page.textContent("[data-public-error]")
      : null,
    found: await page.locator("[data-found]").count(),
    main: (await page.locator("main").innerHTML()).replace(/value="[^"]*"/g, ""),
  };
}

test("a citizen submits online and looks the case up (R2)", async () => {
  const { browser } = chrome;
  const base = server.url;
  const phone = await openPage(browser, base, { width: 390, height: 844 });
  let number;
  let code;

  await step("public-submit", phone, async (page) => {
    await page.goto("/public");
    // The honeypot is in the form but out of sight.
    assert.equal(await page.locator("input[name=website]").count(), 1);
    const trap = await page.locator("input[name=website]").boundingBox();
    assert.ok(trap.x + trap.width < 0, "the trap is off the screen");
    assert.equal(await page.getAttribute("input[name=website]", "tabindex"), "-1");
    // Nothing sideways to scroll on a phone.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    await page.selectOption("select[name=category]", "municipal");
    await page.fill("input[name=title]", "小区门口路灯不亮");
    await page.fill("textarea[name=problem]", "光明路8号小区门口的路灯坏了两周，晚上出行不便，老人摔倒过。");
    await page.fill("textarea[name=demands]", "请尽快修复路灯。");
    await page.fill("input[name=name]", "孙丽华");
    // No phone and no address: refused on the same page, with what was typed kept.
    await page.click("main button[type=submit]");
    await page.locator("[data-public-error]").waitFor();
    assert.match(await page.textContent("[data-public-error]"), /联系电话或家庭住址/);
    assert.equal(await page.inputValue("input[name=title]"), "小区门口路灯不亮");
    await page.fill("input[name=phone]", "13700001111");
    await page.click("main button[type=submit]");
    await page.locator("[data-number]").waitFor();
    number = (await page.textContent("[data-number]")).trim();
    code = (await page.textContent("[data-code]")).trim();
    assert.match(number, /^\d{4}-\d{6}$/);
    assert.match(code, /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    assert.match(await page.textContent("main"), /查询码只显示这一次/);
    await keep(page, "public-receipt");
  });

  await step("public-lookup", phone, async (page) => {
    const right = await lookUp(page, number, code.toLowerCase());
    assert.equal(right.status, 200);
    assert.equal(right.found, 1);
    assert.equal(await page.getAttribute("[data-stage]", "data-stage"), "received");
    const shown = await page.textContent("main");
    for (const personal of ["孙丽华", "13700001111", "光明路8号"]) {
      assert.ok(!shown.includes(personal), `${personal} shown`);
    }
    await keep(page, "public-lookup");

    const wrongCode = await lookUp(page, number, "ABCD-EFGH-JKMN");
    const noSuchNumber = await lookUp(page, "2026-999999", code);
    assert.equal(wrongCode.found, 0);
    assert.equal(wrongCode.status, 404);
    assert.match(wrongCode.error, /受理编号或查询码不正确/);
    assert.deepEqual(wrongCode, noSuchNumber, "a wrong code and an unknown number look the same");
    assert.deepEqual(page.problems, []);
  });

  // The clerk finds it among online complaints.
  const clerk = await signIn(browser, base, "clerk");
  await step("public-staff", clerk, async (page) => {
    await page.goto("/ledger?channel=online");
    await page.click(`text=${number}`);
    await page.locator("h1 .number").waitFor();
    assert.equal((await page.textContent("h1 .number")).trim(), number);
    assert.match(await page.textContent("main"), /网上投诉平台/);
    assert.deepEqual(page.problems, []);
  });

  // R20: she calls about it again; while the clerk types, the online complaint is suggested.
  await step("repeat-suggested", clerk, async (page) => {
    await page.goto("/complaints/new");
    await page.selectOption("select[name=channel]", "phone");
    await page.fill("input[name='complainant.name']", "孙丽华");
    await page.fill("input[name=title]", "路灯还是不亮");
    await page.fill("textarea[name=problem]", "上次网上反映光明路8号小区门口路灯坏了，到现在还没修好，晚上出行不便。");
    await page.fill("input[name='complainant.phone']", "137 0000 1111");
    await page.press("input[name='complainant.phone']", "Tab");
    const suggestion = page.locator(`[data-repeats] [data-repeat="${number}"]`);
    await suggestion.waitFor();
    assert.match(await suggestion.textContent(), /同一联系电话/);
    await keep(page, "repeat-suggestion");
    assert.deepEqual(page.problems, []);
  });
});
