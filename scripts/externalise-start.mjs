// Moves Trunk's inline start-up <script type="module"> out of dist/index.html into a file
// of its own, so the app runs under `script-src 'self'` (no 'unsafe-inline', no nonce — a
// nonce baked into static files would protect nothing).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dist = process.argv[2] ?? "dist";
const indexPath = join(dist, "index.html");
const html = readFileSync(indexPath, "utf8");
const inline = /<script type="module"(?: nonce="[^"]*")?>([\s\S]*?)<\/script>/;
const match = html.match(inline);
if (!match) {
  console.error(`${indexPath}: no inline module script found (already externalised?)`);
  process.exit(html.includes('src="./start-') ? 0 : 1);
}
const code = match[1].trim() + "\n";
const name = `start-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.js`;
writeFileSync(join(dist, name), code);
writeFileSync(indexPath, html.replace(inline, `<script type="module" src="./${name}"></script>`));
console.log(`${indexPath}: start-up script moved to ${name}`);
