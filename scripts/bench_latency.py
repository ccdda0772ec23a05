#!/usr/bin/env python3
"""Measures Mobflow's control latency on the real app (run under Xvfb, after a build):

  * CLI round trip: `mobflow status --json` as a process, start to exit;
  * socket round trip: one status request on the control socket, connect to answer;
  * shortcut to UI: an X key press (xdotool) until the main window's DOM shows the new state,
    read through tauri-driver + WebKitWebDriver;
  * turn end (with --turn-end N): how late after the wall-clock deadline the app shows the
    hand-over, over N one-minute turns.

Usage: xvfb-run -a dbus-run-session -- python3 scripts/bench_latency.py [BINARY] [ROUNDS] [--turn-end N]
Prints median and p99 in milliseconds. A benchmark, not a test: it asserts nothing.
"""
import json, os, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

args = [a for a in sys.argv[1:]]
TURN_END = 0
if "--turn-end" in args:
    i = args.index("--turn-end")
    TURN_END = int(args[i + 1])
    del args[i:i + 2]
BIN = os.path.abspath(args[0] if args else "target/debug/mobflow")
APP = os.path.join(os.path.dirname(BIN), "mobflow-app")  # the app, beside the CLI
ROUNDS = int(args[1]) if len(args) > 1 else 200
data = tempfile.mkdtemp(prefix="mobflow-bench-")
runtime = tempfile.mkdtemp(prefix="mobflow-bench-rt-")
env = dict(os.environ, MOBFLOW_DATA_DIR=data, XDG_RUNTIME_DIR=runtime, NO_AT_BRIDGE="1")


def cli(*args):
    return subprocess.run([BIN, *args], env=env, capture_output=True, text=True)


def summary(name, samples):
    samples = sorted(samples)
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(f"{name:<22} median {statistics.median(samples):7.2f} ms   p99 {p99:7.2f} ms   (n={len(samples)})")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wd(port, method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=json.dumps({} if body is None else body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"{}")


driver_port, native_port = free_port(), free_port()
driver = shutil.which("tauri-driver") or os.path.expanduser("~/.cargo/bin/tauri-driver")
td = subprocess.Popen([driver, "--port", str(driver_port), "--native-port", str(native_port),
                       "--native-driver", "/usr/bin/WebKitWebDriver"], env=env,
                      stdout=subprocess.DEVNULL, stderr=open("/tmp/td-bench.log", "w"))
try:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", driver_port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    caps = {"capabilities": {"alwaysMatch": {"browserName": "wry", "tauri:options": {"application": APP}}}}
    for attempt in range(50):
        try:
            session = wd(driver_port, "POST", "/session", caps)["value"]["sessionId"]
            break
        except OSError:
            time.sleep(0.1)  # the native driver is still starting
    for _ in range(200):
        if cli("status").returncode == 0:
            break
        time.sleep(0.05)
    for name in ["Ada", "Bob", "Cy"]:
        cli("roster", "add", name)
    cli("settings", "--patch", json.dumps({"shortcuts": {"toggle": "Ctrl+Alt+Shift+F9"}}))

    samples = []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        cli("status", "--json")
        samples.append((time.perf_counter() - t) * 1000)
    summary("CLI round trip", samples)

    sock_path = next(os.path.join(runtime, d, "control.sock") for d in os.listdir(runtime) if d.startswith("mobflow-"))

    def ask_status():
        """One status request on the control socket: its raw answer line."""
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(sock_path)
            s.sendall(b'{"op":"status"}\n')
            buf = b""
            while not buf.endswith(b"\n"):
                buf += s.recv(65536)
        return buf

    def status():
        return json.loads(ask_status())["snapshot"]

    samples = []
    for _ in range(ROUNDS * 5):
        t = time.perf_counter()
        ask_status()
        samples.append((time.perf_counter() - t) * 1000)
    summary("socket round trip", samples)

    script = {"script": "return document.getElementById('state').textContent", "args": []}
    # The window renders its first snapshot a moment after the session starts.
    present = {"script": "return document.getElementById('state') !== null", "args": []}
    for _ in range(400):
        if wd(driver_port, "POST", f"/session/{session}/execute/sync", present)["value"]:
            break
        time.sleep(0.025)
    samples = []
    for _ in range(min(ROUNDS, 60)):
        before = wd(driver_port, "POST", f"/session/{session}/execute/sync", script)["value"]
        t = time.perf_counter()
        subprocess.run(["xdotool", "key", "--clearmodifiers", "ctrl+alt+shift+F9"], check=True)
        while True:
            now = wd(driver_port, "POST", f"/session/{session}/execute/sync", script)["value"]
            if now != before:
                break
            if time.perf_counter() - t > 5:
                print("the shortcut did not reach the UI within 5 s", file=sys.stderr)
                break
        samples.append((time.perf_counter() - t) * 1000)
    summary("shortcut to UI", samples)

    if TURN_END:
        from datetime import datetime
        cli("end")
        cli("turn-length", "1")
        samples = []
        for _ in range(TURN_END):
            if status()["state"] == "handover":
                cli("next")
            else:
                cli("start")
            deadline = datetime.fromisoformat(status()["deadline"].replace("Z", "+00:00")).timestamp()
            time.sleep(max(0, deadline - time.time() - 1))
            while status()["state"] == "running":
                time.sleep(0.002)
            samples.append((time.time() - deadline) * 1000)
        summary("turn end after deadline", samples)
    wd(driver_port, "DELETE", f"/session/{session}")
finally:
    td.terminate()
    td.wait()
    shutil.rmtree(data, ignore_errors=True)
    shutil.rmtree(runtime, ignore_errors=True)
