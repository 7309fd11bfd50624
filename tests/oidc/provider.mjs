// A real OpenID Connect provider for the tests (oidc-provider, the certified Node
// implementation), standing in for an office's identity provider: authorization code with
// PKCE for the web app (a public client), ID tokens signed RS256 that carry a `roles` claim.
// Users: vera (viewer), carl (clerk), ada (admin); any password (its development login page).
//   node tests/oidc/provider.mjs <redirect-uri> [token-seconds]
// Prints one JSON line {"issuer"} once it listens.
import Provider from "oidc-provider";
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";

const redirect = process.argv[2];
const ttl = Number(process.argv[3] ?? 600);
const roles = { vera: ["viewer"], carl: ["clerk"], ada: ["admin"] };
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const key = { ...privateKey.export({ format: "jwk" }), kid: "test-key", use: "sig", alg: "RS256" };

const server = createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: "ipdocs-app",
    token_endpoint_auth_method: "none",
    application_type: "web",
    redirect_uris: [redirect],
    grant_types: ["authorization_code"],
    response_types: ["code"],
  }],
  jwks: { keys: [key] },
  pkce: { required: () => true },
  scopes: ["openid", "profile", "roles"],
  claims: { openid: ["sub"], profile: ["name"], roles: ["roles"] },
  // The roles in the ID token itself (the office reads them there).
  conformIdTokenClaims: false,
  findAccount: (ctx, id) => ({
    accountId: id,
    claims: () => ({ sub: id, name: id, roles: roles[id] ?? [] }),
  }),
  // Staff are not asked to consent to their own office's app.
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope("openid profile roles");
    grant.addOIDCClaims(["sub", "name", "roles"]);
    await grant.save();
    return grant;
  },
  ttl: { IdToken: ttl, AccessToken: ttl, Session: 3600, Grant: 3600, Interaction: 600 },
  features: { devInteractions: { enabled: true } },
  clientBasedCORS: () => true,
});
provider.proxy = false;
server.on("request", provider.callback());
console.log(JSON.stringify({ issuer }));
