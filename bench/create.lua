-- POST /api/v1/customers: durable creates (each 201 is committed with synchronous=FULL), a
-- unique name per request. Env: TOKEN, RUN_ID (makes names unique across runs).
local token = os.getenv("TOKEN")
local run_id = os.getenv("RUN_ID") or tostring(os.time())
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local n = 0
local headers = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}

function request()
  n = n + 1
  local name = string.format("Bench %s-%d-%d", run_id, tid or 0, n)
  return wrk.format("POST", "/api/v1/customers", headers,
                    '{"name":"' .. name .. '","email":"bench' .. run_id .. "." .. (tid or 0) .. "." .. n ..
                    '@example.com","tags":["bench"]}')
end
