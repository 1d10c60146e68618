-- POST /api/v1/auth/login with the right password of BENCH_EMAIL (one Argon2id check per request).
dofile("scripts/bench.d/report.lua")
wrk.method = "POST"
wrk.path = "/api/v1/auth/login"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"email":"%s","password":"%s"}', os.getenv("BENCH_EMAIL"), os.getenv("BENCH_PASSWORD"))
