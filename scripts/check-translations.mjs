// Every text of the web app exists in every language, and nothing is left in English:
//   node scripts/check-translations.mjs
// - each language has the same files (namespaces) and keys as English, none empty;
// - each translation keeps the English text's placeholders ({{ name }}) and tags (<strong>);
// - a translation identical to the English text is an untranslated key, unless it is listed
//   in www/locales/same-as-english.json (words that are the same, such as "Actions" or "PDF");
// - every English key is used by www/src (`t!(i18n, ns.key…)`, `t_string!`, `tr!(ns.key…)`), and every key
//   www/src uses exists.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { languages, sameAsEnglish as same, texts } from "./locales.mjs";
const markers = (text) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}|<\/?\s*(\w+)\s*\/?>/g)].map((m) => m[1] ?? `<${m[2]}>`).sort().join(" ");

const problems = [];
const english = texts("en");
for (const language of languages.filter((l) => l !== "en")) {
  const translated = texts(language);
  const allowed = new Set(same[language] ?? []);
  for (const [key, text] of english) {
    const t = translated.get(key);
    if (t === undefined) problems.push(`${language}: ${key} is missing`);
    else if (typeof t !== "string" || t.trim() === "") problems.push(`${language}: ${key} is empty`);
    else if (t === text && !allowed.has(key)) problems.push(`${language}: ${key} is not translated ("${text}")`);
    else if (markers(t) !== markers(text)) problems.push(`${language}: ${key} has ${markers(t) || "no placeholders"}, English has ${markers(text) || "none"}`);
  }
  for (const key of translated.keys()) if (!english.has(key)) problems.push(`${language}: ${key} is not an English key`);
  for (const key of allowed) if (translated.get(key) !== english.get(key)) problems.push(`${language}: ${key} is listed as the same as English but is not`);
}

// The keys the sources use: the key path after `t!(i18n, ` or `tr!(`/`trs!(`.
const sources = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".rs") ? [readFileSync(join(dir, e.name), "utf8")] : [],
  );
const used = new Set(
  sources("www/src")
    .map((code) => code.replace(/^\s*\/\/.*$/gm, ""))
    .flatMap((code) => [...code.matchAll(/\b(?:t!\(\s*[\w()]+\s*,|t_string!\(\s*\w+\s*,|tr!\(|trs!\()\s*([\w.]+)/gs)].map((m) => m[1])),
);
for (const key of used) if (!english.has(key)) problems.push(`www/src uses ${key}, which no English file has`);
for (const key of english.keys()) if (!used.has(key)) problems.push(`en: ${key} is used nowhere in www/src`);

if (problems.length) {
  console.error(problems.join("\n"));
  console.error(`\n${problems.length} translation problems`);
  process.exit(1);
}
console.log(`translations: ${english.size} texts in ${languages.length} languages (${languages.join(", ")}), all translated and used`);
