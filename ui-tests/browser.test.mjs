// Browser tests of `armswatch serve`, in Debian's headless Chromium driven
// by playwright-core: a reader opens the register, filters it by
// recipient, opens a contest's timeline, follows an evidence link and sees
// the sentence highlighted. Screenshots go to target/screenshots/.
//
// Run from this folder with `node --test` after `npm ci`. The armswatch
// binary is ../target/debug/armswatch (or $ARMSWATCH_BIN). Without
// Chromium the tests are skipped, saying why.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const bin = process.env.ARMSWATCH_BIN || path.join(root, "target", "debug", "armswatch");
const shots = path.join(root, "target", "screenshots");

let skip = false;
if (!existsSync(chromiumPath)) {
  skip = `Chromium is not installed at ${chromiumPath} (apt-get install -y chromium)`;
} else if (!existsSync(bin)) {
  skip = `no armswatch binary at ${bin} (cargo build first)`;
}
if (skip) console.log(`# browser tests skipped: ${skip}`);

let work, server, base, context, page;

/** Starts `armswatch serve` on a free port; resolves with its URL. */
function startServer(db) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["--db", db, "serve", "--addr", "127.0.0.1:0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 60000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0] });
      }
    });
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

before(async () => {
  if (skip) return;
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(path.join(tmpdir(), "armswatch-ui-"));
  const db = path.join(work, "demo.db");
  // Not a terminal, so demo only builds and prints the register.
  const demo = spawnSync(bin, ["--db", db, "demo", "--no-serve"], { encoding: "utf8" });
  assert.equal(demo.status, 0, demo.stderr);
  const s = await startServer(db);
  server = s.child;
  base = s.url.replace(/\/$/, "");
  const { chromium } = await import("playwright-core");
  context = await chromium.launchPersistentContext(path.join(work, "profile"), {
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      "--disable-quic",
    ],
    viewport: { width: 1280, height: 900 },
  });
  page = context.pages()[0] || (await context.newPage());
  // Any request off this machine would be a bug: no CDN, no fonts.
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === "127.0.0.1") return route.continue();
    return route.abort();
  });
  page.on("pageerror", (e) => {
    throw e;
  });
});

after(async () => {
  if (context) await context.close();
  if (server) server.kill("SIGTERM");
  if (work) rmSync(work, { recursive: true, force: true });
});

async function api(p) {
  const r = await fetch(base + p);
  assert.equal(r.status, 200, p);
  return r.json();
}

test("the home page explains the register", { skip }, async () => {
  await page.goto(base + "/");
  await assert.doesNotReject(page.getByRole("heading", { level: 1 }).waitFor());
  const text = await page.locator("main").innerText();
  assert.match(text, /register of the arms trade/i);
  assert.match(text, /\d+\s+transfers/);
  await page.screenshot({ path: path.join(shots, "home.png"), fullPage: true });
});

test("register: open, filter by recipient", { skip }, async () => {
  await page.goto(base + "/register");
  const rows = page.locator("#register-table tbody tr");
  assert.ok((await rows.count()) > 0, "the register has rows");
  await page.screenshot({ path: path.join(shots, "register.png"), fullPage: true });

  // A recipient country that occurs in the register.
  const all = await api("/api/transfers?limit=500");
  const codes = all.items.map((t) => t.recipient.country).filter(Boolean);
  assert.ok(codes.length > 0, "some transfer has a recipient country");
  const code = codes[0];
  const expected = all.items.filter((t) =>
    JSON.stringify([t.recipient, ...(t.recipient.members || [])]).includes(`"country":"${code}"`),
  ).length;

  await page.fill('input[name="recipient"]', code);
  await Promise.all([page.waitForURL(/recipient=/), page.click('form.filters button[type="submit"]')]);
  assert.match(page.url(), new RegExp(`recipient=${code}`));
  assert.equal(await page.inputValue('input[name="recipient"]'), code, "the form keeps the filter");
  const summary = await page.locator("#summary").innerText();
  assert.match(summary, new RegExp(`recipient is ${code}`));
  const filtered = page.locator("#register-table tbody tr");
  assert.equal(await filtered.count(), expected);
  // Each row's recipient links to that country or one of its bodies.
  for (const row of await filtered.all()) {
    const cell = row.locator("td").nth(2);
    const hrefs = await cell.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    const html = await cell.innerHTML();
    assert.ok(
      hrefs.some((h) => h === `/countries/${code}`) || html.includes(`>${code}<`),
      `row recipient is ${code}: ${html}`,
    );
  }
  await page.screenshot({ path: path.join(shots, "register-filtered.png"), fullPage: true });

  // Sorting by value keeps the filter.
  await Promise.all([page.waitForURL(/sort=/), page.click('#register-table th a:has-text("Value")')]);
  assert.match(page.url(), new RegExp(`recipient=${code}`));
  assert.equal(await page.locator("#register-table tbody tr").count(), expected);
});

