#!/usr/bin/env python3
"""Connection drills (issue 10): descriptor exhaustion, slow clients, 5,000 connections.

Each drill starts its own service (built jar, embedded H2 in a temp dir, loopback, a free port) and prints one
PASS/FAIL line per check with its figures; the exit status is 1 when a check failed.

    connection-drills.py [--quick] descriptors|slow|load|all

--quick: the CI versions (scripts/test.d/connection-drills): fewer slow clients, short timeouts, no load drill.
Needs JAVA (the java binary) in the environment; the load drill needs wrk and the test classes (BareServer).
Each service runs in a temp dir, removed after it stops (KEEP_LOGS=1 keeps it and its app.log).
"""
import os, re, selectors, shutil, signal, socket, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAVA = os.environ.get("JAVA", "java")
QUICK = "--quick" in sys.argv
failures = 0


T0 = time.monotonic()


def check(ok, text):
    global failures
    failures += 0 if ok else 1
    print(("  PASS  " if ok else "  FAIL  ") + text + f"  [{time.monotonic() - T0:.0f} s]", flush=True)
    return ok


def now():
    return time.monotonic()


class Service:
    """The service (or the bare baseline) as a child process; `nofile` is its descriptor limit (prlimit)."""

    def __init__(self, label, env=None, nofile=None, main=None, java_opts=()):
        self.label, self.work = label, tempfile.mkdtemp(prefix="fluxor-drill-")
        self.log_path = os.path.join(self.work, "app.log")
        full_env = {k: v for k, v in os.environ.items() if k not in ("SMTP_HOST", "APP_ENV", "JAVA_TOOL_OPTIONS")}
        full_env.update({"SERVER_HOST": "127.0.0.1", "SERVER_PORT": "0", "DATA_DIR": os.path.join(self.work, "data"),
                         "SEED_DATA": "false", "LOG_FORMAT": "json", "RATE_LIMIT_PER_MINUTE": "100000000"})
        full_env.update(env or {})
        libs = os.path.join(ROOT, "target", "libs")
        jar = os.path.join(ROOT, "target", "fluxor-enterprise.jar")
        if main is None:
            cmd = [JAVA, *java_opts, "-p", f"{jar}:{libs}",
                   "-m", "fluxor.enterprise/fluxor.enterprise.Main"]
        else:
            cp = ":".join([os.path.join(ROOT, "target", "test-classes"), jar, os.path.join(libs, "*")])
            cmd = [JAVA, *java_opts, "-cp", cp, main, "0"]
        if nofile:
            cmd = ["prlimit", f"--nofile={nofile}:{nofile}", *cmd]  # prlimit execs: the pid is the JVM's
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, env=full_env, stdout=self.log, stderr=subprocess.STDOUT, cwd=self.work)
        self.port = None
        self.t_start = now()
        end = now() + 60
        while now() < end and self.proc.poll() is None:
            m = re.search(r"listening on port (\d+)", self.text())
            if m and http_get(int(m.group(1)), "/health/live", 2)[0] in (200, 404):
                self.port = int(m.group(1))
                break
            time.sleep(0.1)
        print(f"  ({label} ready on port {self.port} after {now() - self.t_start:.1f} s)", flush=True)
        if self.port is None:
            print(self.text()[-3000:])
            raise SystemExit(f"drill: {label} did not start")

    def text(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def rss_mb(self):
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024
        except (OSError, AttributeError):
            return 0.0

    def descriptors(self):
        try:
            return len(os.listdir(f"/proc/{self.proc.pid}/fd"))
        except OSError:
            return -1

    def stop(self):
        t0 = now()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        if os.environ.get("KEEP_LOGS") != "1":
            shutil.rmtree(self.work, ignore_errors=True)
        print(f"  ({self.label} stopped in {now() - t0:.1f} s, {now() - T0:.0f} s into the drills)", flush=True)


class Prestarted:
    """A Service started on a thread, so that JVM start-ups overlap (each takes seconds on a loaded machine)."""

    def __init__(self, label, **kw):
        self.result, self.error = None, None
        self.thread = threading.Thread(target=self._start, args=(label,), kwargs=kw, daemon=True)
        self.thread.start()

    def _start(self, label, **kw):
        try:
            self.result = Service(label, **kw)
        except BaseException as e:  # SystemExit included: reported where the service is used
            self.error = e

    def get(self):
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.result


def http_get(port, path, timeout, sock=None):
    """(status, seconds); status 0 when there was no answer in time. Reuses `sock` (keep-alive) if given."""
    t0 = now()
    own = sock is None
    try:
        if own:
            sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        sock.settimeout(timeout)
        close = "Connection: close\r\n" if own else ""
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{close}\r\n".encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            d = sock.recv(65536)
            if not d:
                return 0, now() - t0
            buf += d
        head, _, rest = buf.partition(b"\r\n\r\n")
        n = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1)) if b"ength:" in head.lower() else 0
        while len(rest) < n:
            d = sock.recv(65536)
            if not d:
                break
            rest += d
        return int(head.split(b" ")[1]), now() - t0
    except (OSError, ValueError, AttributeError):
        return 0, now() - t0
    finally:
        if own and sock is not None:
            sock.close()


