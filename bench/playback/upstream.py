#!/usr/bin/env python3
"""A local IPTV upstream for the playback benchmark: /live/<name>.ts sends a real MPEG-TS file (made by ffmpeg) in a
loop, paced to BITRATE bits per second, to every connection. /stats reports connections opened per path and the
most open at once, so the benchmark can check that the proxy opened one upstream connection per channel.

Usage: upstream.py PORT TS_FILE BITRATE
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, ts_file, bitrate = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
data = open(ts_file, "rb").read()
chunk = 188 * 70  # about 13 kB
interval = chunk * 8 / bitrate
lock = threading.Lock()
opened, current, peak = {}, {}, {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/stats":
            body = json.dumps({"opened": opened, "peak": peak}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        path = self.path
        with lock:
            opened[path] = opened.get(path, 0) + 1
            current[path] = current.get(path, 0) + 1
            peak[path] = max(peak.get(path, 0), current[path])
        try:
            self.send_response(200)
            self.send_header("Content-Type", "video/mp2t")
            self.send_header("Connection", "close")
            self.end_headers()
            pos, next_at = 0, time.monotonic()
            while True:
                end = pos + chunk
                part = data[pos:end] if end <= len(data) else data[pos:] + data[: end - len(data)]
                self.wfile.write(part)
                pos = end % len(data)
                next_at += interval
                delay = next_at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with lock:
                current[path] -= 1


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