test("contest timeline, then an evidence link to the highlighted sentence", { skip }, async () => {
  await page.goto(base + "/register?tab=contests");
  const links = page.locator("#register-table a.record-link");
  assert.ok((await links.count()) > 0, "the demo register has contests");
  // The contest with the longest timeline makes the best example.
  const contests = (await api("/api/contests?limit=500")).items;
  const steps = (c) => (c.bidders || []).length + (c.winner ? 1 : 0) + (c.protests || []).length + (c.cancelled ? 1 : 0);
  contests.sort((a, b) => steps(b) - steps(a));
  const target = contests[0].links.page;
  await Promise.all([page.waitForURL((u) => u.pathname === target), page.click(`a.record-link[href="${target}"]`)]);
  const timeline = page.locator("#timeline");
  await timeline.waitFor({ state: "visible" });
  const items = timeline.locator("li");
  assert.ok((await items.count()) >= 1);
  assert.match(await items.first().innerText(), /Tender/);
  await page.screenshot({ path: path.join(shots, "contest-timeline.png"), fullPage: true });

  // Follow the first evidence link (the timeline's, else the list's).
  const evLinks = page.locator("#timeline blockquote a.ev-link, ol.evidence a.ev-link");
  assert.ok((await evLinks.count()) > 0, "the contest cites a sentence");
  const link = evLinks.first();
  const href = await link.getAttribute("href");
  const quoted = (await link.innerText()).replace(/^“|”$/g, "");
  const anchor = href.split("#")[1];
  assert.match(anchor, /^ev-\d+$/);
  await Promise.all([page.waitForURL((u) => u.hash === `#${anchor}`), link.click()]);
  const mark = page.locator(`mark#${anchor}`);
  await mark.waitFor({ state: "visible" });
  assert.equal(await page.evaluate(() => document.querySelector(":target")?.id), anchor);
  // The sentence is on screen and stands out.
  const box = await mark.boundingBox();
  assert.ok(box && box.y >= 0 && box.y < 900, `the mark is in view (${JSON.stringify(box)})`);
  const bg = await mark.evaluate((m) => getComputedStyle(m).backgroundColor);
  assert.equal(bg, "rgb(255, 201, 77)", "the targeted sentence has the highlight colour");
  // The marked text is where the quoted sentence starts.
  const article = await page.locator("#article .text").innerText();
  assert.ok(article.includes(quoted), "the quoted sentence is in the article");
  assert.ok(quoted.startsWith(await mark.innerText()), "the mark starts the quoted sentence");
  await page.screenshot({ path: path.join(shots, "evidence-highlighted.png") });
});

test("the country chart and the network graph draw, and the graph reacts", { skip }, async () => {
  const stats = await api("/api/stats/recipients");
  const code = stats.totals.find((t) => t.recipient)?.recipient;
  assert.ok(code, "some recipient country");
  await page.goto(`${base}/countries/${code}`);
  await page.locator("svg.chart rect").first().waitFor();
  await page.screenshot({ path: path.join(shots, "country.png"), fullPage: true });

  await page.goto(base + "/network");
  const node = page.locator("svg.network a.node").first();
  await node.waitFor();
  await node.hover();
  assert.ok(await page.locator("svg.network.focused").count(), "hovering a country focuses the graph");
  assert.ok((await page.locator("svg.network .edge.on").count()) > 0, "its flows come forward");
  await page.screenshot({ path: path.join(shots, "network.png"), fullPage: true });
});

test("pages read fine with JavaScript off", { skip }, async () => {
  const ctx = await context.browser()?.newContext({ javaScriptEnabled: false });
  // A persistent context has no separate browser: use a fresh page with
  // scripts blocked instead.
  const p = ctx ? await ctx.newPage() : await context.newPage();
  if (!ctx) await p.route("**/*.js", (r) => r.abort());
  await p.goto(base + "/register?tab=transfers");
  assert.ok((await p.locator("#register-table tbody tr").count()) > 0);
  await p.goto(base + "/search?q=contract");
  assert.match(await p.locator("main").innerText(), /match/);
  await p.close();
  if (ctx) await ctx.close();
});
