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


def test_p95_is_the_nearest_rank_of_the_timings_not_always_the_slowest():
    """p95 of 20 requests is the 19th fastest (nearest rank, ceil(0.95 x 20)); of 5 or
    fewer it is the slowest; p50 is the median."""
    from decisions.bench.site import Timing

    twenty = Timing("page", "/", 200, [float(ms) for ms in range(20, 0, -1)])
    assert (twenty.p50, twenty.p95, twenty.max) == (10.5, 19.0, 20.0)
    forty = Timing("page", "/", 200, [float(ms) for ms in range(1, 41)])
    assert forty.p95 == 38.0
    five = Timing("page", "/", 200, [5.0, 1.0, 4.0, 2.0, 3.0])
    assert (five.p50, five.p95) == (3.0, 5.0)
