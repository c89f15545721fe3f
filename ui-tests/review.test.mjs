// The review flow in Debian's headless Chromium: an analyst signs in,
// corrects a transfer's quantity, sees it in the register and in
// `armswatch export`, `reextract` runs, and the entry is still corrected.
// The article is written for this test. Skipped, saying why, without
// Chromium or the binary (../target/debug/armswatch or $ARMSWATCH_BIN).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const bin = process.env.ARMSWATCH_BIN || path.join(root, "target", "debug", "armswatch");
const shots = path.join(root, "target", "screenshots");
const ARTICLE =
  "Andean air defence order\n\nThe Peruvian Army has ordered 24 FN-6 shoulder-fired air defence systems from China in a deal worth $28 million, the defence ministry in Lima said on Monday.\n";
const PASSWORD = "correct horse battery";

let skip = false;
if (!existsSync(chromiumPath)) skip = `Chromium is not installed at ${chromiumPath}`;
else if (!existsSync(bin)) skip = `no armswatch binary at ${bin} (cargo build first)`;
if (skip) console.log(`# review browser test skipped: ${skip}`);

let work, db, server, context, page;

function armswatch(args, input = "") {
  const r = spawnSync(bin, ["--db", db, ...args], { encoding: "utf8", input });
  assert.equal(r.status, 0, `armswatch ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["--db", db, "serve", "--addr", "127.0.0.1:0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const timer = setTimeout(() => reject(new Error("server did not start")), 60000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0] });
      }
    });
  });
}

function stopServer(child) {
  return new Promise((resolve) => {
    child.on("exit", resolve);
    child.kill("SIGTERM");
  });
}

before(async () => {
  if (skip) return;
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(path.join(tmpdir(), "armswatch-review-"));
  db = path.join(work, "review.db");
  const article = path.join(work, "order.txt");
  writeFileSync(article, ARTICLE);
  armswatch(["ingest", "--published", "2025-03-10", article]);
  armswatch(["user", "add", "ana", "--role", "analyst"], PASSWORD + "\n");
  const { chromium } = await import("playwright-core");
  context = await chromium.launchPersistentContext(path.join(work, "profile"), {
    executablePath: chromiumPath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"],
  });
  page = context.pages()[0] || (await context.newPage());
});

after(async () => {
  if (context) await context.close();
  if (server) server.kill("SIGTERM");
  if (work) rmSync(work, { recursive: true, force: true });
});

test("sign in, correct a value, see it in the register and export, reextract, still corrected", { skip }, async () => {
  let s = await startServer();
  server = s.child;
  const items = (await (await fetch(s.url + "/api/transfers")).json()).items;
  assert.equal(items[0].quantity, 24);
  const recordPath = items[0].links.page;

  await page.goto(s.url + "/signin");
  await page.getByLabel("Name").fill("ana");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("#user").waitFor();
  assert.equal(await page.locator("#user").innerText(), "ana");

  await page.goto(s.url + recordPath);
  await page.locator("#review-action").selectOption("correct");
  await page.locator("#review-field").selectOption("quantity");
  await page.locator("#review-value").fill("30");
  await page.locator("#review-reason").fill("the ministry said 30");
  await page.getByRole("button", { name: "Save" }).click();
  await page.locator("#reviewed").waitFor();
  assert.match(await page.locator("dl.facts").innerText(), /Quantity\s+30/);
  assert.match(await page.locator("#entry-log").innerText(), /ana[\s\S]*the ministry said 30/);
  await page.screenshot({ path: path.join(shots, "review-corrected.png"), fullPage: true });

  await page.goto(s.url + "/register?tab=transfers");
  assert.match(await page.locator("main").innerText(), /\b30\b/);
  assert.match(armswatch(["export"]), /"quantity":30/);

  // The header names the user; an entity page takes a merge.
  assert.match(await page.locator("#viewer").innerText(), /Signed in as ana \(analyst\)/);
  await page.goto(s.url + "/entities");
  await page.locator("table.register tbody td:first-child a").first().click();
  await page.locator("#decide-form").waitFor();
  await page.locator("#decide-action").selectOption("merge");
  await page.locator("#decide-b").fill("Ejercito del Peru");
  await page.locator("#decide-reason").fill("the same army, in Spanish");
  await page.getByRole("button", { name: "Record" }).click();
  await page.waitForURL((u) => u.pathname === "/review");
  assert.match(await page.locator("main").innerText(), /entity_merge[\s\S]*the same army, in Spanish/);
  await page.screenshot({ path: path.join(shots, "review-entity-merge.png"), fullPage: true });

  await stopServer(server);
  armswatch(["reextract"]);
  s = await startServer();
  server = s.child;
  await page.goto(s.url + recordPath);
  assert.match(await page.locator("dl.facts").innerText(), /Quantity\s+30/);
  assert.ok(await page.locator("#reviewed").isVisible());
  const raw = armswatch(["export", "--raw"]);
  assert.match(raw, /"quantity":30[^\n]*"reviewed":true/);

  // Signing out from the header.
  await page.locator("#signout").click();
  await page.locator("#signin-link").waitFor();
  assert.equal(await page.locator("#viewer").count(), 0);
});
