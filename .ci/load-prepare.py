"""Prepares `.ci/load`'s wrk script against a server with the demo collective: a director's
token, a coach's session cookie, the Alder Creek team's ids, and a Lua mix of requests that
counts every response by status (threads report in `done`).

Usage: python3 .ci/load-prepare.py BASE_URL OUT.lua
"""
import json
import re
import sys
import time
import urllib.parse
import urllib.request

base, out = sys.argv[1], sys.argv[2]


def call(method, path, body=None, token=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, method=method, data=data)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def session_cookie(email, password):
    """Signs in through the form as a browser would; the pdsa_session cookie."""
    with urllib.request.urlopen(base + "/sign-in") as r:
        page = r.read().decode()
        cookie = r.headers["Set-Cookie"].split(";")[0]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf_token": csrf, "email": email, "password": password}).encode()
    req = urllib.request.Request(base + "/sign-in", data=form, method="POST")
    req.add_header("Cookie", cookie)
    req.add_header("Origin", base)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(req)
    except urllib.error.HTTPError as e:
        return e.headers["Set-Cookie"].split(";")[0]
    raise SystemExit("sign-in did not redirect")


for _ in range(600):
    try:
        urllib.request.urlopen(base + "/readyz")
        break
    except OSError:
        time.sleep(0.05)

token = call("POST", "/api/v1/tokens", {"email": "director@demo.pdsa", "password": "pdsa-demo", "name": "load"})["token"]
cookie = session_cookie("coach@demo.pdsa", "pdsa-demo")
teams = call("GET", "/api/v1/teams?limit=1000", token=token)["items"]
team = max((t for t in teams if t["name"].startswith("Alder Creek")), key=lambda t: t["id"])
tid = team["id"]
rooms = [c["id"] for c in call("GET", f"/api/v1/teams/{tid}/classrooms", token=token)["items"]]
measures = call("GET", f"/api/v1/teams/{tid}/measures", token=token)["items"]
measure = next(m for m in measures if m["kind"] == "rubric")
cycles = call("GET", f"/api/v1/teams/{tid}/cycles", token=token)["items"]
cycle = next((c for c in cycles if c["status"] == "planning"), cycles[0])["id"]
year = call("GET", f"/api/v1/program-years/{team['program_year_id']}", token=token)
year = year.get("year", year)
# Observations may not lie in the future: dates from the year's start up to yesterday.
import datetime
start = datetime.date.fromisoformat(year["start_date"])
span = max(1, min(300, (datetime.date.today() - start).days - 1))

lua = """
local token, cookie = %(token)s, %(cookie)s
local team, cycle, measure = %(team)d, %(cycle)d, %(measure)d
local rooms = {%(rooms)s}
local first = os.time{year=%(y)d, month=%(m)d, day=%(d)d, hour=12}
counts = {}
local version, n = 1, 0
local api = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
local page = {["Cookie"] = cookie}

local function day()
  return os.date("%%Y-%%m-%%d", first + 86400 * math.random(0, %(span)d))
end

local function observation(room, date)
  return string.format('{"date":"%%s","classroom_id":%%d,"measure_id":%%d,"value":%%d}',
    date, room, measure, math.random(1, 4))
end

function setup(thread)
  thread:set("id", math.random(1, 1000000))
end

function init()
  math.randomseed(os.time() + id)
end

request = function()
  n = n + 1
  local k = n %% 10
  if k == 0 or k == 1 then
    return wrk.format("GET", "/api/v1/teams/" .. team .. "/cycles", api)
  elseif k == 2 then
    return wrk.format("GET", "/teams/" .. team .. "/variation?measure=" .. measure .. "&period=week", page)
  elseif k == 3 then
    return wrk.format("GET", "/teams/" .. team .. "/variation?measure=" .. measure .. "&period=week&baseline=" .. math.random(1, 12), page)
  elseif k == 4 then
    return wrk.format("GET", "/teams/" .. team, page)
  elseif k == 5 or k == 6 then
    local room = rooms[math.random(1, #rooms)]
    return wrk.format("POST", "/api/v1/teams/" .. team .. "/observations", api, observation(room, day()))
  elseif k == 7 then
    local date, items = day(), {}
    for i, room in ipairs(rooms) do items[i] = observation(room, date) end
    return wrk.format("POST", "/api/v1/teams/" .. team .. "/observations/bulk", api,
      '{"replace":true,"items":[' .. table.concat(items, ",") .. ']}')
  elseif k == 8 then
    return wrk.format("GET", "/api/v1/cycles/" .. cycle, api)
  else
    return wrk.format("PUT", "/api/v1/cycles/" .. cycle, api,
      string.format('{"version":%%d,"objective":"load %%d"}', version, n))
  end
end

response = function(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  local v = body and string.match(body, '"version"%%s*:%%s*(%%d+)')
  if v then version = tonumber(v) end
end

function done(summary, latency, requests)
  -- counts live in each thread's own Lua state: wrk hands them over through thread:get.
  local total = {}
  for _, t in ipairs(threads_list or {}) do
    for status, c in pairs(t:get("counts")) do total[status] = (total[status] or 0) + c end
  end
  local secs = summary.duration / 1e6
  io.write(string.format("requests/s %%.0f  p50 %%.1f ms  p99 %%.1f ms  (%%d requests, %%d socket errors)\\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  local keys, server_errors = {}, 0
  for status in pairs(total) do keys[#keys + 1] = status end
  table.sort(keys)
  for _, status in ipairs(keys) do
    io.write(string.format("  %%d: %%d\\n", status, total[status]))
    if status >= 500 then server_errors = server_errors + total[status] end
  end
  io.write(string.format("5xx responses: %%d\\n", server_errors))
end
""" % {
    "token": json.dumps(token), "cookie": json.dumps(cookie), "team": tid, "cycle": cycle,
    "measure": measure["id"], "rooms": ",".join(str(r) for r in rooms),
    "span": span, "y": int(year["start_date"][:4]), "m": int(year["start_date"][5:7]), "d": int(year["start_date"][8:10]),
}
# setup() keeps every thread so that done() can read their counts.
lua = lua.replace('function setup(thread)\n', 'threads_list = {}\nfunction setup(thread)\n  table.insert(threads_list, thread)\n', 1)
with open(out, "w") as f:
    f.write(lua)
