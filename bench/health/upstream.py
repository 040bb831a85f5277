#!/usr/bin/env python3
"""A local IPTV upstream for the health-check benchmark: every /<provider>/<n>.ts answers after DELAY_MS with a few
MPEG-TS packets (sync byte 0x47 every 188 bytes). /stats reports requests and the most concurrent requests seen
per provider prefix, so the benchmark can check that the server's concurrency limits held.

Usage: upstream.py PORT DELAY_MS
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, delay = int(sys.argv[1]), int(sys.argv[2]) / 1000.0
packet = bytes([0x47]) + bytes(187)
body = packet * 64
lock = threading.Lock()
current, peak, total = {}, {}, {}

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/stats":
            data = json.dumps({"peak": peak, "requests": total}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        prefix = self.path.split("/")[1]
        with lock:
            current[prefix] = current.get(prefix, 0) + 1
            peak[prefix] = max(peak.get(prefix, 0), current[prefix])
            total[prefix] = total.get(prefix, 0) + 1
        try:
            time.sleep(delay)
            self.send_response(200)
            self.send_header("Content-Type", "video/mp2t")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        finally:
            with lock:
                current[prefix] -= 1

    def log_message(self, *args):
        pass

ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 512
ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