def open_many(port, n, payload=None, deadline=10.0):
    """n connected sockets (non-blocking connects), each sent `payload` if given; returns (sockets, sent_at)."""
    socks, sent_at = [], {}
    sel = selectors.DefaultSelector()
    for _ in range(n):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
        sel.register(s, selectors.EVENT_WRITE)
        socks.append(s)
    pending, end = set(socks), now() + deadline
    while pending and now() < end:
        for key, _ in sel.select(0.5):
            s = key.fileobj
            sel.unregister(s)
            pending.discard(s)
            if payload is not None and s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                try:
                    s.send(payload)
                    sent_at[s] = now()
                except OSError:
                    pass
    sel.close()
    return socks, sent_at


def drill_descriptors(shared=None):
    nofile, flood = 1024, 1500
    bound = 3 if QUICK else 1  # the target is 1 s; CI on a loaded machine gets headroom (unprotected: never)
    print(f"\n== descriptor limit: {flood} idle connections against a {nofile}-descriptor process", flush=True)
    unprotected = Prestarted("descriptors-unprotected", env={"CONNECTIONS_MAX": str(flood * 4)}, nofile=nofile)
    app = shared.get() if shared else Service("descriptors", nofile=nofile)
    try:
        cap = re.search(r"at most (\d+) connections", app.text())
        line = re.search(r'connections: descriptor limit[^"]*', app.text())
        print("  service log: " + (line.group(0)[:170] if line else "no 'connections:' line"))
        early = socket.create_connection(("127.0.0.1", app.port), timeout=2)
        check(http_get(app.port, "/health/live", 2, early)[0] == 200, "/health/live on the connection opened before the flood")
        socks, _ = open_many(app.port, flood)
        http_get(app.port, "/health/live", 2, early)  # keeps it from idling out (the quick drill's idle timeout is 3 s)
        time.sleep(1.5)
        fds = app.descriptors()
        status, secs = http_get(app.port, "/health/live", 2, early)
        check(status == 200 and secs < bound, f"during the flood: /health/live {status} in {secs * 1000:.0f} ms on the "
              f"connection opened before it (service holds {fds} descriptors, cap {cap.group(1) if cap else '?'})")
        for s in socks:
            s.close()
        t0, status = now(), 0
        while now() - t0 < 5 and status != 200:
            status, _ = http_get(app.port, "/health/live", 1)
        after = now() - t0
        check(status == 200 and after <= bound, f"after the flood: /health/live {status} within {after * 1000:.0f} ms on a new connection")
        dead = "terminating now" in app.text()
        check(app.proc.poll() is None and not dead, "the listener survived (no 'server socket is terminating' in the log, process alive)")
        early.close()
    finally:
        if shared is None:
            app.stop()
    # the same flood with the cap lifted over the limit: the listener dies, the watchdog must end the process
    app = unprotected.get()
    try:
        socks, _ = open_many(app.port, flood)
        t0 = now()
        while now() - t0 < 15 and app.proc.poll() is None:
            time.sleep(0.1)
        rc = app.proc.poll()
        logged = "stopped accepting connections" in app.text()
        check(rc not in (None, 0) and logged, f"cap lifted (connections.max={flood * 4}): accept() failed, the watchdog "
              f"logged ERROR and the process exited {rc} after {(now() - t0) * 1000:.0f} ms (a supervisor restarts it)")
        for s in socks:
            s.close()
    finally:
        app.stop()


def slow_params():
    n = 400 if QUICK else 5000
    header_s, grace_s, idle_s = (2, 1, 3) if QUICK else (10, 10, 4)
    slack = 4 if QUICK else 2  # the target: closed within the header bound + 2 s; CI gets headroom
    env = {"CONNECTIONS_BODY_dash_GRACE": f"PT{grace_s}S", "SERVER_IDLE_dash_CONNECTION_dash_TIMEOUT": f"PT{idle_s}S",
           "SERVER_IDLE_dash_CONNECTION_dash_PERIOD": "PT1S"}
    if QUICK:
        env["CONNECTIONS_HEADER_dash_TIMEOUT"] = f"PT{header_s}S"
    return n, header_s, grace_s, idle_s, slack, env


