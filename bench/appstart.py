#!/usr/bin/env python3
"""App start to first frame, offscreen, with an existing data folder.

usage: appstart.py APP DATADIR RECORDS [RUNS]

The app has no start-up timing hook of its own yet; this uses Qt's own scene graph timing log
(QT_LOGGING_RULES=qt.scenegraph.time.renderloop.debug=true), which prints "frame rendered" when the
render loop has rendered and swapped a frame. Time is measured from spawning the process to that
line, so it includes loading the binary, opening the store and the first QML load. The process is
left running one more second, then terminated; peak RSS is the child's ru_maxrss.
"""
import json
import os
import select
import signal
import statistics
import subprocess
import sys
import time


def one_run(app, data):
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["QT_LOGGING_RULES"] = "qt.scenegraph.time.renderloop.debug=true"
    env.pop("WAYLAND_DISPLAY", None)
    start = time.monotonic()
    proc = subprocess.Popen([app, "--data", data], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    first = None
    buf = b""
    deadline = start + 60
    while time.monotonic() < deadline and first is None:
        ready, _, _ = select.select([proc.stderr], [], [], 0.5)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        chunk = os.read(proc.stderr.fileno(), 65536)
        if not chunk:
            break
        buf += chunk
        if b"frame rendered" in buf.lower():
            first = (time.monotonic() - start) * 1000
    # Let it settle for a second (models fill, bindings run), then stop it.
    end = time.monotonic() + 1.0
    while time.monotonic() < end and proc.poll() is None:
        ready, _, _ = select.select([proc.stderr], [], [], 0.1)
        if ready and not os.read(proc.stderr.fileno(), 65536):
            break
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    _, status, usage = os.wait4(proc.pid, 0)
    return first, usage.ru_maxrss / 1024.0, buf.decode("utf-8", "replace")[-400:]


def main():
    app, data, records = sys.argv[1], sys.argv[2], int(sys.argv[3])
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    firsts, peaks = [], []
    for _ in range(runs):
        first, peak, tail = one_run(app, data)
        if first is None:
            sys.stderr.write("no frame was rendered; last output:\n" + tail + "\n")
            return 1
        firsts.append(first)
        peaks.append(peak)
    print(json.dumps({"bench": "app_start", "records": records, "runs": runs,
                      "median_ms": round(statistics.median(firsts)), "max_ms": round(max(firsts)),
                      "peak_rss_mb": round(max(peaks), 1),
                      "method": "spawn to first 'frame rendered' (qt.scenegraph.time.renderloop), offscreen"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
