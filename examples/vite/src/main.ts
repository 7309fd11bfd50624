// A Vite + TypeScript app importing the package by name, as from npm.
import init, { ClaimsDirect, type Attachment, type IpdocsError } from "ipdocs/claims";

await init();
const { claims: login } = await (await fetch("/_sim/info")).json();
const claims = new ClaimsDirect({ baseUrl: location.origin, user: login.user, password: login.password });
const result = document.getElementById("result")!;
try {
  const attachments: Attachment[] = await claims.list("EP-0700000-B1");
  result.textContent = attachments.map((a) => a.filename).join("\n");
  result.dataset.count = String(attachments.length);
} catch (e) {
  const error = e as IpdocsError;
  result.textContent = `${error.kind}: ${error.message}`;
}
