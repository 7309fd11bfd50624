// Plain ESM use of the package, served from the same origin as the (simulated) service.
import init, { ClaimsDirect } from "/pkg/claims.js";

await init();
const { claims: login } = await (await fetch("/_sim/info")).json();
const claims = new ClaimsDirect({ baseUrl: location.origin, user: login.user, password: login.password });
const ucid = document.getElementById("ucid").textContent;
const result = document.getElementById("result");
try {
  const attachments = await claims.list(ucid);
  result.textContent = attachments.map((a) => `${a.filename}\t${a.media}\t${a.size}`).join("\n");
  result.dataset.count = String(attachments.length);
} catch (e) {
  result.textContent = `${e.kind}: ${e.message}`;
}
