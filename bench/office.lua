-- wrk script: WIPO's forwarded retrievals (seed 000 step 2) into ipdocs-office, each a new
-- request (its own osfAckId), so every one is a new row committed before the answer.
local token = os.getenv("WIPO_TOKEN")
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

request = function()
  counter = counter + 1
  local body = string.format(
    '{"osfAckId":"W-%s-%d","operationCategory":"retrieval","documentKindCategory":"patent",' ..
    '"documentNumber":"PCT/IB2026/050001","documentDate":"2026-01-15","dasAccessCode":"AB21"}',
    os.getenv("RUN_ID"), counter)
  return wrk.format(nil, "/das/v1/requests/retrievals", nil, body)
end
