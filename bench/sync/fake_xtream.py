#!/usr/bin/env python3
"""A generated Xtream provider for the sync benchmark: N movies, M series (each with E episodes), L live streams.

Usage: fake_xtream.py PORT MOVIES SERIES [LIVE] [EPISODES_PER_SERIES]
Deterministic (seeded); answers player_api.php actions like a real panel (ids as numbers, categories as strings).
"""
import json
import random
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

port, movies, series = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
live = int(sys.argv[4]) if len(sys.argv) > 4 else 0
episodes = int(sys.argv[5]) if len(sys.argv) > 5 else 10
rnd = random.Random(20240501)
words = ["Night", "City", "Lost", "Blue", "Empire", "Shadow", "River", "Star", "Last", "Silent", "Iron", "Golden"]

def title(i):
    return f"{rnd.choice(words)} {rnd.choice(words)} {i} ({1970 + i % 55})"

cats = [{"category_id": str(c), "category_name": f"Genre {c}", "parent_id": 0} for c in range(1, 41)]
answers = {
    "": json.dumps({"user_info": {"username": "u", "password": "p", "auth": 1, "status": "Active", "exp_date": "1999999999",
                                  "max_connections": "4", "active_cons": "0", "is_trial": "0"},
                    "server_info": {"url": "127.0.0.1", "port": str(port), "timezone": "UTC"}}),
    "get_live_categories": json.dumps(cats), "get_vod_categories": json.dumps(cats), "get_series_categories": json.dumps(cats),
    "get_live_streams": json.dumps([{"num": i, "name": f"Channel {i} HD", "stream_type": "live", "stream_id": 100000 + i,
                                     "stream_icon": "", "epg_channel_id": f"ch{i}", "category_id": str(1 + i % 40)} for i in range(live)]),
    "get_vod_streams": json.dumps([{"num": i, "name": title(i), "stream_type": "movie", "stream_id": 200000 + i,
                                    "stream_icon": f"http://img.example/{i}.jpg", "rating": "7.1", "category_id": str(1 + i % 40),
                                    "container_extension": "mkv"} for i in range(movies)]),
    "get_series": json.dumps([{"num": i, "name": title(i), "series_id": 300000 + i, "cover": f"http://img.example/s{i}.jpg",
                               "plot": "A story.", "category_id": str(1 + i % 40), "last_modified": "1700000000"} for i in range(series)]),
}

def series_info(sid):
    eps = {}
    for e in range(episodes):
        season = str(1 + e // 5)
        eps.setdefault(season, []).append({"id": f"{sid}{e:03d}", "episode_num": 1 + e % 5, "title": f"Episode {e}",
                                           "container_extension": "mp4", "info": {}})
    return json.dumps({"seasons": [], "info": {"name": f"Series {sid}"}, "episodes": eps})

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)
        action = query.get("action", [""])[0]
        body = series_info(query.get("series_id", ["0"])[0]) if action == "get_series_info" else answers.get(action, "[]")
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