def start_slow_service():
    env = slow_params()[-1]
    return Prestarted("slow", env=env, nofile=1024 if QUICK else 20000)


def drill_slow(prestarted=None):
    n, header_s, grace_s, idle_s, slack, env = slow_params()
    print(f"\n== slow clients: {n} unfinished requests (header timeout {header_s} s), a trickled body, an idle keep-alive", flush=True)
    app = (prestarted or start_slow_service()).get()
    try:
        probes, stop = [], threading.Event()

        def probe():
            while not stop.is_set():
                probes.append(http_get(app.port, "/health/live", 3))
                time.sleep(0.25)

        prober = threading.Thread(target=probe, daemon=True)
        prober.start()
        # a body of 10,000 bytes at 2 bytes/s; the floor is 4,096 B/s after the grace
        trickle = socket.create_connection(("127.0.0.1", app.port), timeout=30)
        trickle.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 10000\r\n\r\n{")
        trickle_t0, trickle_answer = now(), [b""]

        def drip():
            trickle.settimeout(0.5)
            while now() - trickle_t0 < 30:
                try:
                    d = trickle.recv(65536)
                    if not d:
                        return
                    trickle_answer[0] += d
                except socket.timeout:
                    try:
                        trickle.send(b" ")
                    except OSError:
                        return
                except OSError:
                    return

        dripper = threading.Thread(target=drip, daemon=True)
        dripper.start()
        idle = socket.create_connection(("127.0.0.1", app.port), timeout=2)
        idle_ok = http_get(app.port, "/", 2, idle)[0] == 200
        idle_t0 = now()
        socks, sent_at = open_many(app.port, n, b"GET / HTTP/1.1\r\nHost: x\r\n")
        sel = selectors.DefaultSelector()
        for s in sent_at:
            sel.register(s, selectors.EVENT_READ)
        idle.setblocking(False)
        sel.register(idle, selectors.EVENT_READ)
        closed_after, idle_secs, end = [], None, now() + max(header_s, idle_s) + 10
        while (len(closed_after) < len(sent_at) or idle_secs is None) and now() < end:
            for key, _ in sel.select(0.2):
                s = key.fileobj
                try:
                    d = s.recv(4096)
                except BlockingIOError:
                    continue
                except OSError:
                    d = b""
                if not d:
                    sel.unregister(s)
                    if s is idle:
                        idle_secs = now() - idle_t0
                    else:
                        closed_after.append(now() - sent_at[s])
        idle_closed = idle_secs is not None
        idle_secs = idle_secs if idle_closed else now() - idle_t0
        dripper.join(30)
        trickle_secs = now() - trickle_t0
        stop.set()
        prober.join()
        worst = max(closed_after, default=float("inf"))
        check(len(closed_after) == len(sent_at) == n and worst <= header_s + slack,
              f"{len(closed_after)}/{n} unfinished requests closed (sent {len(sent_at)}); slowest {worst:.2f} s, "
              f"bound {header_s} s + {slack} s")
        bad = [p for p in probes if p[0] != 200]
        check(probes and not bad, f"/health/live throughout: {len(probes) - len(bad)}/{len(probes)} probes answered 200 "
              f"(3 s timeout; slowest {max((p[1] for p in probes), default=0) * 1000:.0f} ms)")
        answer = trickle_answer[0].decode("latin-1")
        limit = grace_s + 10000 / 4096 + 2
        check(answer.startswith("HTTP/1.1 408") and "application/problem+json" in answer and trickle_secs <= limit,
              f"trickled body (2 B/s, floor 4096 B/s after {grace_s} s): {answer[:12] or 'no answer'} problem "
              f"after {trickle_secs:.1f} s (bound {limit:.1f} s)")
        check(idle_ok and idle_closed and idle_secs <= idle_s + 2.5,
              f"idle keep-alive connection closed after {idle_secs:.1f} s (idle timeout {idle_s} s for the drill)")
        for s in socks:
            s.close()
    finally:
        app.stop()


def wrk(port, seconds=10):
    out = subprocess.run(["wrk", "-t2", "-c5000", f"-d{seconds}s", "--timeout", "5s", f"http://127.0.0.1:{port}/"],
                         capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "timeouts": int(errors.group(4)) if errors else 0,
            "connect_errors": int(errors.group(1)) if errors else 0, "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "max_latency": re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", out).group(1), "raw": out}


