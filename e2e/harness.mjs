// Test harness: starts the real `huixiang` binary with a fresh demo database on a loopback
// port, launches Debian's chromium through playwright-core, and signs people in.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(import.meta.dirname, "..");
const BINARY = process.env.HX_BINARY ?? path.join(ROOT, "target/debug/huixiang");
const CHROMIUM = process.env.HX_CHROMIUM ?? "/usr/bin/chromium";
export const ARTIFACTS = path.join(ROOT, "target/e2e");
export const SCREENSHOTS = process.env.HX_E2E_SCREENSHOTS
  ? path.resolve(ROOT, process.env.HX_E2E_SCREENSHOTS)
  : null;

/** Starts the server on 127.0.0.1 with demo data; resolves once it accepts connections. */
export async function startServer() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "hx-e2e-"));
  const args = ["serve", "--demo", "--listen", "127.0.0.1:0", "--data-dir", dataDir, "--sweep-interval", "0"];
  if (process.env.HX_E2E_DATABASE_URL) args.push("--database-url", process.env.HX_E2E_DATABASE_URL);
  const child = spawn(BINARY, args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stderr.on("data", (d) => { log += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${log}`)), 60_000);
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${log}`)); });
  });
  return {
    url,
    log: () => log,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.on("exit", r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's chromium, headless, with no calls to the outside world. Playwright gives every
 * launch a fresh, empty profile of its own. */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", "--disable-quic",
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** A fresh browser context (its own cookies) signed in as a demo account. `page.problems`
 * collects what must never happen: a script dialog (injected script ran), a page error, or a
 * Content-Security-Policy violation. */
export async function signIn(browser, baseURL, username) {
  const page = await openPage(browser, baseURL, { width: 1366, height: 768 });
  await page.goto("/login");
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", `${username}-demo-2026`);
  await Promise.all([page.waitForURL("**/workbench"), page.click("button[type=submit]")]);
  return page;
}

/** A page in a fresh browser context (nobody signed in) of the given screen size, watched for
 * the problems listed at `signIn`. */
export async function openPage(browser, baseURL, viewport) {
  const context = await browser.newContext({ baseURL, viewport, locale: "zh-CN" });
  const page = await context.newPage();
  page.problems = [];
  page.on("dialog", async (dialog) => {
    if (dialog.type() !== "confirm") page.problems.push(`dialog: ${dialog.message()}`);
    await dialog.accept();
  });
  page.on("pageerror", (error) => page.problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|Refused to/i.test(message.text())) {
      page.problems.push(`console: ${message.text()}`);
    }
  });
  return page;
}

/** Runs `fn(page)`; on failure saves a screenshot of the page under target/e2e first. */
export async function step(name, page, fn) {
  try {
    return await fn(page);
  } catch (error) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `failure-${name.replace(/[^a-z0-9-]+/gi, "-")}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    error.message += `\n(screenshot: ${file})`;
    throw error;
  }
}

/** Saves a screenshot for docs/screenshots when asked to (HX_E2E_SCREENSHOTS=dir). */
export async function keep(page, name, options = {}) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), ...options });
}
