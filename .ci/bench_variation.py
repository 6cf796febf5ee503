"""The measuring half of .ci/bench-variation: runs against a server already started on a
generated network. Prints figures and ratios against baselines measured in the same run."""
import http.client, json, re, sqlite3, statistics, subprocess, sys, time, urllib.parse

port, work, secs, db = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
base = f"http://127.0.0.1:{port}"
conn = http.client.HTTPConnection("127.0.0.1", int(port))


def request(method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse()
    return r.status, dict(r.getheaders()), r.read()


for _ in range(500):
    try:
        if request("GET", "/healthz")[0] == 200:
            break
    except OSError:
        conn.close(); time.sleep(0.02)

creds = {"email": "bench@example.org", "password": "a long bench password"}
status, _, body = request("POST", "/api/v1/tokens", json.dumps({**creds, "name": "bench"}),
                          {"Content-Type": "application/json"})
token = json.loads(body)["token"]
# Sign in as a browser does: the form's CSRF token, then the post, keeping the session cookie.
status, headers, form = request("GET", "/sign-in")
cookie = headers["set-cookie"].split(";")[0]
csrf = re.search(rb'name="csrf_token" value="([^"]+)"', form).group(1).decode()
status, headers, _ = request("POST", "/sign-in",
                             urllib.parse.urlencode({**creds, "next": "/", "csrf_token": csrf}),
                             {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                              "Origin": base})
assert status == 303, status
cookie = headers["set-cookie"].split(";")[0]

# Last year (a whole year of visits; this year runs only to today), its teams and its shared
# rubric measure.
q = sqlite3.connect(db)
year = q.execute("SELECT id FROM program_years ORDER BY start_date DESC LIMIT 1 OFFSET 1").fetchone()[0]
teams = [r[0] for r in q.execute("SELECT id FROM teams WHERE program_year_id = ? ORDER BY id", (year,))]
measure = q.execute("SELECT id FROM measures WHERE program_year_id = ? AND team_id IS NULL "
                    "AND kind = 'rubric' ORDER BY id LIMIT 1", (year,)).fetchone()[0]
total = q.execute("SELECT count(*) FROM observations").fetchone()[0]
per_team = q.execute("SELECT count(*) FROM observations o JOIN classrooms c ON c.id = o.classroom_id "
                     "WHERE c.team_id = ? AND o.measure_id = ?", (teams[0], measure)).fetchone()[0]
q.close()
print(f"data: {total:,} observations; {len(teams)} teams last year; "
      f"a team's dashboard reads {per_team:,} observations of the measure")

# 2. Uncached: every request a dashboard not yet built (distinct team, period, baseline).
# (A team has only as many cycle periods as cycles, so cycles are charted without a baseline.)
kinds = [("week", ""), ("week", "3"), ("week", "6"), ("month", ""), ("month", "3"), ("cycle", "")]
combos = [(t, p, b) for p, b in kinds for t in teams]
times = []
for t, p, b in combos[:300]:
    path = f"/teams/{t}/variation?measure={measure}&period={p}&baseline={b}"
    start = time.perf_counter()
    status, headers, page = request("GET", path, headers={"Cookie": cookie})
    times.append((time.perf_counter() - start) * 1000)
    assert status == 200, (path, status, page[:300])
    assert b"<svg" in page, path
    assert headers.get("X-Cache", headers.get("x-cache")) == "miss", (path, headers)
times.sort()
p95 = times[int(len(times) * 0.95) - 1]
print(f"dashboard uncached ({len(times)} distinct): p50 {statistics.median(times):.1f} ms   "
      f"p95 {p95:.1f} ms   max {times[-1]:.1f} ms   (target p95 <= 50 ms)")

# 3. Cached, with wrk, against the bare handler of the same server.
page = f"/teams/{teams[0]}/variation?measure={measure}&period=week"
status, headers, _ = request("GET", page, headers={"Cookie": cookie})
status, headers, _ = request("GET", page, headers={"Cookie": cookie})
assert headers.get("X-Cache", headers.get("x-cache")) == "hit", headers
with open(f"{work}/cookie.lua", "w") as f:
    f.write('wrk.headers["Cookie"] = "%s"\n' % cookie)


def wrk(path):
    out = subprocess.run(["wrk", "-t2", "-c8", f"-d{secs}s", "-s", f"{work}/cookie.lua", base + path],
                         capture_output=True, text=True, check=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if bad:
        raise SystemExit(f"{path}: {bad.group(1)} failed responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


bare = wrk("/healthz")
cached = wrk(page)
conn.close()  # idle through wrk: the server has dropped it; the next request reconnects
print(f"bare handler (GET /healthz)        {bare:9.0f} req/s")
print(f"dashboard cached (wrk)             {cached:9.0f} req/s   {cached / bare:5.2f}x bare (target >= 0.25)")

# 4. Network roll-up, warm, against the plain SQL in the sqlite3 shell, warm.
api = f"/api/v1/network/variation?measure={measure}&period=week"
runs = []
for i in range(13):
    start = time.perf_counter()
    status, _, body = request("GET", api, headers={"Authorization": f"Bearer {token}"})
    assert status == 200, (status, body[:300])
    if i >= 3:
        runs.append((time.perf_counter() - start) * 1000)
api_ms = statistics.median(runs)
sql = open(".ci/network-rollup.sql").read()
script = f".parameter set :measure {measure}\n.output /dev/null\n" + (".timer off\n" + sql + "\n") * 3
script += "".join(f".timer on\n{sql}\n" for _ in range(10))
out = subprocess.run(["sqlite3", db], input=script, capture_output=True, text=True, check=True)
shell = [float(x) * 1000 for x in re.findall(r"Run Time: real ([\d.]+)", out.stdout + out.stderr)]
assert len(shell) >= 10, out.stdout[-500:] + out.stderr[-500:]
shell_ms = statistics.median(shell)
print(f"network roll-up, sqlite3 shell     {shell_ms:9.1f} ms (median of {len(shell)}, warm)")
print(f"network roll-up, GET …/network/variation {api_ms:6.1f} ms (median of {len(runs)}, warm)   "
      f"{api_ms / shell_ms:5.2f}x the shell (target <= 1.5)")
