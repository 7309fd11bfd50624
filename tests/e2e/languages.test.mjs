// End to end, the app in French, Spanish and Japanese: the browser's language is followed,
// every page is free of English texts of the app, axe finds nothing, and nothing overflows
// at desktop or phone width; the language chosen in Settings applies at once and lasts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, go, troubles, injectAxe, axeViolations } from "./app.mjs";
import { sameAsEnglish as same, texts } from "../../scripts/locales.mjs";

const PAGES = ["attachments", "retrievals", "uploads", "batches", "inbox", "settings", "activity", "help"];
const english = texts("en");

/** The app's English texts that must not show in `language`: as patterns over a whole text
 * node or attribute (placeholders match anything). Texts with tags span several nodes and
 * are found by their first words instead. */
function leftovers(language) {
  const allowed = new Set(same[language] ?? []);
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return [...english]
    .filter(([key]) => !allowed.has(key))
    .map(([key, text]) => {
      const plain = text.split(/<[^>]+>/)[0].trim();
      const pattern = escape(plain).replace(/\\\{\\\{\s*\w+\s*\\\}\\\}/g, ".*?");
      const whole = plain === text;
      return { key, regex: new RegExp(whole ? `^${pattern}$` : `^${pattern}`) };
    })
    .filter(({ regex }) => regex.source.replace(/\.\*\?/g, "").length > 3);
}

/** Every text node, `aria-label`, `title` and `placeholder` of the page shown and the header. */
const shownTexts = (page) =>
  page.evaluate(() => {
    const roots = [document.querySelector("main"), document.querySelector("header")];
    const out = [];
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const text = walker.currentNode.textContent.trim();
        if (text) out.push(text);
      }
      for (const e of root.querySelectorAll("[aria-label], [title], [placeholder], [data-label]")) {
        for (const a of ["aria-label", "title", "placeholder", "data-label"]) {
          const v = e.getAttribute(a)?.trim();
          if (v) out.push(v);
        }
      }
    }
    return out;
  });

/** Elements of the page shown whose text is wider than their box (cut off), and whether the
 * page scrolls sideways. */
const overflow = (page) =>
  page.evaluate(() => {
    const root = document.querySelector("main");
    const cut = [...root.querySelectorAll("button, th, label, legend, summary, h1, h2, h3, a, option")]
      .filter((e) => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== "visible")
      .map((e) => e.textContent.trim().slice(0, 40));
    return { sideways: document.documentElement.scrollWidth > window.innerWidth + 1, cut };
  });

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

for (const [locale, language, heading] of [["fr-FR", "fr", "Réglages"], ["es-ES", "es", "Ajustes"], ["ja-JP", "ja", "設定"]]) {
  test(`${language}: the browser's language is followed; no English left on any page, axe clean, nothing cut or overflowing (desktop and phone)`, async () => {
    const patterns = leftovers(language);
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const { page, context, problems } = await open(browser, { locale, viewport });
      assert.equal(await page.getAttribute("html", "lang"), language);
      await injectAxe(page);
      // Something in the lists: a listing, an open preview, a tracked retrieval.
      await go(page, "attachments");
      await page.fill("#ucids", "EP-0700000-B1");
      await page.click(".ucid-form button[type=submit]");
      await page.waitForSelector(".row.item");
      await go(page, "retrievals");
      await page.selectOption("#example", "0");
      await page.click(".document-form button[type=submit]");
      await page.waitForSelector("table.retrievals tbody tr");
      for (const name of PAGES) {
        await go(page, name);
        const where = `${name} at ${viewport.width} px`;
        const found = (await shownTexts(page)).flatMap((text) => patterns.filter(({ regex }) => regex.test(text)).map(({ key }) => `${key}: "${text}"`));
        assert.deepEqual(found, [], `English left on ${where}`);
        assert.deepEqual(await axeViolations(page), [], `axe on ${where}`);
        assert.deepEqual(await overflow(page), { sideways: false, cut: [] }, `layout of ${where}`);
      }
      assert.equal(await page.textContent('nav a[href="#/settings"]'), heading);
      assert.deepEqual(await troubles(page, problems), []);
      await context.close();
    }
  });
}

test("the language chosen in Settings applies at once, lasts across a reload, and can go back to the browser's", async () => {
  const { page, context, problems } = await open(browser, { locale: "en-US" });
  await go(page, "settings");
  await page.selectOption("#language", "ja");
  await page.waitForSelector('nav a[href="#/settings"]:text-is("設定")');
  assert.equal(await page.getAttribute("html", "lang"), "ja");
  // Numbers and times follow the language shown, not the browser's.
  await go(page, "activity");
  await page.waitForSelector("#activity-count:has-text('該当する行')");
  await page.reload();
  await page.waitForSelector('[data-ready="true"]', { state: "attached" });
  assert.equal(await page.textContent('nav a[href="#/help"]'), "ヘルプ");
  await go(page, "settings");
  assert.equal(await page.inputValue("#language"), "ja");
  await page.selectOption("#language", "");
  await page.waitForSelector('nav a[href="#/settings"]:text-is("Settings")');
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await page.reload();
  await page.waitForSelector('[data-ready="true"]', { state: "attached" });
  assert.equal(await page.textContent('nav a[href="#/settings"]'), "Settings");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("sizes and counts are written as the language writes them", async () => {
  const { page, context } = await open(browser, { locale: "fr-FR" });
  await go(page, "attachments");
  await page.fill("#ucids", "EP-0700000-B1");
  await page.click(".ucid-form button[type=submit]");
  await page.waitForSelector(".row.item");
  const sizes = await page.$$eval(".row.item .size", (cells) => cells.map((c) => c.textContent));
  assert.ok(sizes.some((s) => /^\d+,\d (KiB|MiB)$/.test(s)), `a decimal comma in ${sizes.join(" | ")}`);
  // French plurals: "pièces jointes" for several, "UCID" invariable, one UCID in the singular.
  assert.match(await page.textContent("#list-summary"), /^\d+ pièces jointes pour 1 UCID\.$/);
  await context.close();
});
