"""Run the clinical vignettes against a freshly started assistant and write a triage report.

    .venv/bin/python scripts/triage_report.py [--out results/vignettes] [--cases tests/system/vignettes/cases.yml]

Starts the servers itself (harness/: start_assistant/stop_assistant, on free
ports, with a throw-away data directory), plays every case of
tests/system/vignettes/cases.yml, and writes under results/vignettes/:

* confusion_matrix.md  — matrix, metrics, per-reason recall, misclassified cases;
* outcomes.json        — every case: expected/actual level, reasons, transcript;
* confusion_matrix.png — the matrix as a heat map.

Prints the matrix and metrics. Exit code 1 when a target is missed (red-flag
recall 100%, no under-triage, over-triage at most 2%, and no urgent/emergency level
recorded without an escalation shown to the patient), 2 when the assistant
could not be started.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import List, Mapping, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import MODEL, start_assistant, stop_assistant  # noqa: E402
from harness.vignettes import (  # noqa: E402
    CASES_FILE,
    hints,
    Metrics,
    Outcome,
    confusion_matrix,
    format_matrix,
    format_metrics,
    format_misclassified,
    format_reason_recall,
    load_cases,
    metrics,
    run_cases,
)

DEFAULT_OUT = ROOT / "results" / "vignettes"


def markdown_matrix(matrix: Mapping[str, Mapping[str, int]]) -> str:
    columns = list(next(iter(matrix.values())).keys())
    lines = ["| expected \\ actual | " + " | ".join(columns) + " | total |",
             "|---|" + "---:|" * (len(columns) + 1)]
    for expected, row in matrix.items():
        cells = [f"**{row[c]}**" if c == expected and row[c] else str(row[c]) for c in columns]
        lines.append(f"| {expected} | " + " | ".join(cells) + f" | {sum(row.values())} |")
    totals = [str(sum(row[c] for row in matrix.values())) for c in columns]
    lines.append("| total | " + " | ".join(totals) + f" | {sum(sum(r.values()) for r in matrix.values())} |")
    return "\n".join(lines)


def build_info() -> dict:
    """What was tested: the commit (and whether the tree was dirty) and the model file."""
    info = {"commit": None, "dirty": None, "model": _rel(MODEL), "model_sha256": None, "model_mtime": None}
    try:
        info["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                        text=True, timeout=10).stdout.strip() or None
        info["dirty"] = bool(subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,
                                            text=True, timeout=10).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    if MODEL.exists():
        info["model_sha256"] = hashlib.sha256(MODEL.read_bytes()).hexdigest()[:12]
        info["model_mtime"] = datetime.fromtimestamp(MODEL.stat().st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return info


def markdown_report(outcomes: Sequence[Outcome], m: Metrics, cases_file: Path, seconds: float, info: dict) -> str:
    matrix = confusion_matrix(outcomes)
    status = "all targets met" if m.targets_met else "TARGETS MISSED: " + "; ".join(m.failed_targets())
    parts = [
        "# FlareCare triage vignettes",
        f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {m.cases} cases from `{_rel(cases_file)}`, "
        f"{seconds:.0f} s. **{status}.**",
        f"Tested: commit `{info['commit']}`{' with uncommitted changes' if info['dirty'] else ''}, "
        f"model `{info['model']}` (sha256 `{info['model_sha256']}…`, written {info['model_mtime']}).",
        "## Confusion matrix",
        "Rows: the level protocol v1 gives (worked out by hand); columns: the level the assistant "
        "recorded (`none`: the conversation ended without one).",
        markdown_matrix(matrix),
        "## Metrics",
        "| metric | value | target |\n|---|---:|---:|\n"
        f"| red-flag recall (emergency + urgent cases triaged at least as high) | "
        f"{m.red_flag_caught}/{m.red_flag_cases} = {m.red_flag_recall:.1%} | 100% |\n"
        f"| under-triage (actual below expected) | {m.under_triage} | 0 |\n"
        f"| over-triage rate (actual above expected / all cases) | "
        f"{m.over_triage}/{m.cases} = {m.over_triage_rate:.1%} | ≤ 2% |\n"
        f"| silent escalations (urgent/emergency recorded, no ⚠️ reply shown) | "
        f"{len(m.silent_escalation_ids)} | 0 |\n"
        f"| exact level | {m.correct}/{m.cases} = {m.accuracy:.1%} | |",
        "## Per-reason recall",
        "For each expected reason code: the share of the cases expecting it whose `triage_reasons` contain it.",
        "| reason | found / expected | recall |\n|---|---:|---:|\n"
        + "\n".join(f"| `{code}` | {r.found}/{r.expected} | {r.recall:.0%} |" for code, r in m.per_reason.items()),
        "## Misclassified cases",
        "Wrong level, or a missing expected reason; with the conversation.",
        _misclassified_markdown(outcomes),
    ]
    return "\n\n".join(parts) + "\n"


def _misclassified_markdown(outcomes: Sequence[Outcome]) -> str:
    wrong = [o for o in outcomes if not o.correct or o.missing_reasons or o.error or o.silent_escalation]
    if not wrong:
        return "None."
    blocks = []
    for o in wrong:
        kind = ("under-triage" if o.under_triaged else "over-triage" if o.over_triaged
                else "escalation not shown" if o.silent_escalation else "missing reason")
        head = (f"### `{o.case_id}` — {kind}: expected **{o.expected}**, got **{o.actual}**\n\n"
                f"- reasons recorded: {', '.join(f'`{r}`' for r in o.reasons) or '—'}")
        if o.missing_reasons:
            head += f"\n- missing expected reasons: {', '.join(f'`{r}`' for r in o.missing_reasons)}"
        if o.error:
            head += f"\n- error: `{o.error}`"
        head += "".join(f"\n- hint: {hint}" for hint in hints(o))
        talk = "\n".join(f"> **patient:** {said}  \n> **bot:** {reply.replace(chr(10), ' / ') or '(no reply)'}\n>"
                         for said, reply in o.transcript)
        blocks.append(head + "\n\n" + talk.rstrip(">\n"))
    return "\n\n".join(blocks)


def _rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def plot_matrix(matrix: Mapping[str, Mapping[str, int]], m: Metrics, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows, columns = list(matrix), list(next(iter(matrix.values())).keys())
    values = [[matrix[r][c] for c in columns] for r in rows]
    peak = max(max(v) for v in values) or 1
    fig, ax = plt.subplots(figsize=(7.5, 5.2), dpi=120)
    ax.imshow(values, cmap="Blues", vmin=0, vmax=peak)
    ax.set_xticks(range(len(columns)), labels=columns)
    ax.set_yticks(range(len(rows)), labels=rows)
    ax.set_xlabel("actual (assistant)")
    ax.set_ylabel("expected (protocol v1)")
    plt.setp(ax.get_xticklabels(), rotation=20, ha="right")
    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            count = matrix[row][column]
            below = j > i  # both axes run from emergency down (then "none"): actual ranked below expected
            colour = "white" if count > peak * 0.55 else ("#b00020" if count and below else "black")
            ax.text(j, i, str(count), ha="center", va="center", color=colour, fontsize=12,
                    fontweight="bold" if count and (i == j or below) else "normal")
    ax.set_title(
        f"FlareCare triage vignettes (n={m.cases})\n"
        f"red-flag recall {m.red_flag_recall:.1%} · under-triage {m.under_triage} · "
        f"over-triage {m.over_triage_rate:.1%} · silent escalations {len(m.silent_escalation_ids)}",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (default results/vignettes)")
    parser.add_argument("--cases", type=Path, default=CASES_FILE, help="the cases file")
    args = parser.parse_args(argv)

    cases = load_cases(args.cases)
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"starting the assistant for {len(cases)} cases ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="flarecare-vignettes-") as tmp:
        try:
            assistant = start_assistant(Path(tmp))
        except Exception as exc:  # noqa: BLE001 — report and exit, no traceback for a failed start
            print(f"could not start the assistant: {exc}", file=sys.stderr)
            return 2
        try:
            started = time.monotonic()
            outcomes = run_cases(assistant.say, assistant.tracker, cases,
                                 progress=lambda o: print("." if o.correct else "F", end="", flush=True))
            seconds = time.monotonic() - started
            print(flush=True)
        finally:
            stop_assistant(assistant)

    m = metrics(outcomes)
    matrix = confusion_matrix(outcomes)
    info = build_info()
    (args.out / "confusion_matrix.md").write_text(markdown_report(outcomes, m, args.cases, seconds, info),
                                                  encoding="utf-8")
    (args.out / "outcomes.json").write_text(json.dumps(
        {"run": {"utc": datetime.now(timezone.utc).isoformat(timespec="seconds"), "seconds": round(seconds, 1),
                 "cases_file": _rel(args.cases), **info},
         "metrics": m.to_dict(), "confusion_matrix": matrix, "outcomes": [o.to_dict() for o in outcomes]},
        indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    plot_matrix(matrix, m, args.out / "confusion_matrix.png")

    print("\nConfusion matrix (rows: expected, columns: actual)\n" + format_matrix(matrix))
    print("\n" + format_metrics(m))
    print("\nPer-reason recall\n" + format_reason_recall(m))
    wrong = [o for o in outcomes if not o.correct or o.missing_reasons or o.error or o.silent_escalation]
    if wrong:
        print("\nMisclassified cases\n" + format_misclassified(wrong))
    print(f"\nwritten: {', '.join(_rel(args.out / n) for n in ('confusion_matrix.md', 'outcomes.json', 'confusion_matrix.png'))}")
    if not m.targets_met:
        print("TARGETS MISSED: " + "; ".join(m.failed_targets()))
        return 1
    print("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
