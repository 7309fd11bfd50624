// Writes one bench's section into BENCHMARKS.md: the text between `<!-- bench:NAME -->`
// markers is replaced by the latest results, and one line is appended to the run log.
import { readFileSync, writeFileSync, existsSync } from "node:fs";

const FILE = "BENCHMARKS.md";
const HEADER = "# Benchmarks\n\nWritten by `scripts/bench.sh`; numbers are measured in one headless Chromium run on the project's 2-core machine.\n\n## Run log\n";

export function record(name, section, summary) {
  let text = existsSync(FILE) ? readFileSync(FILE, "utf8") : HEADER;
  const start = `<!-- bench:${name} -->`, end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${section}\n${end}`;
  text = text.includes(start)
    ? text.slice(0, text.indexOf(start)) + block + text.slice(text.indexOf(end) + end.length)
    : text.replace("## Run log\n", `${block}\n\n## Run log\n`);
  text = text.trimEnd() + `\n- ${new Date().toISOString().slice(0, 10)} ${name}: ${summary}\n`;
  writeFileSync(FILE, text);
}
