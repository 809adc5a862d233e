"""The `imobench` command.  Thin: parse arguments, call one function, print its result.

Exit codes: 0 success; 1 the command ran and found problems (e.g. validation errors);
2 the command could not run (unknown dataset, missing or corrupt file, bad option).
Errors are printed as one message naming the file, row or option at fault, without a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from imobench import __version__
from imobench.errors import ImobenchError

MIN_BOOTSTRAP = 40  # resamples: below 40, a 95% percentile interval's 2.5% tails hold no resample of their own
MIN_FOLDS = 2  # cross-validation needs a fold to fit on and one to test on
MAX_PORT = 65535


def _int_at_least(minimum: int, what: str = "an integer"):
    """An argparse type: an integer >= `minimum` (argparse names the option and exits 2)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{text} is too small: give {what} of at least {minimum}")
        return value

    return parse


def _port(minimum: int):
    """An argparse type: a TCP port from `minimum` (0: the system picks a free one) to 65535."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
        if not minimum <= value <= MAX_PORT:
            free = " (0 picks a free one)" if minimum == 0 else ""
            raise argparse.ArgumentTypeError(f"{text} is not a port: give {minimum} to {MAX_PORT}{free}")
        return value

    return parse


def _output_file(option: str, path: str) -> Path:
    """`path` for `option` (a file to write), checked before any work is done: its folder exists and
    it is not a folder itself.  The write itself is checked again (`_write`)."""
    target = Path(path)
    if target.is_dir():
        raise ImobenchError(f"{option} {path}: is a folder; give the path of a file to write")
    if not target.parent.is_dir():
        what = "is not a folder" if target.parent.exists() else "does not exist"
        raise ImobenchError(f"{option} {path}: {target.parent} {what}; create the folder or choose another path")
    return target


def _write(option: str, path: Path, write) -> None:
    """Run `write()`; an OS error (permissions, a read-only or full disk) becomes a message naming `option`."""
    try:
        write()
    except OSError as err:
        raise ImobenchError(f"{option} {path}: cannot write it ({err.strerror or err}); choose another path") from None


def _output_dir(option: str, path: str) -> Path:
    """A folder to write into, made now (before any work) so that a bad path fails first."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ImobenchError(f"{option} {path}: cannot use it as a folder ({err.strerror or err}); choose another path") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ImobenchError(f"{option} {path}: cannot write in it (permission denied); choose another folder")
    return folder


def _log_locations(paths: list[str]) -> None:
    """Every local log path given must exist (one message for all that do not)."""
    from imobench.results.logs import missing_locations

    missing = missing_locations(paths)
    if missing:
        raise ImobenchError("; ".join(missing) + " (give Inspect log files or folders that hold them)")


def _warn(warnings: list[str]) -> None:
    """Warnings of reading logs and grades, one line each on standard error (the output stays clean)."""
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)

def _cmd_data_list(args: argparse.Namespace) -> int:
    """Every local copy is verified (its digests against the manifest), so a corrupt or truncated
    copy is flagged here rather than at the first run that refuses it; exit 1 when one is."""
    from imobench.data.files import check_local_copy
    from imobench.data.manifest import default_versions, manifests, versions_of

    defaults = default_versions()
    bad = []
    print(f"{'dataset':<16}{'version':<12}{'status':<12}{'rows':>6}  {'sha256':<14}local copy")
    for (name, _), m in sorted(manifests().items()):
        found = check_local_copy(m)
        if found is None:
            where = "not downloaded (fetched on first use)"
        elif found.verification.verified:
            where = f"{found.path} (verified)"
        else:
            where = f"{found.path} (CORRUPT: does not match the manifest; see below)"
            bad.append(found)
        for version in [v for v in versions_of(name) if v.split("+")[0] == m.version]:
            mark = " (default)" if defaults.get(name) == version else ""
            print(f"{name:<16}{version:<12}{m.status:<12}{m.rows:>6}  {m.sha256[:12]:<14}{where}{mark}")
    for found in bad:
        print(f"\n{found.path} in {found.where}: {found.verification.note}. It is refused when loaded: delete or "
              "replace it (imobench downloads and verifies the pinned file when it is missing and downloads are on).")
    print("\nLicence: CC-BY 4.0, Copyright 2025 Google LLC. Versions ending in +errata apply imobench's "
          "documented fixes (imobench data errata).")
    return 1 if bad else 0