def settle(port, limit=30):
    """Waits until the server answers one request within 1 s: the last run's 5,000 closes are done."""
    end = now() + limit
    while now() < end and http_get(port, "/", 1)[0] != 200:
        time.sleep(0.5)


def sample_rss(svc, stop, peak):
    while not stop.is_set():
        peak[0] = max(peak[0], svc.rss_mb())
        time.sleep(0.2)


WARMUP_RUNS = int(os.environ.get("DRILL_WARMUP_RUNS", "4"))


def drill_load():
    opts = os.environ.get("DRILL_JAVA_OPTS", "-Xmx256m").split()
    rounds = int(os.environ.get("DRILL_ROUNDS", "2"))
    print(f"\n== 5,000 connections: wrk -t2 -c5000 -d10s --timeout 5s on GET /, service vs bare Helidon "
          f"({' '.join(opts)}; both up, runs alternate, {rounds} rounds)", flush=True)
    bare = Prestarted("bare", main="fluxor.enterprise.server.BareServer", nofile=20000, java_opts=opts)
    service = Prestarted("service", nofile=20000, java_opts=opts)
    servers = {"bare": bare.get(), "service": service.get()}
    runs = {"bare": [], "service": []}
    try:
        # Warm-up, excluded from the figures: JIT and connection set-up paths, 4 x 8 s a server by default. 3 s was
        # not enough: throughput kept rising over the next 30 s of load (3.7k, 7.2k, 9.2k req/s in three runs), and
        # a first-run service (more code to compile than bare Helidon) had requests over 5 s that warm runs do not.
        for _ in range(WARMUP_RUNS):
            for svc in servers.values():
                wrk(svc.port, 8)
                settle(svc.port)
        for i in range(rounds):
            for label, svc in servers.items():
                stop, peak = threading.Event(), [0.0]
                sampler = threading.Thread(target=sample_rss, args=(svc, stop, peak), daemon=True)
                sampler.start()
                settle(svc.port)
                r = wrk(svc.port)
                stop.set()
                sampler.join()
                r["rss"] = peak[0]
                runs[label].append(r)
                print(f"  round {i + 1} {label}: {r['rps']:.0f} req/s, {r['timeouts']} over 5 s, {r['non2xx']} non-2xx "
                      f"(shed), {r['connect_errors']} connect errors, max latency {r['max_latency']}, "
                      f"peak RSS {r['rss']:.0f} MB", flush=True)
                if r["rps"] == 0:
                    print("    wrk said: " + " | ".join(r["raw"].strip().splitlines()[-6:]), flush=True)
    finally:
        for svc in servers.values():
            svc.stop()
    s_rps = sorted(r["rps"] for r in runs["service"])[len(runs["service"]) // 2]
    b_rps = sorted(r["rps"] for r in runs["bare"])[len(runs["bare"]) // 2]
    over = sum(r["timeouts"] for r in runs["service"])
    shed = sum(r["non2xx"] for r in runs["service"])
    rss = max(r["rss"] for r in runs["service"])
    check(over == 0, f"service: {over} requests over 5 s in {rounds} runs ({shed} shed with 503; bare Helidon: "
          f"{sum(r['timeouts'] for r in runs['bare'])} over 5 s)")
    check(b_rps > 0 and s_rps >= 0.9 * b_rps, f"service throughput {s_rps:.0f} req/s = "
          f"{s_rps / b_rps if b_rps else float('nan'):.2f}x bare Helidon "
          f"({b_rps:.0f} req/s; medians of the runs), target >= 0.90x")
    check(rss <= 512, f"service peak RSS {rss:.0f} MB (target <= 512 MB; bare {max(r['rss'] for r in runs['bare']):.0f} MB)")


def main():
    which = [a for a in sys.argv[1:] if not a.startswith("--")] or ["all"]
    names = ["descriptors", "slow", "load"] if which == ["all"] else which
    slow = start_slow_service() if "slow" in names else None  # starts while the first drill runs
    for name in names:
        if name == "descriptors":
            # quick: one service under the 1,024-descriptor limit serves both drills (JVM starts dominate in CI)
            drill_descriptors(slow if QUICK else None)
        elif name == "slow":
            drill_slow(slow)
        elif name == "load" and not QUICK:
            drill_load()
    print(f"\nconnection drills: {failures} failed", flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
