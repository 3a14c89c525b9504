"""The benchmarks' server harness stops its server even when it will not stop by itself
(a load run on a large archive leaves requests running past gunicorn's graceful timeout)."""

import sys
import time

from decisions.bench.site import free_port, serving

# A server that listens and ignores the request to stop, as a busy gunicorn does for a while.
STUBBORN = """
import signal, socket, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
listener = socket.socket()
listener.bind(("127.0.0.1", int(sys.argv[1])))
listener.listen()
time.sleep(600)
"""


def test_a_server_that_ignores_the_stop_signal_is_killed_after_the_grace_period():
    port = free_port()
    started = time.monotonic()
    with serving([sys.executable, "-c", STUBBORN, str(port)], port, grace=1) as process:
        assert process.poll() is None
    assert process.poll() is not None  # gone, not left running
    assert time.monotonic() - started < 20


def test_each_page_is_warmed_by_as_many_requests_as_asked_then_timed():
    """bench_site warms a page on every server thread before it times it."""
    import http.server
    import threading

    from decisions.bench.site import time_urls

    requested = []

    class Counting(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requested.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        timings = time_urls(base, [("a", "/a"), ("b", "/b")], runs=3, warm_up=8)
    finally:
        server.shutdown()
    assert requested == ["/a"] * 11 + ["/b"] * 11
    assert [(timing.name, timing.status, len(timing.times_ms)) for timing in timings] == [
        ("a", 200, 3),
        ("b", 200, 3),
    ]
