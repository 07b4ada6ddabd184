"""The `docpipe` command: validate a results folder; keep the table reference (docs/tables.md)
current; evaluate and report."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from docpipe import text
from docpipe.config import load_config
from docpipe.logs import peak_rss_mib
from docpipe.text.language import ENGINES, LanguageSettings
from docpipe_tools import bench as benchmark
from docpipe_tools import zone_cv
from docpipe_tools.corpus import make_corpus
from docpipe_tools.evaluate_extraction import ablation, evaluate_pipeline, grouped_report
from docpipe_tools.evaluate_extraction import report as extraction_report
from docpipe_tools.evaluate_language import load_items, report, tune
from docpipe_tools.evaluate_metadata import report as metadata_report
from docpipe_tools.evaluate_plain import report as plain_report
from docpipe_tools.evaluate_plain import run_folder as run_plain_folder
from docpipe_tools.reference import REFERENCE_FILE, refresh_reference, replace_section
from docpipe_tools.validate import iter_checks

# The workflow beside the package in a checkout (src/docpipe/ -> repository root).
DEFAULT_SNAKEFILE = Path(__file__).resolve().parents[2] / "Snakefile"
# The config the language commands start from, relative to the working directory (a checkout).
DEFAULT_CONFIG = "config/config.yaml"


def _validate(args: argparse.Namespace) -> int:
    ok = failed = 0
    for check in iter_checks(args.results):
        print(check.line(), flush=True)
        ok, failed = ok + check.ok, failed + (not check.ok)
    peak = peak_rss_mib()
    memory = "" if peak is None else f" (peak memory {peak:.0f} MiB)"
    print(f"{ok} checks ok, {failed} failed{memory}")
    return 1 if failed else 0


def _reference(args: argparse.Namespace) -> int:
    current, line = refresh_reference(Path(args.path), check=args.check)
    print(line)
    return 0 if current or not args.check else 1


def _language_settings(args: argparse.Namespace) -> LanguageSettings:
    config = load_config([DEFAULT_CONFIG, *(args.configfile or [])])
    settings = LanguageSettings.from_config(config["language"])
    return replace(settings, engine=args.engine) if args.engine else settings


def _eval_lang(args: argparse.Namespace) -> int:
    items = load_items(args.items)
    for line in report(items, _language_settings(args)):
        print(line)
    return 0


def _tune_lang(args: argparse.Namespace) -> int:
    settings = _language_settings(args)
    tuned = tune(load_items(args.items), settings)
    print("language:\n  buckets:  # paste into config/config.yaml")
    for (name, bucket), old in zip(tuned.items(), settings.buckets, strict=True):
        print(
            f"    - {{name: {name}, max_chars: {_yaml(old.max_chars)}, "
            f"agree_min: {bucket.agree_min}, single_min: {bucket.single_min}, "
            f"product_min: {_yaml(bucket.product_min)}}}"
        )
    return 0


def _yaml(value: object) -> str:
    return "null" if value is None else str(value)


def _add_language_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("items", help="JSON lines with lang, bucket (short/medium/para), text")
    parser.add_argument(
        "--configfile",
        action="append",
        help=f"YAML merged over {DEFAULT_CONFIG} (as snakemake's --configfile; repeatable), "
        "e.g. config/fast.yaml; its `language` is used",
    )


def _ablate_extract(args: argparse.Namespace) -> int:
    rows = ablation(Path(args.pages))
    width = max(len("variant"), *(len(name) for name, *_ in rows))
    print(f"{'variant':<{width}} {'P':>6} {'R':>6} {'F1':>6}")
    for name, precision, recall, f1 in rows:
        print(f"{name:<{width}} {precision:>6.3f} {recall:>6.3f} {f1:>6.3f}")
    return 0


def _snakefile(args: argparse.Namespace) -> Path | None:
    """The workflow an evaluation runs (--snakefile), or None, said, when it is not there."""
    snakefile = Path(args.snakefile)
    if not snakefile.is_file():
        print(f"Snakefile {snakefile} not found: pass --snakefile PATH/TO/docpipe/Snakefile")
        return None
    return snakefile


def _eval_extract(args: argparse.Namespace) -> int:
    if args.cv:
        pages = zone_cv.load_pages(Path(folder) for folder in args.pages)
        lines, _, _ = zone_cv.cv_report(pages, args.cv)
        print("\n".join(lines))
        return 0
    snakefile = _snakefile(args)
    if snakefile is None:
        return 2
    for folder in map(Path, args.pages):
        scores, metadata = evaluate_pipeline(folder, snakefile, cores=args.cores)
        print("\n".join(extraction_report(scores)))
        print("\n".join(grouped_report(folder, scores)))
        if metadata:
            print(f"metadata of {len(metadata)} pages with an <id>.meta.json (rate, pages scored):")
            print("\n".join(metadata_report(metadata)))
    return 0


def _eval_plain(args: argparse.Namespace) -> int:
    snakefile = _snakefile(args)
    if snakefile is None:
        return 2
    for folder in map(Path, args.folders):
        scores, rejects, lost = run_plain_folder(folder, snakefile, cores=args.cores)
        print(f"{folder}:")
        print("\n".join(plain_report(scores, rejects, args.worst, lost)))
    return 0


def _train_zones(args: argparse.Namespace) -> int:
    eval_dir = Path(args.eval_dir)
    pages = zone_cv.load_pages(eval_dir / name for name in args.folders)
    figures = None
    if args.cv:
        fits: dict = {}
        lines, figures, scores = zone_cv.cv_report(pages, args.cv, fits)
        print("\n".join(lines))
        if args.worst:
            print(f"the {args.worst} pages the cross-validated model scores worst:")
            print("\n".join(zone_cv.worst_pages(pages, scores, args.worst)))
        if args.ablation:
            print("\n".join(zone_cv.ablation_report(pages, args.cv, fits)))
    if args.no_write:
        return 0
    print(zone_cv.train_model(pages, Path(args.out), figures))
    return 0


def _hostile_report(args: argparse.Namespace) -> int:
    from docpipe_tools.hostile import report

    with tempfile.TemporaryDirectory(prefix="docpipe-hostile-") as scratch:
        folder = Path(args.keep) if args.keep else Path(scratch)
        lines, wrong = report(folder, big=args.big, cores=args.cores)
    for line in lines:
        print(line)
    print(f"\n{wrong} case(s) not as expected")
    return 1 if wrong else 0


def _make_corpus(args: argparse.Namespace) -> int:
    out = Path(args.out_dir)
    if out.exists() and any(out.iterdir()):
        print(f"{out} is not empty: give a new or empty folder")
        return 2
    print(make_corpus(out, args.n, args.seed).line())
    return 0


def _eval_metadata(args: argparse.Namespace) -> int:
    from docpipe_tools import evaluate_metadata, train_metadata

    folder = Path(args.pages)
    if not folder.is_dir():
        print(f"{folder} is not a folder of <id>.txt and <id>.meta.json")
        return 2
    try:
        holdout = {int(fold) for fold in args.holdout.split(",") if fold.strip()}
    except ValueError:
        print(f"--holdout {args.holdout!r}: give fold numbers such as 3,4")
        return 2
    if not holdout <= set(range(evaluate_metadata.HOLDOUT_FOLDS)):
        print(f"--holdout: folds are 0..{evaluate_metadata.HOLDOUT_FOLDS - 1}")
        return 2
    lines = evaluate_metadata.command_lines(
        folder, cv=args.cv, worst_count=args.worst, holdout=holdout,
        cross_validate=train_metadata.cross_validate,
    )  # fmt: skip
    for line in lines:
        print(line)
    return 0


def _train_metadata(args: argparse.Namespace) -> int:
    from docpipe_tools import evaluate_metadata, train_metadata

    folders = [Path(folder) for folder in args.pages]
    pages = [page for folder in folders for page in evaluate_metadata.load_folder(folder)]
    model = train_metadata.train(pages)
    trained_on = " + ".join(f"{folder.name} ({len(pages)} pages)" for folder in folders)
    out = Path(args.out)
    train_metadata.write_model(model, trained_on, out)
    print(f"{out}: {model.version}, {len(model.weights)} weights, min_score {model.min_score}")
    return 0


def _add_eval_metadata(commands) -> None:
    parser = commands.add_parser(
        "eval-metadata",
        help="score title, author and published date (zones then metadata, as the tables job "
        "reads a page) against <id>.meta.json, overall, per source and per language",
    )
    parser.add_argument("pages", help="folder of <id>.txt and <id>.meta.json")
    parser.add_argument(
        "--cv", type=int, default=0, help="K: also score the learned title model, site-grouped"
    )
    parser.add_argument("--worst", type=int, default=0, help="list this many wrong fields")
    parser.add_argument(
        "--holdout",
        default="",
        help="folds such as 3,4 (of the 5 site-grouped folds) reported apart, as unseen sites; "
        "--worst then lists the other folds' errors only",
    )
    parser.set_defaults(handler=_eval_metadata)
    train = commands.add_parser(
        "train-metadata",
        help="train the headline scorer on folders of <id>.txt + <id>.meta.json and write "
        "its weights as docpipe/text/title_model.py",
    )
    train.add_argument("pages", nargs="+", help="folders of <id>.txt and <id>.meta.json")
    train.add_argument("--out", default=str(Path(text.__file__).with_name("title_model.py")))
    train.set_defaults(handler=_train_metadata)


BENCH_MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")


def _bench(args: argparse.Namespace) -> int:
    settings = benchmark.Settings(
        workdir=Path(args.workdir).resolve(),
        snakefile=Path(args.snakefile).resolve(),
        seed=args.seed,
        repeat=args.repeat,
        cores=tuple(args.cores),
        docs_per_shard=args.docs_per_shard,
        min_shards=args.min_shards,
        scheduler=args.scheduler,
        fresh=args.fresh,
        profiles=tuple(Path(path).resolve() for path in args.configfile or []),
    )
    if benchmark.machine()["pandas_installed"]:
        print("note: pandas is installed, so pandera imports it in every job; install from "
              "requirements.lock to measure what users run")  # fmt: skip
    sizes = [*args.n, *([benchmark.LARGE] if args.large else [])]
    result = benchmark.run_bench(settings, sizes, args.dry_n, args.note, args.scale_n)
    json_path, md_path = benchmark.write_results(result, Path(args.out or args.workdir))
    print(benchmark.render_markdown(result))
    for target in result["targets"]:
        print(target.line())
    print(f"wrote {json_path} and {md_path}")
    if args.readme:
        readme = Path(args.readme)
        table = md_path.read_text(encoding="utf-8").rstrip("\n")
        readme.write_text(
            replace_section(readme.read_text(encoding="utf-8"), table, *BENCH_MARKERS),
            encoding="utf-8",
        )
        print(f"updated the table in {readme}")
    return 0


def _add_bench(commands) -> None:
    bench = commands.add_parser(
        "bench",
        help="time the workflow against the bare loop on generated corpora (see "
        "docs/performance.md); resumable: measurements are kept under --workdir",
    )
    bench.add_argument("--n", type=int, nargs="+", default=list(benchmark.SIZES),
                       help="corpus sizes to build (default: 1000 10000)")  # fmt: skip
    bench.add_argument("--large", action="store_true",
                       help=f"also build {benchmark.LARGE:,} documents (hours)")  # fmt: skip
    bench.add_argument("--dry-n", type=int, nargs="*", default=[benchmark.LARGE],
                       help="sizes timed with `snakemake -n` only (default: 100000; "
                       "none: --dry-n)")  # fmt: skip
    bench.add_argument("--scale-n", type=int, nargs="*", default=[],
                       help="sizes built once at the most --cores only, for the linear-scaling and "
                       "memory targets (100000: about 30 min at -c2, where -c1, the bare loop and "
                       "the rebuilds would take hours)")  # fmt: skip
    bench.add_argument("--repeat", type=int, default=1, help="runs per measurement; medians")
    bench.add_argument("--cores", type=int, nargs="+", default=[1, 2])
    bench.add_argument("--docs-per-shard", type=int, default=benchmark.DOCS_PER_SHARD)
    bench.add_argument("--min-shards", type=int, default=benchmark.MIN_SHARDS)
    bench.add_argument("--scheduler", default="greedy", choices=["greedy", "ilp"])
    bench.add_argument("--seed", type=int, default=0)
    bench.add_argument("--workdir", default="bench", help="corpora, runs and measurements")
    bench.add_argument("--out", help="where bench.json and bench.md go (default: --workdir)")
    bench.add_argument("--snakefile", default=str(DEFAULT_SNAKEFILE))
    bench.add_argument("--fresh", action="store_true", help="discard earlier measurements")
    bench.add_argument("--configfile", action="append",
                       help="a profile merged over config/config.yaml for every build and the "
                       "bare loop, e.g. config/fast.yaml (repeatable)")  # fmt: skip
    bench.add_argument("--note", default="", help="a sentence for the report (e.g. the load)")
    bench.add_argument("--readme", help="replace the table between the bench markers")
    bench.set_defaults(handler=_bench)


def _add_train_zones(commands) -> None:
    train_zones = commands.add_parser(
        "train-zones",
        help="train the zone model on labelled page folders and write it into the package "
        "(deterministic); with --cv, report site-grouped cross-validation first",
    )
    train_zones.add_argument("eval_dir", nargs="?", default=str(zone_cv.DEFAULT_EVAL),
                             help="where the labelled folders are (../shared/eval)")  # fmt: skip
    train_zones.add_argument("--folders", nargs="+", default=list(zone_cv.TRAINING_FOLDERS))
    train_zones.add_argument("--out", default=str(zone_cv.PACKAGE_MODEL), help="model file")
    train_zones.add_argument("--cv", type=int, default=zone_cv.DEFAULT_FOLDS, metavar="K",
                             help="folds of the cross-validation (0: none)")  # fmt: skip
    train_zones.add_argument("--ablation", action="store_true",
                             help="also cross-validate each variant (slow)")  # fmt: skip
    train_zones.add_argument("--worst", type=int, default=10, help="worst pages to list")
    train_zones.add_argument("--no-write", action="store_true", help="report only")
    train_zones.set_defaults(handler=_train_zones)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="docpipe", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", help="check every table and invariant of a results folder; exit 1 on failure"
    )
    validate.add_argument("results", nargs="?", default="results", help="results folder")
    validate.set_defaults(handler=_validate)
    reference = commands.add_parser(
        "reference", help="regenerate the table reference (docs/tables.md) from the pandera models"
    )
    reference.add_argument("path", nargs="?", default=REFERENCE_FILE)
    reference.add_argument("--check", action="store_true", help="exit 1 if it is stale")
    reference.set_defaults(handler=_reference)
    eval_lang = commands.add_parser(
        "eval-lang", help="answered share and accuracy per bucket and language, and throughput"
    )
    _add_language_options(eval_lang)
    eval_lang.add_argument("--engine", choices=ENGINES, help="override language.engine")
    eval_lang.set_defaults(handler=_eval_lang)
    tune_lang = commands.add_parser(
        "tune-lang", help="grid-search the ensemble's thresholds per bucket against the targets"
    )
    _add_language_options(tune_lang)
    tune_lang.set_defaults(handler=_tune_lang, engine=None)
    eval_extract = commands.add_parser(
        "eval-extract",
        help="run the pipeline on <id>.txt page dumps and score documents.text against "
        "<id>.gold.txt (4-word shingles; per-page P/R and the means) and the documents' "
        "title, author and published date against <id>.meta.json",
    )
    eval_extract.add_argument(
        "pages", nargs="+", help="folders of <id>.txt, <id>.gold.txt and <id>.meta.json"
    )
    eval_extract.add_argument("--snakefile", default=str(DEFAULT_SNAKEFILE))
    eval_extract.add_argument("--cores", type=int, default=2)
    eval_extract.add_argument(
        "--cv", type=int, metavar="K",
        help="no pipeline run: train the zone model on K-1 site-grouped folds of the pages and "
        "score the K-th, against the rules on the same folds (in-process)",
    )  # fmt: skip
    eval_extract.set_defaults(handler=_eval_extract)
    eval_plain = commands.add_parser(
        "eval-plain",
        help="run the pipeline on folders of plain documents (licences, READMEs, articles saved "
        "alone) and report the share of their text kept as body and the empty bodies",
    )
    eval_plain.add_argument("folders", nargs="+", help="folders of documents (every file)")
    eval_plain.add_argument("--snakefile", default=str(DEFAULT_SNAKEFILE))
    eval_plain.add_argument("--cores", type=int, default=2)
    eval_plain.add_argument(
        "--worst", type=int, default=10, help="documents (and zone reasons) to list"
    )
    eval_plain.set_defaults(handler=_eval_plain)
    _add_train_zones(commands)
    ablate_extract = commands.add_parser(
        "ablate-extract",
        help="the zone classifier with each part turned off, scored in-process on a folder",
    )
    ablate_extract.add_argument("pages", help="folder of <id>.txt and <id>.gold.txt")
    ablate_extract.set_defaults(handler=_ablate_extract)
    hostile = commands.add_parser(
        "hostile-report",
        help="run the workflow on the hostile-input corpus (tests/test_hostile.py's) and print "
        "what the tables say about each case, with peak memory, as Markdown",
    )
    hostile.add_argument("--big", action="store_true", help="also the slow cases, each alone")
    hostile.add_argument("--cores", type=int, default=2)
    hostile.add_argument("--keep", help="build and run in this folder and keep it")
    hostile.set_defaults(handler=_hostile_report)
    corpus = commands.add_parser(
        "make-corpus",
        help="write N synthetic news page dumps, deterministic from a seed (for benchmarks)",
    )
    corpus.add_argument("out_dir", help="new or empty folder")
    corpus.add_argument("--n", type=int, required=True, help="number of pages")
    corpus.add_argument("--seed", type=int, default=0)
    corpus.set_defaults(handler=_make_corpus)
    _add_bench(commands)
    _add_eval_metadata(commands)
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except BrokenPipeError:
        # The reader left (`docpipe validate | head`): stop quietly, as cat does. stdout goes to
        # /dev/null so that Python's flush at exit does not raise the same error again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, a shell's status for a process a closed pipe stopped


if __name__ == "__main__":
    sys.exit(main())
