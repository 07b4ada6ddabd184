"""The `docpipe` command: validate a results folder; keep the README's table reference current."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docpipe.reference import README_MARKERS, render_reference, replace_section
from docpipe.validate import validate_results


def _validate(args: argparse.Namespace) -> int:
    checks = validate_results(args.results)
    for check in checks:
        print(check.line())
    failed = sum(not check.ok for check in checks)
    print(f"{len(checks) - failed} checks ok, {failed} failed")
    return 1 if failed else 0


def _reference(args: argparse.Namespace) -> int:
    readme = Path(args.readme)
    current = readme.read_text(encoding="utf-8")
    updated = replace_section(current, render_reference(), *README_MARKERS)
    if args.check:
        if updated != current:
            print(f"{readme}: table reference is stale; run `docpipe reference {readme}`")
            return 1
        print(f"{readme}: table reference is current")
        return 0
    readme.write_text(updated, encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="docpipe", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", help="check every table and invariant of a results folder; exit 1 on failure"
    )
    validate.add_argument("results", nargs="?", default="results", help="results folder")
    validate.set_defaults(handler=_validate)
    reference = commands.add_parser(
        "reference", help="regenerate the README's table reference from the pandera models"
    )
    reference.add_argument("readme", nargs="?", default="README.md")
    reference.add_argument("--check", action="store_true", help="exit 1 if it is stale")
    reference.set_defaults(handler=_reference)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
