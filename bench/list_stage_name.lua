-- First page of 50 leads sorted by name: GET /api/v1/customers?stage=lead&sort=name&limit=50.
-- Env: TOKEN, STAGE (default lead).
local token = os.getenv("TOKEN")
local stage = os.getenv("STAGE") or "lead"
local path = "/api/v1/customers?stage=" .. stage .. "&sort=name&limit=50"
local headers = {["Authorization"] = "Bearer " .. token}

function request()
  return wrk.format("GET", path, headers)
end
