"""Performance benchmark: FlareCare against a bare `rasa init` bot, on this machine, in one run.

    .venv/bin/python scripts/benchmark.py [--patients 20] [--length 200]
        [--skip-training] [--skip-bare] [--skip-length] [--database-url URL --redis-url URL]

A benchmark, not a test: it prints figures and PASS/MISS against the targets of
issue #7 and exits 0 whatever they are (non-zero only when something broke).

1. Server ready: ``scripts/serve.py`` on free ports with a temporary data
   directory (SQLite, or PostgreSQL + Redis with ``--database-url``/``--redis-url``),
   timed from process start to ``/status`` answering with the model loaded and
   the action server's ``/health`` ok.
2. Load: N concurrent simulated patients over REST, each an FAQ question and the
   whole flare form with realistic answers, unique senders. Per-message
   p50/p95/p99, throughput, errors, and peak RSS summed over the bot's processes
   (read from /proc).
3. The same for a bare ``rasa init`` bot (its own action server, its greet/mood
   conversation of the same length), trained once and cached under
   ``var/benchmark/`` per Rasa version; the ratio p95(FlareCare)/p95(bare).
4. Conversation length: one FlareCare conversation of ``--length`` messages,
   cycles of ten FAQ and form turns; median latency of messages 1-10 against the
   last ten (the same ten messages).
5. Training: ``rasa train --force`` into a temporary directory.

The machine's load average is printed with the figures: the machine is shared,
and figures taken under load say so.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
CACHE = ROOT / "var" / "benchmark"
TOKEN = "benchmark-token"

TARGET_P95_RATIO = 1.5
TARGET_GROWTH = 0.20
TARGET_TRAINING_S = 180.0
TARGET_READY_S = 20.0

# What patients type: every conversation asks one FAQ, then goes through the whole flare form.
FAQS = [
    "how common is it to break out on accutane?",
    "is it normal for my skin to get worse at first?",
    "how long does the purge usually last?",
    "is a flare a good sign that it's working?",
    "what skincare should I use while on isotretinoin?",
]
FLARE_OPENINGS = [
    "my acne has got way worse since starting isotretinoin",
    "I'm breaking out badly, can you check my flare",
    "can you check my flare",
]
FORM_ANSWERS = [
    ["mild", "no", "no", "6 weeks", "about 2 weeks", "40mg", "70 kg"],
    ["moderate", "no", "no", "three weeks", "a fortnight", "twenty milligrams", "150 lbs"],
    ["mild", "no", "no fever, I feel fine", "5 weeks", "10 days", "2x20mg", "9 stone 4"],
]
# The bare bot's own intents (rasa init), as many messages as a FlareCare patient sends.
BARE_CONVERSATIONS = [
    ["hello", "I am feeling very sad", "no", "hi there", "great, thanks", "are you a bot?",
     "good morning", "very good", "bye"],
    ["hey", "I'm happy", "are you a human?", "hello", "unhappy", "yes", "hi", "amazing", "goodbye"],
]
# One cycle of the long conversation: ten FAQ and form turns. The form is started, asked a
# question (answered, then its question repeated) and stopped, never filled in: every cycle,
# the first included, does the same work, so message 1-10 and 191-200 compare like with like.
LENGTH_CYCLE = [
    "how common is it to break out on accutane?", "tell me more",
    "can you check my flare", "how long does the purge usually last?", "stop",
    "is a flare a good sign that it's working?", "no, thanks",
    "can you check my flare", "how long does the purge usually last?", "stop",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


# --- Processes and memory ---------------------------------------------------------------------------
def _children() -> Dict[int, List[int]]:
    tree: Dict[int, List[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss_mb(root_pid: int) -> float:
    """Resident memory of a process and all its descendants, in MiB (from /proc)."""
    tree, total, todo = _children(), 0, [root_pid]
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


class PeakRss:
    """Samples the summed RSS of process trees every ``interval`` seconds while in a ``with`` block."""

    def __init__(self, root_pids: Sequence[int], interval: float = 0.25) -> None:
        self.root_pids, self.interval, self.peak = list(root_pids), interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(tree_rss_mb(pid) for pid in self.root_pids))
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Bot:
    name: str
    rasa_url: str
    process: subprocess.Popen
    log: Path
    ready_s: float
    extra: List[subprocess.Popen] = field(default_factory=list)

    @property
    def pids(self) -> List[int]:
        return [self.process.pid] + [p.pid for p in self.extra]

    def rss_mb(self) -> float:
        return sum(tree_rss_mb(pid) for pid in self.pids)

    def stop(self) -> None:
        for process in [self.process, *self.extra]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)
        for process in [self.process, *self.extra]:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_ready(checks: Sequence[Callable[[], bool]], processes: Sequence[subprocess.Popen], log: Path,
                timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise RuntimeError(f"a server exited during start-up; log:\n{log.read_text(errors='replace')[-3000:]}")
        if all(check() for check in checks):
            return
        time.sleep(0.1)
    raise RuntimeError(f"not ready after {timeout:.0f}s; log:\n{log.read_text(errors='replace')[-3000:]}")


def _model_loaded(rasa_url: str, token: Optional[str]) -> Callable[[], bool]:
    def check() -> bool:
        try:
            response = requests.get(f"{rasa_url}/status", params={"token": token} if token else None, timeout=2)
            return response.status_code == 200 and bool(response.json().get("model_file"))
        except (requests.RequestException, ValueError):
            return False
    return check


def _healthy(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            return requests.get(url, timeout=2).status_code == 200
        except requests.RequestException:
            return False
    return check


def start_flarecare(work: Path, database_url: Optional[str], redis_url: Optional[str]) -> Bot:
    rasa_port, action_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("FLARECARE_DATABASE_URL", "FLARECARE_REDIS_URL")}
    env.update(FLARECARE_DATA_DIR=str(work), FLARECARE_RASA_TOKEN=TOKEN)
    if database_url:
        env["FLARECARE_DATABASE_URL"] = database_url
    if redis_url:
        env["FLARECARE_REDIS_URL"] = redis_url
    log = work / "serve.log"
    with open(log, "w") as out:
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "serve.py"), "--no-web",
             "--rasa-port", str(rasa_port), "--action-port", str(action_port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    try:
        _wait_ready([_model_loaded(rasa_url, TOKEN), _healthy(f"http://127.0.0.1:{action_port}/health")],
                    [process], log)
    except BaseException:
        Bot("flarecare", rasa_url, process, log, 0.0).stop()
        raise
    return Bot("flarecare", rasa_url, process, log, time.monotonic() - started)


def bare_project() -> Path:
    """A `rasa init` project with its trained model, cached per Rasa version under var/benchmark/."""
    import rasa

    project = CACHE / f"rasa-init-{rasa.__version__}"
    if not list((project / "models").glob("*.tar.gz")):
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)  # `rasa init --init-dir` wants it to exist
        print(f"creating and training the bare `rasa init` bot in {project} (once per Rasa version) ...", flush=True)
        subprocess.run([str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(project)],
                       cwd=project.parent, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    return project


def start_bare(work: Path) -> Bot:
    project = bare_project()
    model = sorted((project / "models").glob("*.tar.gz"))[-1]
    rasa_port, action_port = free_port(), free_port()
    endpoints = work / "bare-endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n')
    log = work / "bare.log"
    with open(log, "w") as out:
        started = time.monotonic()
        rasa = subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "--enable-api", "--port", str(rasa_port), "--interface", "127.0.0.1",
             "--model", str(model), "--endpoints", str(endpoints)],
            cwd=project, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
        actions = subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "actions", "--port", str(action_port), "--actions", "actions"],
            cwd=project, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    bot = Bot("bare", rasa_url, rasa, log, 0.0, [actions])
    try:
        _wait_ready([_model_loaded(rasa_url, None), _healthy(f"http://127.0.0.1:{action_port}/health")],
                    [rasa, actions], log)
    except BaseException:
        bot.stop()
        raise
    bot.ready_s = time.monotonic() - started
    return bot


# --- Driving conversations ----------------------------------------------------------------------------
@dataclass
class Run:
    latencies: List[float] = field(default_factory=list)  # seconds, one per message
    errors: int = 0
    wall_s: float = 0.0
    peak_rss_mb: float = 0.0


def send(session: requests.Session, bot: Bot, sender: str, text: str, run: Run) -> float:
    started = time.perf_counter()
    try:
        response = session.post(f"{bot.rasa_url}/webhooks/rest/webhook",
                                json={"sender": sender, "message": text}, timeout=120)
        ok = response.status_code == 200 and bool(response.json())
    except (requests.RequestException, ValueError):
        ok = False
    elapsed = time.perf_counter() - started
    if not ok:
        run.errors += 1
    return elapsed


def flarecare_conversation(i: int) -> List[str]:
    return [FAQS[i % len(FAQS)], FLARE_OPENINGS[i % len(FLARE_OPENINGS)], *FORM_ANSWERS[i % len(FORM_ANSWERS)]]


def bare_conversation(i: int) -> List[str]:
    return BARE_CONVERSATIONS[i % len(BARE_CONVERSATIONS)]


def load_run(bot: Bot, patients: int, conversation: Callable[[int], List[str]]) -> Run:
    """Every patient in its own thread, all at once; each sends its messages one after another."""
    run, lock = Run(), threading.Lock()
    barrier = threading.Barrier(patients)

    def patient(i: int) -> None:
        sender = f"bench-{bot.name}-{uuid.uuid4().hex[:10]}"
        timings = []
        with requests.Session() as session:
            barrier.wait()
            for text in conversation(i):
                timings.append(send(session, bot, sender, text, run))
        with lock:
            run.latencies.extend(timings)

    threads = [threading.Thread(target=patient, args=(i,)) for i in range(patients)]
    with PeakRss(bot.pids) as rss:
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        run.wall_s = time.perf_counter() - started
    run.peak_rss_mb = rss.peak
    return run


def length_run(bot: Bot, length: int) -> List[float]:
    sender = f"bench-length-{uuid.uuid4().hex[:10]}"
    run = Run()
    with requests.Session() as session:
        latencies = [send(session, bot, sender, LENGTH_CYCLE[i % len(LENGTH_CYCLE)], run) for i in range(length)]
    if run.errors:
        print(f"  long conversation: {run.errors} failed messages", flush=True)
    return latencies


def training_time() -> float:
    with tempfile.TemporaryDirectory(prefix="flarecare-train-") as out:
        started = time.monotonic()
        subprocess.run([str(VENV_BIN / "rasa"), "train", "--force", "--out", out, "--quiet"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        return time.monotonic() - started


# --- Figures ----------------------------------------------------------------------------------------------
def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def describe(name: str, run: Run) -> str:
    ms = [v * 1000 for v in run.latencies]
    return (f"{name:<10} {len(ms):>5} msgs  p50 {percentile(ms, 50):7.0f} ms  p95 {percentile(ms, 95):7.0f} ms  "
            f"p99 {percentile(ms, 99):7.0f} ms  {len(ms) / run.wall_s:6.1f} msg/s  "
            f"peak RSS {run.peak_rss_mb:6.0f} MiB  errors {run.errors}")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, default=20, help="concurrent simulated patients (default 20)")
    parser.add_argument("--length", type=int, default=200,
                        help="messages in the long conversation (default 200; at least 10)")
    parser.add_argument("--skip-training", action="store_true", help="do not time `rasa train`")
    parser.add_argument("--skip-bare", action="store_true", help="do not measure the bare `rasa init` bot")
    parser.add_argument("--skip-length", action="store_true", help="do not run the long conversation")
    parser.add_argument("--database-url", help="PostgreSQL URL for FlareCare (default: SQLite in a temp dir)")
    parser.add_argument("--redis-url", help="Redis URL for the lock store (with --database-url)")
    args = parser.parse_args(argv)
    if args.length < 10 or args.patients < 1:
        parser.error("--length must be at least 10 and --patients at least 1")
    if not (ROOT / "models" / "flarecare.tar.gz").exists():
        raise SystemExit("no trained model: run `make setup` first")

    targets: List[tuple] = []
    print(f"load average at start: {load_average()} ({os.cpu_count()} cores)", flush=True)
    with tempfile.TemporaryDirectory(prefix="flarecare-bench-") as tmp:
        work = Path(tmp)
        print("starting FlareCare ...", flush=True)
        flarecare = start_flarecare(work, args.database_url, args.redis_url)
        try:
            print(f"  ready after {flarecare.ready_s:.1f}s, RSS {flarecare.rss_mb():.0f} MiB", flush=True)
            targets.append(("server ready", f"{flarecare.ready_s:.1f} s", f"<= {TARGET_READY_S:.0f} s",
                            flarecare.ready_s <= TARGET_READY_S))
            load_run(flarecare, 1, flarecare_conversation)  # warm-up: first-message costs are not per-message costs
            print(f"running {args.patients} concurrent patients ...", flush=True)
            ours = load_run(flarecare, args.patients, flarecare_conversation)
            print("  " + describe("FlareCare", ours), flush=True)
            latencies = [] if args.skip_length else length_run(flarecare, args.length)
        finally:
            flarecare.stop()

        if latencies:
            first, last = statistics.median(latencies[:10]), statistics.median(latencies[-10:])
            growth = last / first - 1
            print(f"long conversation ({len(latencies)} messages): median of messages 1-10 {first * 1000:.0f} ms, "
                  f"of {len(latencies) - 9}-{len(latencies)} {last * 1000:.0f} ms", flush=True)
            targets.append((f"latency growth, message 1-10 vs {len(latencies) - 9}-{len(latencies)}",
                            f"{growth:+.0%}", f"<= +{TARGET_GROWTH:.0%}", growth <= TARGET_GROWTH))

        if not args.skip_bare:
            print("starting the bare `rasa init` bot ...", flush=True)
            bare = start_bare(work)
            try:
                print(f"  ready after {bare.ready_s:.1f}s", flush=True)
                load_run(bare, 1, bare_conversation)
                bares = load_run(bare, args.patients, bare_conversation)
                print("  " + describe("bare", bares), flush=True)
            finally:
                bare.stop()
            ratio = percentile(ours.latencies, 95) / percentile(bares.latencies, 95)
            targets.append((f"p95 FlareCare / bare at {args.patients} conversations", f"{ratio:.2f}x",
                            f"<= {TARGET_P95_RATIO}x", ratio <= TARGET_P95_RATIO))

    if not args.skip_training:
        print("timing `rasa train --force` ...", flush=True)
        seconds = training_time()
        targets.append(("model training", f"{seconds:.0f} s", f"<= {TARGET_TRAINING_S:.0f} s",
                        seconds <= TARGET_TRAINING_S))

    print(f"\nload average at end: {load_average()}\n")
    print(f"{'target':<48} {'measured':>10} {'goal':>10}  result")
    for name, measured, goal, ok in targets:
        print(f"{name:<48} {measured:>10} {goal:>10}  {verdict(ok)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
