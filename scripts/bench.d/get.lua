-- GET the URL given to wrk; BENCH_GET_TOKEN (optional) is sent as a bearer token.
dofile("scripts/bench.d/report.lua")
local token = os.getenv("BENCH_GET_TOKEN")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
