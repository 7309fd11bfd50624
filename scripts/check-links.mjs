// Every relative link in README.md and docs/*.md must resolve: the file (or folder) exists,
// and a `#fragment` into a Markdown file names one of its headings (GitHub's slugs).
//   node scripts/check-links.mjs
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";

const files = ["README.md", ...readdirSync("docs").filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const slug = (heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
const anchors = (file) => readFileSync(file, "utf8").split("\n").filter((l) => /^#{1,6} /.test(l)).map((l) => slug(l.replace(/^#+ /, "")));

const broken = [];
let checked = 0;
for (const file of files) {
  // Links outside fenced code blocks.
  const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue;
    checked++;
    const [path, fragment] = target.split("#");
    const resolved = path ? normalize(join(dirname(file), decodeURIComponent(path))) : file;
    if (!existsSync(resolved)) {
      broken.push(`${file}: ${target} (no ${resolved})`);
    } else if (fragment && resolved.endsWith(".md") && statSync(resolved).isFile() && !anchors(resolved).includes(fragment)) {
      broken.push(`${file}: ${target} (no heading #${fragment} in ${resolved})`);
    }
  }
}
if (broken.length) {
  console.error(`broken links:\n  ${broken.join("\n  ")}`);
  process.exit(1);
}
console.log(`links: ${checked} relative links in ${files.length} files resolve`);
