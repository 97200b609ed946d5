-- A page of customers as the caller sees them (for a rep: their own and their team's only).
-- Env: TOKEN (whose token: a rep's for the scoped figure), QUERY (default "limit=50").
local token = os.getenv("TOKEN")
local query = os.getenv("QUERY") or "limit=50"
local path = "/api/v1/customers?" .. query
local headers = {["Authorization"] = "Bearer " .. token}

function request()
  return wrk.format("GET", path, headers)
end
