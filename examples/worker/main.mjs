// The page asks a module worker to list attachments; the library runs entirely in the worker.
const worker = new Worker(new URL("./worker.mjs", import.meta.url), { type: "module" });
const { claims: login } = await (await fetch("/_sim/info")).json();
const result = document.getElementById("result");
worker.onmessage = ({ data }) => {
  result.textContent = JSON.stringify(data, null, 2);
  result.dataset.done = "true";
};
worker.postMessage({
  options: { baseUrl: location.origin, user: login.user, password: login.password },
  ucids: ["EP-0700000-A2", "WO-2019123456-A1", "GB-2999999-A"],
});
