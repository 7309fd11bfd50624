// The web app's texts as www/locales/ holds them, for the translation check and the
// languages e2e test: each language's texts by their full key (`namespace.key.subkey`).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = "www/locales";

/** The languages: the folders of www/locales/ (English among them). */
export const languages = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

/** The namespaces (one per part of the app): the English files' names. */
export const namespaces = readdirSync(join(root, "en")).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));

/** Per language, the keys whose text is rightly the same as the English one. */
export const sameAsEnglish = JSON.parse(readFileSync(join(root, "same-as-english.json"), "utf8"));

const flatten = (object, prefix = "") =>
  Object.entries(object).flatMap(([key, value]) =>
    typeof value === "object" ? flatten(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
  );

/** `language`'s texts: full key → text. */
export const texts = (language) =>
  new Map(namespaces.flatMap((ns) => flatten(JSON.parse(readFileSync(join(root, language, `${ns}.json`), "utf8")), `${ns}.`)));
