// The package's ES module uses top-level await through init() in main.ts: target browsers
// that support it.
export default { build: { target: "es2022" } };
