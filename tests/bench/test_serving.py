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
