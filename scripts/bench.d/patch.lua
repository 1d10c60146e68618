-- PATCH /api/v1/users/{BENCH_USER_ID} {"name": ...} as that user (BENCH_TOKEN).
dofile("scripts/bench.d/report.lua")
wrk.method = "PATCH"
wrk.path = "/api/v1/users/" .. os.getenv("BENCH_USER_ID")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name":"Bench User Renamed"}'