def _load(spec: str | None, data: str | None):
    from imobench.data import load

    name, _, version = (spec or "answerbench").partition("@")
    return load(name, version or None, path=data)


def _cmd_data_validate(args: argparse.Namespace) -> int:
    from imobench.data.manifest import dataset_names, versions_of
    from imobench.data.validate import validate

    if args.dataset:
        specs = [args.dataset]
    else:
        specs = [f"{n}@{v}" for n in dataset_names() for v in versions_of(n)]
    errors = 0
    for spec in specs:
        try:
            ds = _load(spec, args.data)
        except ImobenchError as err:
            if args.dataset:
                raise
            print(f"{spec}: skipped: {err}")
            continue
        findings = validate(ds)
        n_err = sum(f.severity == "error" for f in findings)
        errors += n_err
        state = "verified" if ds.verified else "UNVERIFIED"
        print(f"{ds.key}: {len(ds)} rows, {state}, {n_err} error(s), {len(findings) - n_err} warning(s)")
        for f in findings:
            print(f"  {f}")
    return 1 if errors else 0


def _cmd_data_show(args: argparse.Namespace) -> int:
    import json

    from imobench.data.lookup import find_row

    ds, row = find_row(args.problem_id, args.dataset, args.data)
    print(f"# {row.row_id}  ({ds.key}, {'verified' if ds.verified else 'UNVERIFIED'}: {ds.source_of(row.row_id)})")
    for key, value in row.model_dump(by_alias=True, exclude={"guidelines"}).items():
        print(f"\n## {key}\n{value}")
    if hasattr(row, "short_answer") and ds.spec.manifest.row_model == "answerbench":
        from imobench.answers.types import answer_type

        print(f"\n## answer type (imobench)\n{answer_type(row.short_answer)}")
    if hasattr(row, "guidelines"):
        print("\n## guidelines (parsed)")
        for item in row.guidelines:
            print(f"  ({item.level}) {item.number}. {item.text}")
    for e in ds.errata:
        if e.problem_id == row.row_id:
            print(f"\n## erratum {e.id} ({e.action} {e.field}): {e.reason}\n   upstream: {e.upstream}")
    if args.json:
        print(json.dumps(row.model_dump(by_alias=True, mode="json"), ensure_ascii=False, indent=2))
    return 0


def _cmd_data_diff(args: argparse.Namespace) -> int:
    from imobench.data import load
    from imobench.data.diff import changed_words, diff

    d = diff(load(args.name, args.old, path=None), load(args.name, args.new, path=None))
    print(f"{d.old} -> {d.new}: {len(d.changed_ids)} changed row(s), {len(d.changes)} changed field(s), "
          f"{len(d.added)} added, {len(d.removed)} removed")
    for rid in d.added:
        print(f"+ {rid}")
    for rid in d.removed:
        print(f"- {rid}")
    for c in d.changes:
        print(f"\n{c.row_id} [{c.field}]")
        for line in changed_words(c.old or "", c.new or ""):
            print(f"  {line}")
    return 0


def _cmd_data_export(args: argparse.Namespace) -> int:
    from imobench.data.export import export

    output = _output_file("--output", args.output) if args.output else None
    ds = _load(args.dataset, args.data)
    if output is None:
        export(ds, args.format, None)
    else:
        _write("--output", output, lambda: export(ds, args.format, output))
    if args.output:
        state = "verified" if ds.verified else "UNVERIFIED"
        print(f"wrote {len(ds)} rows of {ds.key} ({state}) to {args.output}", file=sys.stderr)
    return 0


def _cmd_data_errata(args: argparse.Namespace) -> int:
    from imobench.data.diff import changed_words
    from imobench.data.errata import errata_for
    from imobench.data.manifest import manifests

    for (_, _), m in sorted(manifests().items()):
        for e in errata_for(m):
            print(f"{e.id}  {m.key}  {e.problem_id}  [{e.field}] {e.action}")
            for line in changed_words(e.old, e.new):
                print(f"    change: {line}")
            print(f"    upstream: {e.upstream}")
            print(f"    reason: {e.reason}")
    return 0


