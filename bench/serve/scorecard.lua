-- wrk script for bench/serve/run.sh: each request asks for the scorecard of the next partner
-- (round robin over PARTNERS) and a from/to range of PERIODS that changes with every request,
-- so that no two consecutive requests ask for the same answer.
-- Env: PARTNERS="atlas,borealis", PERIODS="2026-01,2026-02,...". The session cookie comes from
-- wrk's -H option (wrk.headers).
local function split(text)
  local out = {}
  for item in string.gmatch(text or "", "[^,]+") do out[#out + 1] = item end
  return out
end

local partners = split(os.getenv("PARTNERS"))
local periods = split(os.getenv("PERIODS"))
local n = 0

function init(args)
  if #partners == 0 or #periods == 0 then
    error("set PARTNERS and PERIODS (comma-separated)")
  end
end

function request()
  n = n + 1
  local partner = partners[n % #partners + 1]
  local a = (n * 7) % #periods + 1
  local b = (n * 5) % #periods + 1
  if a > b then a, b = b, a end
  local path = "/api/v1/partners/" .. partner .. "/scorecard?from=" .. periods[a] .. "&to=" ..
               periods[b]
  return wrk.format("GET", path)
end
