// A minimal page on the npm package: list attachments, show image thumbnails, download.
import init, { ClaimsDirect } from "/pkg/ipdocs.js";

await init();
const info = await (await fetch("/_sim/info")).json();
const claims = new ClaimsDirect({ baseUrl: location.origin, user: info.claims.user, password: info.claims.password });
const $ = (id) => document.getElementById(id);
const size = (n) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`);

function cell(row, content) {
  const td = row.insertCell();
  if (content instanceof Node) td.append(content); else td.textContent = content;
}

async function download(attachment) {
  const blob = await claims.fetch(attachment.path);
  const a = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: attachment.filename });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

$("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const ucids = $("ucids").value.split(/[\s,;]+/).filter(Boolean);
  $("status").textContent = "Loading…";
  $("results").replaceChildren();
  try {
    const record = await claims.listMany(ucids);
    for (const [ucid, attachments] of Object.entries(record)) {
      const heading = Object.assign(document.createElement("h2"), { textContent: `${ucid} (${attachments.length})` });
      const table = document.createElement("table");
      for (const attachment of attachments) {
        const row = table.insertRow();
        const preview = document.createElement("span");
        if (attachment.media === "image/png" || attachment.media === "image/jpeg") {
          claims.fetch(attachment.path).then((blob) =>
            preview.append(Object.assign(new Image(), { src: URL.createObjectURL(blob), className: "thumb", alt: attachment.filename })));
        }
        const button = Object.assign(document.createElement("button"), { textContent: "Download" });
        button.addEventListener("click", () => download(attachment));
        [preview, attachment.filename, attachment.media, size(attachment.size), attachment.pkey, button].forEach((c) => cell(row, c));
      }
      if (attachments.length === 0) cell(table.insertRow(), "No attachments.");
      $("results").append(heading, table);
    }
    $("status").textContent = `${Object.keys(record).length} UCIDs listed.`;
  } catch (e) {
    $("status").textContent = `${e.kind}: ${e.message}`;
    $("status").className = "error";
  }
});
