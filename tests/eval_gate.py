"""Accuracy gate: fail when a pinned PAN 2013 figure drops below its floor in tests/eval_baseline.json.

    python tests/eval_gate.py                      # run benchmarks/pan13.py, compare, exit 1 on a drop
    python tests/eval_gate.py --json REPORT.json   # compare a report already written by pan13.py --json
    python tests/eval_gate.py --raise-floors       # tighten floors to what was measured (creates the baseline)
    python tests/eval_gate.py --lower-floor --reason "why"   # loosen the figures that dropped, with a reason

Higher-is-better figures have floors, lower-is-better ones (false-positive rate, granularity) ceilings;
a figure may miss its bound by TOLERANCE. Floors are the measured values rounded down to 2 decimals,
ceilings rounded up. Lowering a floor is deliberate: it needs --lower-floor and a --reason, which is
recorded in the baseline's history and belongs in the commit message. When the corpus
(../shared/eval/pan13-train next to the repository) is absent the gate prints a skip line and exits 0.
Not a pytest module on purpose: it runs the full benchmark, minutes long.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = REPO.parent / "shared" / "eval" / "pan13-train"
BASELINE = REPO / "tests" / "eval_baseline.json"
BENCHMARK = REPO / "benchmarks" / "pan13.py"
TOLERANCE = 0.002
HIGHER = ("pair_recall", "char_precision", "char_recall", "plagdet", "direction_precision", "direction_coverage")
LOWER = ("false_positive_rate", "granularity")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="a report from benchmarks/pan13.py --json (default: run it)")
    parser.add_argument("--baseline", type=Path, default=BASELINE, help="the floors file")
    parser.add_argument("--raise-floors", action="store_true", help="tighten bounds to the measured figures")
    parser.add_argument("--lower-floor", action="store_true", help="loosen the bounds of figures that dropped")
    parser.add_argument("--reason", help="why a floor is lowered (required with --lower-floor)")
    args = parser.parse_args(argv)
    if args.lower_floor and not (args.reason and args.reason.strip()):
        parser.error("--lower-floor needs --reason \"...\" (put the same reason in the commit message)")
    return args


def run_benchmark() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pan13.json"
        cmd = [sys.executable, str(BENCHMARK), "--eval-dir", str(EVAL_DIR), "--json", str(out)]
        subprocess.run(cmd, check=True)
        return json.loads(out.read_text(encoding="utf-8"))


def figures(report: dict) -> tuple[dict[str, float | None], dict[str, float | None]]:
    """(higher-is-better, lower-is-better) figures of a report, keyed "category.measure"."""
    higher, lower = {}, {}
    for category, values in report["categories"].items():
        for measure in HIGHER:
            if measure in values:
                higher[f"{category}.{measure}"] = values[measure]
        for measure in LOWER:
            if measure in values:
                lower[f"{category}.{measure}"] = values[measure]
    return higher, lower


def round_down(value: float) -> float:
    return math.floor(round(value * 100, 6)) / 100


def round_up(value: float) -> float:
    return math.ceil(round(value * 100, 6)) / 100


def breaches(bounds: dict, measured: dict, higher: bool) -> list[str]:
    """Keys whose measured value misses its bound by more than the tolerance (or is missing)."""
    out = []
    for key, bound in sorted(bounds.items()):
        value = measured.get(key)
        if value is None or (value < bound - TOLERANCE if higher else value > bound + TOLERANCE):
            out.append(key)
    return out


def describe(key: str, bound: float, value: float | None, higher: bool) -> str:
    shown = "missing" if value is None else f"{value:.4f}"
    kind = "floor" if higher else "ceiling"
    return f"  {key:<48} {kind} {bound:.2f}  measured {shown}"


def report_lines(baseline: dict, higher: dict, lower: dict) -> tuple[list[str], list[str]]:
    """(every pinned line, the failing ones)."""
    lines, failed = [], []
    for bounds, measured, is_higher in ((baseline["floors"], higher, True), (baseline["ceilings"], lower, False)):
        bad = set(breaches(bounds, measured, is_higher))
        for key, bound in sorted(bounds.items()):
            line = describe(key, bound, measured.get(key), is_higher) + ("  DROPPED" if key in bad else "  ok")
            lines.append(line)
            if key in bad:
                failed.append(line)
    return lines, failed


def tightened(bounds: dict, measured: dict, higher: bool) -> dict:
    """Bounds moved to the measured figures where those are better (new figures pinned too)."""
    out = dict(bounds)
    for key, value in measured.items():
        if value is None:
            continue
        new = round_down(value) if higher else round_up(value)
        old = bounds.get(key)
        out[key] = new if old is None else (max(old, new) if higher else min(old, new))
    return out


def loosened(bounds: dict, measured: dict, higher: bool) -> dict:
    """Bounds of the breached figures moved to what was measured (dropped when no longer measured)."""
    out = dict(bounds)
    for key in breaches(bounds, measured, higher):
        value = measured.get(key)
        if value is None:
            del out[key]
        else:
            out[key] = round_down(value) if higher else round_up(value)
    return out


def rewrite(baseline: dict, report: dict, action: str, reason: str | None) -> dict:
    higher, lower = figures(report)
    change = tightened if action == "raise" else loosened
    floors, ceilings = change(baseline["floors"], higher, True), change(baseline["ceilings"], lower, False)
    before = {**baseline["floors"], **baseline["ceilings"]}
    changed = {k: v for k, v in {**floors, **ceilings}.items() if before.get(k) != v}
    changed |= {k: None for k in before if k not in floors and k not in ceilings}
    if not changed:
        return baseline
    entry = {"date": datetime.date.today().isoformat(), "action": action, "reason": reason, "changed": changed}
    return {"tolerance": TOLERANCE, "floors": floors, "ceilings": ceilings,
            "measured_at_last_change": {"time": report.get("time"), "memory": report.get("memory"),
                                        "documents": report.get("documents"), "tracer_commit": report.get("commit")},
            "history": baseline.get("history", []) + [entry]}


def load_baseline(path: Path) -> dict:
    if not path.exists():
        return {"floors": {}, "ceilings": {}, "history": []}
    return json.loads(path.read_text(encoding="utf-8"))


def save_baseline(path: Path, baseline: dict) -> None:
    path.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.json is None and not EVAL_DIR.is_dir():
        print(f"accuracy gate: skipped ({EVAL_DIR.relative_to(REPO.parent)} not found next to the repository)")
        return 0
    report = json.loads(args.json.read_text(encoding="utf-8")) if args.json else run_benchmark()
    baseline = load_baseline(args.baseline)
    if not baseline["floors"] and not args.raise_floors:
        print(f"accuracy gate: no floors in {args.baseline}; create them with --raise-floors", file=sys.stderr)
        return 1
    if args.lower_floor:
        baseline = rewrite(baseline, report, "lower", args.reason)
    if args.raise_floors:
        baseline = rewrite(baseline, report, "raise", args.reason)
    if args.lower_floor or args.raise_floors:
        save_baseline(args.baseline, baseline)
        print(f"accuracy gate: rewrote {args.baseline.name}; commit it" +
              (f" with the reason in the message: {args.reason}" if args.lower_floor else ""))
    lines, failed = report_lines(baseline, *figures(report))
    print("accuracy gate (PAN 2013 train):\n" + "\n".join(lines))
    if failed:
        print(f"accuracy gate: FAILED, {len(failed)} pinned figure(s) dropped beyond {TOLERANCE}:\n"
              + "\n".join(failed) + "\nIf the drop is intended, run tests/eval_gate.py --lower-floor "
              "--reason \"...\" and give the reason in the commit message.", file=sys.stderr)
        return 1
    print("accuracy gate: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
