"""The measuring half of .ci/bench-api: sets up one change idea through the API, then runs wrk
against the bare handler, cycle creates and the 1,000-cycle list of one server."""
import json, re, subprocess, sys, time, urllib.request

port, work, secs, engine = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
base = f"http://127.0.0.1:{port}"
PEER_CREATES, PEER_LISTS = 257, 5.0  # simply-plc/pdsa (Django), measured on this machine (issue 11)


def call(method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")


def unwrap(value, key):
    return value.get(key, value)


for _ in range(500):
    try:
        urllib.request.urlopen(base + "/healthz")
        break
    except OSError:
        time.sleep(0.02)
token = call("POST", "/api/v1/tokens", {"email": "bench@example.org",
             "password": "a long bench password", "name": "bench"})["token"]
year = unwrap(call("POST", "/api/v1/program-years", {}, token), "year")
district = call("POST", "/api/v1/districts", {"name": "Bench District"}, token)
call("POST", f"/api/v1/program-years/{year['id']}/memberships", {"district_id": district["id"]}, token)
team = unwrap(call("POST", "/api/v1/teams", {"program_year_id": year["id"], "district_id": district["id"]}, token), "team")
driver = unwrap(call("POST", f"/api/v1/teams/{team['id']}/drivers", {"title": "Discourse"}, token), "driver")
idea = unwrap(call("POST", f"/api/v1/teams/{team['id']}/change-ideas",
                   {"driver_id": driver["id"], "title": "Talk moves"}, token), "change_idea")
cycle = {"title": "Turn and talk", "objective": "More students explain their reasoning",
         "planned_start": year["start_date"], "planned_end": year["start_date"],
         "questions": [{"question": "Will more students talk?", "prediction": "Yes, half of them"}]}
with open(f"{work}/post.lua", "w") as f:
    f.write('wrk.method = "POST"\nwrk.body = [[%s]]\nwrk.headers["Content-Type"] = "application/json"\n'
            'wrk.headers["Authorization"] = "Bearer %s"\n' % (json.dumps(cycle), token))
with open(f"{work}/get.lua", "w") as f:
    f.write('wrk.headers["Authorization"] = "Bearer %s"\n' % token)


def ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(path, script, conns=8):
    out = subprocess.run(["wrk", "-t2", f"-c{conns}", f"-d{secs}s", "--latency", "-s", script, base + path],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise SystemExit(f"{path}: {non2xx.group(1)} failed responses\n{out}")
    return rps, p99


cycles = f"/api/v1/change-ideas/{idea['id']}/cycles"
bare, bare_p99 = wrk("/healthz", f"{work}/get.lua")
create, create_p99 = wrk(cycles, f"{work}/post.lua")
listed = call("GET", f"{cycles}?limit=1000", token=token)
assert len(listed["items"]) == 1000, len(listed["items"])
listing, list_p99 = wrk(f"{cycles}?limit=1000", f"{work}/get.lua")
print(f"== {engine}: {secs}s per run, 8 keep-alive connections, 2 wrk threads, release build")
print(f"bare handler (GET /healthz)                {bare:9.0f} req/s   p99 {bare_p99:7.2f} ms")
print(f"create a cycle (POST …/cycles)             {create:9.0f} req/s   p99 {create_p99:7.2f} ms"
      f"   {create / bare:6.3f}x bare (goal 0.05, p99 < 50 ms)   {create / PEER_CREATES:5.1f}x the Django peer")
print(f"list 1,000 cycles (GET …/cycles?limit=1000) {listing:8.0f} req/s   p99 {list_p99:7.2f} ms"
      f"   {listing / bare:6.4f}x bare (goal 0.01)   {listing / PEER_LISTS:5.1f}x the Django peer")