def _cmd_answers_check(args: argparse.Namespace) -> int:
    from imobench.answers.batch import check_file
    from imobench.answers.budget import budget_problems, CheckerBudget

    options = {"timeout_s": "--timeout", "workers": "--workers", "memory_mb": "--memory-mb"}
    problems = budget_problems(args.timeout, args.memory_mb, 1, args.workers)
    if problems:
        field, value, why = problems[0]
        raise ImobenchError(f"{options.get(field, field)} {value}: {why}")
    budget = CheckerBudget(timeout_s=args.timeout, memory_mb=args.memory_mb, workers=args.workers)
    output = Path(args.output) if args.output else None
    summary = check_file(Path(args.input), output, budget=budget, progress=not args.quiet)
    shown = ", ".join(f"{k} {v}" for k, v in sorted(summary.verdicts.items())) or "nothing"
    failed = ", ".join(f"{k} {v}" for k, v in sorted(summary.failures.items()))
    print(f"{summary.total} item(s) checked in {summary.seconds:.1f} s: {shown}"
          + (f" (did not finish: {failed})" if failed else "")
          + f"; {len(summary.malformed)} malformed line(s) skipped; verdicts in {args.output or 'standard output'}",
          file=sys.stderr)
    return 1 if summary.malformed else 0


def _cmd_report(args: argparse.Namespace) -> int:
    from imobench.results.logs import read_logs, samples_frame, usage_frame
    from imobench.results.report import build_report, render

    _log_locations(args.logs)
    output = _output_file("--output", args.output) if args.output else None
    logs, warnings = read_logs(args.logs)
    if not logs:
        raise ImobenchError(f"no readable Inspect log in {', '.join(args.logs)}" + (f" ({warnings[0]})" if warnings else ""))
    from imobench.humans.sources import grades_folder

    human = None
    folder = grades_folder(args.human_grades)
    if args.human_grades and folder is None:
        import pandas as pd

        try:
            human = pd.read_csv(args.human_grades)
        except (OSError, ValueError) as err:
            raise ImobenchError(f"--human-grades {args.human_grades}: cannot read it as CSV ({err})") from None
    samples = samples_frame(logs)
    report = build_report(samples, usage_frame(logs), warnings, n_boot=args.bootstrap, human_grades=human)
    if folder is not None:
        from imobench.humans.agreement import human_report
        from imobench.humans.items import items_from_logs
        from imobench.humans.store import open_store

        loaded = open_store(folder).read()
        report.human = human_report(str(folder), items_from_logs(logs), loaded.grades, samples, n_boot=args.bootstrap,
                                    warnings=loaded.warnings)
    text = render(report, args.format)
    if output is not None:
        _write("--output", output, lambda: output.write_text(text, encoding="utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def _cmd_data_export_grading(args: argparse.Namespace) -> int:
    from imobench.humans.export import export_grading
    from imobench.humans.sources import proofs_and_grades

    graded = proofs_and_grades(args.logs, args.human_grades)
    _warn(graded.warnings)
    done = export_grading(graded.items, graded.grades, Path(args.output))
    print(f"wrote {done.rows} human-graded proof(s) from {graded.folder} to {done.path} in GradingBench's columns"
          + (f"; {done.without_label} left out (no GradingBench label at their points)" if done.without_label else "")
          + f"\nmeasure a grader on them: inspect eval imobench/gradingbench -T data={done.path} --model <grader>", file=sys.stderr)
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    """Each side is one model on one benchmark and dataset: a folder holding several is narrowed by
    --benchmark, --model (once per side: `--model A --model B`) and --dataset, or the message says
    what it holds.  With one location, both models come from it."""
    from imobench.results.compare import compare_frames, pick
    from imobench.results.logs import read_logs, samples_frame

    models = args.model or []
    if len(models) > 2:
        raise ImobenchError(f"--model given {len(models)} times: give it once per side (--model A --model B)")
    where = [args.a, args.b if args.b is not None else args.a]
    if args.b is None and len(models) != 2:
        raise ImobenchError(f"one location ({args.a}): name the two models to compare in it with --model A --model B")
    _log_locations(sorted(set(where)))
    frames: dict[str, object] = {}
    for location in dict.fromkeys(where):
        logs, warnings = read_logs([location])
        _warn(warnings)
        if not logs:
            raise ImobenchError(f"{location}: no readable Inspect log" + (f" ({warnings[0]})" if warnings else ""))
        frames[location] = samples_frame(logs)
    side_models = models if len(models) == 2 else models * 2 if models else [None, None]
    sides = [pick(frames[loc], loc, benchmark=args.benchmark, model=m, dataset=args.dataset) for loc, m in zip(where, side_models)]
    c = compare_frames(sides[0], sides[1], n_boot=args.bootstrap)
    if args.format == "json":
        print(c.model_dump_json(indent=2))
        return 0
    print(f"{c.benchmark}: {c.model_a} vs {c.model_b} on {c.n_pairs} paired samples scored on both sides")
    print(f"dropped as unscored: {c.dropped_unscored} pair(s) ({c.unscored_a} unscored for {c.model_a}, {c.unscored_b} for "
          f"{c.model_b}); only one side has: {c.unmatched_a} ({c.model_a}), {c.unmatched_b} ({c.model_b})")
    print(f"mean {c.mean_a:.4f} vs {c.mean_b:.4f}; difference {c.difference:+.4f}, 95% paired bootstrap CI [{c.ci_low:+.4f}, {c.ci_high:+.4f}]")
    if c.mcnemar_p is not None:
        print(f"McNemar (exact): only {c.model_a} right {c.only_a}, only {c.model_b} right {c.only_b}, p = {c.mcnemar_p:.4g}")
    for d in c.disagreements:
        print(f"  {d['problem_id']} (epoch {d['epoch']}): {d['a']:g} vs {d['b']:g}")
    return 0


def _cmd_calibrate(args: argparse.Namespace) -> int:
    from imobench.grading.calibration import Graded, calibrate, write_dir, write_record
    from imobench.grading.specs import load_grader
    from imobench.results.logs import read_logs, samples_frame, scale_from

    spec = load_grader(args.grader)
    _log_locations(args.logs)
    folder = _output_dir("--output-dir", args.output_dir) if args.output_dir else write_dir()
    if args.human_grades:
        from imobench.humans.sources import calibration_items, proofs_and_grades

        graded = proofs_and_grades(args.logs, args.human_grades)
        _warn(graded.warnings)
        items, where = calibration_items(graded, args.logs)
    else:
        logs, warnings = read_logs(args.logs)
        _warn(warnings)
        frame = samples_frame(logs)
        rows = frame[frame["benchmark"] == "gradingbench"] if not frame.empty else frame
        known = lambda v: None if v is None or v != v else v  # noqa: E731 - pandas writes a missing value as NaN
        items = [Graded(grader_points=known(r.value), human_grade=known(r.human_grade), problem_id=r.problem_id, dataset=r.dataset,
                        verified=r.data_verified, grader=known(r.grader), scale=scale_from(r.scale), unscored_reason=known(r.unscored_reason))
                 for r in rows.itertuples()]
        where = ", ".join(args.logs)
    record = calibrate(spec, items, args.folds, where)
    path = write_record(record, folder)
    b, a = record.metrics["before"], record.metrics["after"]
    print(f"{spec.name}: n={record.n} ({'verified' if record.data_verified else 'UNVERIFIED'} data {', '.join(record.data)}), "
          f"scale {record.scale.describe_points() if record.scale else '?'}")
    print(f"  MAE {b['mae']:.3f} -> {a['mae']:.3f}; RMSE {b['rmse']:.3f} -> {a['rmse']:.3f}; "
          f"accuracy on the scale {b['accuracy_on_scale']:.3f} -> {a['accuracy_on_scale']:.3f} ({args.folds}-fold CV grouped by problem)")
    print(f"  map: {dict(zip(record.map.raw, [round(v, 3) for v in record.map.calibrated]))}; record written to {path}")
    return 0


DASHBOARD_PRELOAD = ("pyarrow", "inspect_ai.log", "imobench.results.leaderboard", "imobench.results.report", "imobench.results.compare",
                     "imobench.humans.agreement", "imobench.humans.items")


def _cmd_dashboard(args: argparse.Namespace) -> int:
    from imobench.resources import resource_dir

    from imobench.humans.store import grades_dir_for

    app = resource_dir("dashboard") / "app.py"
    grades = Path(args.grades) if args.grades else grades_dir_for(args.log_dir)
    if grades.exists() and not grades.is_dir():
        raise ImobenchError(f"--grades {grades}: this is a file; give the folder the human grades are kept in (it is created if missing)")
    # Streamlit's own entry point (what the `streamlit` command runs), after importing the modules
    # the app needs, so that the first page view does not wait ~2 s for inspect_ai's import.
    start = f"import {', '.join(DASHBOARD_PRELOAD)}; from streamlit.web.cli import main; main()"
    cmd = [sys.executable, "-c", start, "run", str(app), "--server.address", "127.0.0.1",
           "--server.port", str(args.port), "--server.headless", "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
           "--client.toolbarMode", "minimal",  # no "Deploy" button: this server is the user's own
           "--", "--log-dir", args.log_dir, "--grades", str(grades)]
    for path in args.data or []:
        if not Path(path).exists():
            raise ImobenchError(f"--data {path}: no such file or folder (a GradingBench-shaped CSV, or a folder of them, to grade)")
        cmd += ["--data", str(Path(path).resolve())]
    if args.data_dir:
        if not Path(args.data_dir).is_dir():
            raise ImobenchError(f"--data-dir {args.data_dir}: no such folder (it should hold the IMO-Bench CSV files)")
        os.environ["IMOBENCH_DATA_DIR"] = str(Path(args.data_dir).resolve())
    print(f"imobench dashboard on http://127.0.0.1:{args.port} over {args.log_dir}; human grades in {grades} (Ctrl-C to stop)", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    # Become the server (no child process): a stop signal sent to this command reaches Streamlit.
    os.execv(sys.executable, cmd)


def _cmd_serve_local(args: argparse.Namespace) -> int:
    from imobench.local.server import start

    server = start(port=args.port, n_ctx=args.n_ctx, threads=args.threads, detach=args.detach)
    print(f"model:    {server.model}\nbase url: {server.base_url}\nprocess:  {server.process.pid}\nlog:      {server.log_file}")
    print(f"try:      {server.eval_command()}")
    if args.detach:
        print(f"running in the background as process {server.process.pid}; stop it with: kill {server.process.pid}")
        return 0
    print("serving until Ctrl-C", flush=True)
    try:
        server.process.wait()
    except KeyboardInterrupt:
        server.stop()
        print("imobench: stopped the local model server", file=sys.stderr)
        return 0
    raise ImobenchError(server.exit_report())


def _cmd_quickstart(args: argparse.Namespace) -> int:
    from imobench.local.quickstart import run

    try:
        run(Path(args.log_dir), answerbench_n=args.answerbench, proofbench_n=args.proofbench, port=args.port, max_tokens=args.max_tokens)
    except KeyboardInterrupt:
        print("imobench: interrupted; the local model server was stopped", file=sys.stderr)
        return 130
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imobench",
        description="IMO-Bench's datasets, short-answer checking, reports and comparisons of Inspect logs, "
        "grader calibration, the dashboard and a local model. The benchmarks themselves run under Inspect: "
        "inspect eval imobench/answerbench --model litellm/<model> (also imobench/proofbench, imobench/gradingbench).",
        epilog="Exit codes: 0 success; 1 the command ran and found problems; 2 it could not run (the message "
        "names the file, row or option at fault). `imobench COMMAND --help` describes each command.",
    )
    parser.add_argument("--version", action="version", version=f"imobench {__version__}")
    top = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    data = top.add_parser("data", help="list, validate, show, diff and export the benchmark datasets")
    sub = data.add_subparsers(dest="data_command", required=True, metavar="SUBCOMMAND")
    p = sub.add_parser("list", help="datasets, versions, checksums and where the files are")
    p.set_defaults(func=_cmd_data_list)
    p = sub.add_parser("validate", help="check every row structurally (all versions when no NAME given)")
    p.add_argument("dataset", nargs="?", metavar="NAME[@VERSION]")
    p.add_argument("--data", metavar="PATH", help="validate this CSV file or folder instead of the pinned file")
    p.set_defaults(func=_cmd_data_validate)
    p = sub.add_parser("show", help="print one problem (or GradingBench record) by id")
    p.add_argument("problem_id")
    p.add_argument("--dataset", metavar="NAME[@VERSION]", help="where to look (default: by the id's form)")
    p.add_argument("--data", metavar="PATH", help="a local CSV file or folder to read instead of the pinned file")
    p.add_argument("--json", action="store_true", help="also print the row as JSON")
    p.set_defaults(func=_cmd_data_show)
    p = sub.add_parser("diff", help="per-field differences between two versions")
    p.add_argument("name")
    p.add_argument("old", metavar="V1")
    p.add_argument("new", metavar="V2")
    p.set_defaults(func=_cmd_data_diff)
    p = sub.add_parser("export", help="write a dataset version as jsonl, csv or parquet")
    p.add_argument("dataset", metavar="NAME[@VERSION]")
    p.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl")
    p.add_argument("--output", "-o", metavar="PATH", help="file to write (default: standard output)")
    p.add_argument("--data", metavar="PATH", help="a local CSV file or folder to read instead of the pinned file")
    p.set_defaults(func=_cmd_data_export)
    p = sub.add_parser("errata", help="list the errata records and their reasons")
    p.set_defaults(func=_cmd_data_errata)
    p = sub.add_parser("export-grading", help="human-graded ProofBench proofs as a GradingBench-shaped CSV (your own GradingBench)",
                       description="Writes the proofs of LOGS that people graded on the dashboard in GradingBench's columns; "
                       "Points and Reward are the human grade (several people on one proof: the lower median of their latest "
                       "grades). Then: inspect eval imobench/gradingbench -T data=OUT.csv --model <grader>.")
    p.add_argument("logs", nargs="+", metavar="LOG", help="the ProofBench logs (files or folders) the grades are about")
    p.add_argument("--human-grades", required=True, metavar="DIR", help="the grades folder (imobench dashboard --grades DIR)")
    p.add_argument("--output", "-o", required=True, metavar="OUT.csv")
    p.set_defaults(func=_cmd_data_export_grading)

    answers = top.add_parser("answers", help="check short answers against gold answers")
    sub = answers.add_subparsers(dest="answers_command", required=True, metavar="SUBCOMMAND")
    p = sub.add_parser("check", help="verdicts for a JSONL file of {id, gold, response} lines")
    p.add_argument("--input", required=True, metavar="IN.jsonl")
    p.add_argument("--output", metavar="OUT.jsonl", help="file to write (default: standard output; progress stays on standard error)")
    p.add_argument("--workers", type=int, default=0, help="checker processes (default: one per core)")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per item before it is undecided (default 10)")
    p.add_argument("--memory-mb", type=int, default=3072, help="memory cap of each checker process in MB (default 3072)")
    p.add_argument("--quiet", action="store_true", help="no progress on standard error")
    p.set_defaults(func=_cmd_answers_check)

    p = top.add_parser("report", help="leaderboard numbers with clustered bootstrap intervals from Inspect logs")
    p.add_argument("logs", nargs="+", metavar="LOG", help="log files or folders (any location Inspect reads)")
    p.add_argument("--format", choices=["md", "csv", "json"], default="md")
    p.add_argument("--output", "-o", metavar="PATH")
    p.add_argument("--bootstrap", type=_int_at_least(MIN_BOOTSTRAP), default=2000, help=f"bootstrap resamples (default 2000, at least {MIN_BOOTSTRAP})")
    p.add_argument("--human-grades", metavar="DIR|CSV", help="the dashboard's grades folder (agreement of every grader with the "
                   "people, inter-rater agreement, human overrides), or a CSV of model, problem_id, points (system-level agreement)")
    p.set_defaults(func=_cmd_report)

    p = top.add_parser("compare", help="paired comparison of two models on the same problems")
    p.add_argument("a", metavar="LOG_A", help="log file or folder of the first model (or of both, with --model A --model B)")
    p.add_argument("b", metavar="LOG_B", nargs="?", help="log file or folder of the second model")
    p.add_argument("--benchmark", metavar="NAME", help="the benchmark to compare on, when the logs hold several")
    p.add_argument("--model", action="append", metavar="MODEL", help="the model of a side, when its logs hold several: "
                   "once for both sides, or twice (first side, second side)")
    p.add_argument("--dataset", metavar="KEY", help="the dataset (e.g. answerbench@v2+errata), when the logs hold several")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--bootstrap", type=_int_at_least(MIN_BOOTSTRAP), default=2000, help=f"bootstrap resamples (default 2000, at least {MIN_BOOTSTRAP})")
    p.set_defaults(func=_cmd_compare)

    p = top.add_parser("calibrate", help="fit and record a monotone calibration of a grader against human grades")
    p.add_argument("logs", nargs="+", metavar="LOG", help="GradingBench logs of the grader (with --human-grades: ProofBench logs it graded)")
    p.add_argument("--grader", default="default", help="the grader spec the logs were graded with (graders/NAME.toml, or a path)")
    p.add_argument("--folds", type=_int_at_least(MIN_FOLDS), default=5, help=f"cross-validation folds, grouped by problem (default 5, at least {MIN_FOLDS})")
    p.add_argument("--human-grades", metavar="DIR", help="fit on people's grades of the ProofBench proofs in LOGS (the "
                   "dashboard's grades folder) instead of GradingBench's human labels")
    p.add_argument("--output-dir", metavar="DIR", help="where to write NAME.calibration.json (default: ./graders when it "
                   "exists, else the user data folder, ~/.local/share/imobench/graders; the path is printed)")
    p.set_defaults(func=_cmd_calibrate)

    p = top.add_parser("dashboard", help="the Streamlit dashboard over a folder of Inspect logs")
    p.add_argument("--log-dir", default="logs", help="folder (or any location Inspect reads, e.g. s3://...) holding logs")
    p.add_argument("--port", type=_port(1), default=8501, help="port on 127.0.0.1 (default 8501)")
    p.add_argument("--data-dir", metavar="DIR", help="folder holding the IMO-Bench data files (default: $IMOBENCH_DATA_DIR, else the cache)")
    p.add_argument("--grades", metavar="DIR", help="folder for the human grades file, human-grades.jsonl (default: human-grades "
                   "inside a local --log-dir, else ./human-grades)")
    p.add_argument("--data", action="append", metavar="CSV", help="a GradingBench-shaped CSV (or folder of them) to grade on the "
                   "Grade page beside the ProofBench logs; may be given more than once")
    p.set_defaults(func=_cmd_dashboard)

    p = top.add_parser("serve-local", help="serve the local Gemma 3 270M model (llama.cpp, OpenAI-compatible) on 127.0.0.1")
    p.add_argument("--port", type=_port(0), default=None, help="port on 127.0.0.1 (default 8741; 0 picks a free one)")
    p.add_argument("--n-ctx", type=_int_at_least(1), default=32768, help="context window in tokens (default 32768: every GradingBench prompt fits)")
    p.add_argument("--threads", type=_int_at_least(1), default=None, help="CPU threads (default: llama.cpp's choice)")
    p.add_argument("--detach", action="store_true", help="keep serving in the background after this command returns")
    p.set_defaults(func=_cmd_serve_local)

    p = top.add_parser("quickstart", help="no API key: a small AnswerBench and ProofBench run on the local model, with its report")
    p.add_argument("--log-dir", default="logs/quickstart", help="where the Inspect logs go")
    p.add_argument("--answerbench", type=_int_at_least(0), default=5, metavar="N", help="AnswerBench problems to run")
    p.add_argument("--proofbench", type=_int_at_least(0), default=2, metavar="N", help="ProofBench (basic) problems to run")
    p.add_argument("--port", type=_port(0), default=0, help="port for the local server (default: a free one)")
    p.add_argument("--max-tokens", type=_int_at_least(1), default=384, help="tokens per reply (solver and grader)")
    p.set_defaults(func=_cmd_quickstart)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ImobenchError as err:
        print(f"imobench: error: {err}", file=sys.stderr)
        return err.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("imobench: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
