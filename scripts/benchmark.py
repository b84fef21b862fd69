"""Performance benchmark: FlareCare as it is deployed against a bare `rasa init` bot, same machine, same run.

    .venv/bin/python scripts/benchmark.py [--patients 20] [--conversations 60] [--length 200]
        [--skip-bare] [--skip-length] [--skip-training] [--skip-encoder] [--database-url URL --redis-url URL]
        [--profile DIR [--py-spy PATH]]

A benchmark, not a test: it prints figures and PASS/MISS against the targets of
issue #17 and exits 0 whatever they are (non-zero only when something broke).

1. Server ready: ``scripts/serve.py`` (harness/) on free ports with a temporary
   data directory — the deployed shape: SQLite tracker store (or PostgreSQL +
   Redis with ``--database-url``/``--redis-url``) and the action server on —
   timed from starting serve.py to its ready line.
2. Load: ``--conversations`` conversations over REST, ``--patients`` at a time,
   unique senders; each an FAQ question, the whole flare form in the order it
   asks, and thanks. p50/p95/p99, throughput, errors, peak RSS summed over all
   of serve.py's processes (both servers, the sentence encoder loaded by a
   warm-up conversation), read from /proc every 0.25 s.
3. The same load, the same messages, on a bare ``rasa init`` bot (``rasa run``
   only: in-memory tracker store, and no action server, which its model never
   calls), trained once into ``var/benchmark/`` per Rasa version. Ratios.
4. Long conversation: one FlareCare conversation of ``--length`` messages (FAQ
   and form turns repeated); median latency per block of 20 messages against
   the first block.
5. Training (unless ``--skip-training``): ``rasa train --force`` into a temporary directory.
6. Encoder cost (unless ``--skip-encoder``, issue #13): what the sentence encoder adds to one
   message, on one core — a child process pinned to one CPU with one BLAS thread embeds each
   distinct message of the load 20 times, one message per call as the server does.

The load average is printed beside each figure: the machine may be shared.
``--profile DIR`` runs py-spy (not a project dependency: ``--py-spy`` names the
binary) on the Rasa server and the action server during FlareCare's load, and
writes collapsed stacks (``--format raw``: flamegraph.pl or speedscope read them) into DIR.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, List, Optional, Sequence

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import PeakRss, free_port, start_assistant, stop_process_group  # noqa: E402
from harness.memory import server_pids as memory_server_pids  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"
CACHE = ROOT / "var" / "benchmark"

# Issue #17's targets.
TARGET_LATENCY_RATIO = 1.0  # p50 and p95, FlareCare / bare
TARGET_THROUGHPUT_RATIO = 1.0
TARGET_EXTRA_RSS_MB = 50.0
TARGET_READY_S = 10.0
TARGET_FLATNESS = 0.10
TARGET_TRAINING_S = 180.0
TARGET_ENCODER_MS = 10.0  # issue #13: median per message, one core
BLOCK = 20  # messages per block of the long conversation

# What patients type: an FAQ, the whole flare form in the order it asks, thanks (10 messages).
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
# extent, skin breakdown, systemic symptoms, treatment week, flare duration, dose, weight (domain.yml's order).
FORM_ANSWERS = [
    ["mild", "no", "no", "6 weeks", "about 2 weeks", "40mg", "70 kg"],
    ["moderate", "no", "no", "three weeks", "a fortnight", "twenty milligrams", "150 lbs"],
    ["mild", "no", "no fever, I feel fine", "5 weeks", "10 days", "2x20mg", "9 stone 4"],
]
THANKS = ["thanks", "thank you, that helps", "great, thanks"]
# One cycle of the long conversation: ten FAQ and form turns. The form is started, asked a
# question (answered, then its question repeated) and stopped, never filled in: every cycle,
# the first included, does the same work, so every block of messages compares like with like.
LENGTH_CYCLE = [
    "how common is it to break out on accutane?", "tell me more",
    "can you check my flare", "how long does the purge usually last?", "stop",
    "is a flare a good sign that it's working?", "no, thanks",
    "can you check my flare", "how long does the purge usually last?", "stop",
]


def conversation(i: int) -> List[str]:
    return [FAQS[i % len(FAQS)], FLARE_OPENINGS[i % len(FLARE_OPENINGS)], *FORM_ANSWERS[i % len(FORM_ANSWERS)],
            THANKS[i % len(THANKS)]]


def load_average() -> str:
    return "load " + " ".join(f"{value:.2f}" for value in os.getloadavg())


# --- The bots -------------------------------------------------------------------------------------------
@dataclass
class Bot:
    name: str
    rasa_url: str
    process: subprocess.Popen  # the root of every process that counts towards its memory
    ready_s: float
    # scripts/serve.py's own figure: after the migrations, the knowledge load and the article vectors.
    servers_ready_s: Optional[float] = None

    def rss_pids(self) -> List[int]:
        return [self.process.pid]


def start_flarecare(work: Path, database_url: Optional[str], redis_url: Optional[str]) -> Bot:
    settings = {"FLARECARE_DATABASE_URL": database_url, "FLARECARE_REDIS_URL": redis_url}
    # fresh_vectors: timed as a first start, every article embedded.
    assistant = start_assistant(work, {key: value for key, value in settings.items() if value}, fresh_vectors=True)
    said = re.search(r"FlareCare is ready after ([0-9.]+)s", assistant.log.read_text(errors="replace"))
    return Bot("FlareCare", assistant.rasa_url, assistant.process, assistant.ready_s,
               float(said.group(1)) if said else None)


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


def _model_loaded(rasa_url: str) -> bool:
    try:
        response = requests.get(f"{rasa_url}/status", timeout=2)
        return response.status_code == 200 and bool(response.json().get("model_file"))
    except (requests.RequestException, ValueError):
        return False


def start_bare(work: Path) -> Bot:
    project = bare_project()
    model = sorted((project / "models").glob("*.tar.gz"))[-1]
    port = free_port()
    log = work / "bare.log"
    with open(log, "w") as out:
        started = time.monotonic()
        rasa = subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "--enable-api", "--port", str(port), "--interface", "127.0.0.1",
             "--model", str(model)],
            cwd=project, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while not _model_loaded(url):
        if rasa.poll() is not None or time.monotonic() > deadline:
            stop_process_group(rasa)
            raise RuntimeError(f"the bare bot did not start; log:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.1)
    return Bot("bare", url, rasa, time.monotonic() - started)


def stop_bot(bot: Bot) -> None:
    stop_process_group(bot.process)


# --- Driving conversations ----------------------------------------------------------------------------
@dataclass
class Run:
    latencies: List[float] = field(default_factory=list)  # seconds, one per message
    errors: int = 0  # no HTTP 200 (or no JSON): a failure
    silent: int = 0  # HTTP 200 with no message: the bare bot's answer to form replies its model has no rule for
    wall_s: float = 0.0
    peak_rss_mb: float = 0.0
    load: str = ""  # the load average at the end


def send(session: requests.Session, bot: Bot, sender: str, text: str) -> tuple:
    """(seconds, outcome) for one message; outcome is "replied", "silent" or "failed"."""
    started = time.perf_counter()
    try:
        response = session.post(f"{bot.rasa_url}/webhooks/rest/webhook",
                                json={"sender": sender, "message": text}, timeout=120)
        outcome = "failed" if response.status_code != 200 else ("replied" if response.json() else "silent")
    except (requests.RequestException, ValueError):
        outcome = "failed"
    return time.perf_counter() - started, outcome


def load_run(bot: Bot, patients: int, conversations: int) -> Run:
    """``patients`` threads at once, each taking the next conversation until ``conversations`` are done."""
    run, lock, numbers = Run(), threading.Lock(), itertools.count()
    barrier = threading.Barrier(patients)

    def patient() -> None:
        barrier.wait()
        with requests.Session() as session:
            while True:
                with lock:
                    i = next(numbers)
                if i >= conversations:
                    return
                sender = f"bench-{bot.name}-{uuid.uuid4().hex[:10]}"
                results = [send(session, bot, sender, text) for text in conversation(i)]
                with lock:
                    run.latencies.extend(seconds for seconds, _ in results)
                    run.errors += sum(outcome == "failed" for _, outcome in results)
                    run.silent += sum(outcome == "silent" for _, outcome in results)

    threads = [threading.Thread(target=patient) for _ in range(patients)]
    with PeakRss(bot.rss_pids()) as rss:
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        run.wall_s = time.perf_counter() - started
    run.peak_rss_mb, run.load = rss.peak, load_average()
    return run


def length_run(bot: Bot, length: int) -> List[float]:
    sender = f"bench-length-{uuid.uuid4().hex[:10]}"
    with requests.Session() as session:
        results = [send(session, bot, sender, LENGTH_CYCLE[i % len(LENGTH_CYCLE)]) for i in range(length)]
    failed = sum(outcome != "replied" for _, outcome in results)
    if failed:
        print(f"  long conversation: {failed} messages failed or got no reply", flush=True)
    return [seconds for seconds, _ in results]


def training_time() -> float:
    with tempfile.TemporaryDirectory(prefix="flarecare-train-") as out:
        started = time.monotonic()
        subprocess.run([str(VENV_BIN / "rasa"), "train", "--force", "--out", out, "--quiet"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        return time.monotonic() - started


def encoder_cost() -> dict:
    """Milliseconds per message the encoder adds, in a child on one core with one BLAS thread."""
    texts = sorted({text for i in range(len(FAQS) * len(FORM_ANSWERS)) for text in conversation(i)})
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([*pin, sys.executable, str(ROOT / "scripts" / "encoder_benchmark.py"), "--json",
                           json.dumps(texts)], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- Profiling ---------------------------------------------------------------------------------------------
def server_pids(bot: Bot) -> dict:
    return memory_server_pids(bot.process.pid)


@contextmanager
def profiled(bot: Bot, directory: Optional[Path], py_spy: str) -> Iterator[None]:
    """py-spy on each server for the duration of the block (nothing when ``directory`` is None)."""
    if directory is None:
        yield
        return
    directory.mkdir(parents=True, exist_ok=True)
    recorders = [
        subprocess.Popen([py_spy, "record", "--pid", str(pid), "--rate", "50", "--format", "raw",
                          "--output", str(directory / f"{name}.txt")],
                         stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
        for name, pid in server_pids(bot).items()
    ]
    try:
        time.sleep(1)  # py-spy attaches
        yield
    finally:
        for recorder in recorders:
            stop_process_group(recorder)  # py-spy writes its file on Ctrl-C
        print(f"  profiles in {directory}", flush=True)


# --- Figures ----------------------------------------------------------------------------------------------
def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def throughput(run: Run) -> float:
    return len(run.latencies) / run.wall_s


def describe(name: str, run: Run) -> str:
    ms = [v * 1000 for v in run.latencies]
    return (f"{name:<10} {len(ms):>5} msgs  p50 {percentile(ms, 50):6.0f} ms  p95 {percentile(ms, 95):6.0f} ms  "
            f"p99 {percentile(ms, 99):6.0f} ms  {throughput(run):5.1f} msg/s  "
            f"peak RSS {run.peak_rss_mb:5.0f} MiB  errors {run.errors}  no reply {run.silent}  ({run.load})")


def block_medians(latencies: Sequence[float]) -> List[float]:
    return [statistics.median(latencies[i:i + BLOCK]) for i in range(0, len(latencies) - BLOCK + 1, BLOCK)]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, default=20, help="concurrent simulated patients (default 20)")
    parser.add_argument("--conversations", type=int, default=60,
                        help="conversations of the load, --patients at a time (default 60)")
    parser.add_argument("--length", type=int, default=200,
                        help=f"messages in the long conversation (default 200; at least {BLOCK})")
    parser.add_argument("--skip-training", action="store_true", help="do not time `rasa train`")
    parser.add_argument("--skip-bare", action="store_true", help="do not measure the bare `rasa init` bot")
    parser.add_argument("--skip-length", action="store_true", help="do not run the long conversation")
    parser.add_argument("--skip-encoder", action="store_true", help="do not time the sentence encoder alone")
    parser.add_argument("--database-url", help="PostgreSQL URL for FlareCare (default: SQLite in a temp dir)")
    parser.add_argument("--redis-url", help="Redis URL for the lock store (with --database-url)")
    parser.add_argument("--profile", type=Path, help="py-spy both servers during FlareCare's load, into this folder")
    parser.add_argument("--py-spy", default="py-spy", help="the py-spy binary (default: py-spy on PATH)")
    args = parser.parse_args(argv)
    if args.length < BLOCK or args.patients < 1 or args.conversations < args.patients:
        parser.error(f"--length must be at least {BLOCK}, --patients at least 1, --conversations at least --patients")
    if not (ROOT / "models" / "flarecare.tar.gz").exists():
        raise SystemExit("no trained model: run `make setup` first")

    targets: List[tuple] = []

    def target(name: str, measured: str, goal: str, ok: bool, load: str) -> None:
        targets.append((name, measured, goal, verdict(ok), load))

    print(f"{load_average()} at start ({os.cpu_count()} cores)", flush=True)
    with tempfile.TemporaryDirectory(prefix="flarecare-bench-") as tmp:
        work = Path(tmp)
        (work / "flarecare").mkdir()
        print("starting FlareCare (scripts/serve.py) ...", flush=True)
        flarecare = start_flarecare(work / "flarecare", args.database_url, args.redis_url)
        ready_load = load_average()
        try:
            print(f"  ready after {flarecare.ready_s:.1f}s ({ready_load}); pids {server_pids(flarecare)}", flush=True)
            load_run(flarecare, 1, 1)  # warm-up: loads the encoder, builds the matchers (first-message costs)
            print(f"running {args.conversations} conversations, {args.patients} at a time ...", flush=True)
            with profiled(flarecare, args.profile, args.py_spy):
                ours = load_run(flarecare, args.patients, args.conversations)
            print("  " + describe("FlareCare", ours), flush=True)
            latencies = [] if args.skip_length else length_run(flarecare, args.length)
            length_load = load_average()
        finally:
            stop_bot(flarecare)
        target("server ready: serve.py started to ready", f"{flarecare.ready_s:.1f} s", f"<= {TARGET_READY_S:.0f} s",
               flarecare.ready_s <= TARGET_READY_S, ready_load)
        if flarecare.servers_ready_s is not None:
            target("server ready: both servers launched to ready", f"{flarecare.servers_ready_s:.1f} s",
                   f"<= {TARGET_READY_S:.0f} s", flarecare.servers_ready_s <= TARGET_READY_S, ready_load)

        if latencies:
            blocks = block_medians(latencies)
            print(f"long conversation ({len(latencies)} messages), median per {BLOCK} messages: "
                  + " ".join(f"{m * 1000:.0f}" for m in blocks) + " ms", flush=True)
            worst = max((m / blocks[0] - 1 for m in blocks), key=abs)
            target(f"long conversation: worst {BLOCK}-message block vs 1-{BLOCK}", f"{worst:+.0%}",
                   f"±{TARGET_FLATNESS:.0%}", abs(worst) <= TARGET_FLATNESS, length_load)
            last = blocks[-1] / blocks[0] - 1
            target(f"long conversation: last {BLOCK} messages vs first {BLOCK}", f"{last:+.0%}",
                   f"±{TARGET_FLATNESS:.0%}", abs(last) <= TARGET_FLATNESS, length_load)

        if not args.skip_bare:
            print("starting the bare `rasa init` bot ...", flush=True)
            bare = start_bare(work)
            try:
                print(f"  ready after {bare.ready_s:.1f}s", flush=True)
                load_run(bare, 1, 1)
                bares = load_run(bare, args.patients, args.conversations)
                print("  " + describe("bare", bares), flush=True)
            finally:
                stop_bot(bare)
            loads = f"{ours.load} / {bares.load}"
            for q in (50, 95):
                ratio = percentile(ours.latencies, q) / percentile(bares.latencies, q)
                target(f"p{q}: FlareCare / bare", f"{ratio:.2f}x", f"<= {TARGET_LATENCY_RATIO}x",
                       ratio <= TARGET_LATENCY_RATIO, loads)
            ratio = throughput(ours) / throughput(bares)
            target("throughput: FlareCare / bare", f"{ratio:.2f}x", f">= {TARGET_THROUGHPUT_RATIO}x",
                   ratio >= TARGET_THROUGHPUT_RATIO, loads)
            extra = ours.peak_rss_mb - bares.peak_rss_mb
            target("peak RSS: FlareCare - bare", f"{extra:+.0f} MiB", f"<= +{TARGET_EXTRA_RSS_MB:.0f} MiB",
                   extra <= TARGET_EXTRA_RSS_MB, loads)

    if not args.skip_training:
        print("timing `rasa train --force` ...", flush=True)
        seconds = training_time()
        target("model training", f"{seconds:.0f} s", f"<= {TARGET_TRAINING_S:.0f} s", seconds <= TARGET_TRAINING_S,
               load_average())

    if not args.skip_encoder:
        print("timing the sentence encoder on one core ...", flush=True)
        cost = encoder_cost()
        target("sentence encoder per message, 1 core (median)", f"{cost['median']:.1f} ms",
               f"<= {TARGET_ENCODER_MS:.0f} ms", cost["median"] <= TARGET_ENCODER_MS, load_average())
        print(f"  {cost['n']} calls: median {cost['median']:.1f} ms, p95 {cost['p95']:.1f} ms", flush=True)

    print(f"\n{load_average()} at end\n")
    print(f"{'target':<52} {'measured':>9} {'goal':>11}  result  machine load (1, 5, 15 min)")
    for name, measured, goal, result, load in targets:
        print(f"{name:<52} {measured:>9} {goal:>11}  {result:<6}  {load}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
