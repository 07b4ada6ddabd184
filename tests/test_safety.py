"""No code of this project evaluates or unpickles anything: inputs and config are data.

Python files are checked on their syntax tree, so a word in a string or comment does not count;
the Snakefile and rule files (not plain Python) by pattern. Snakemake itself pickles each job's
params to hand them to the job's script; that is its own channel, not one an input can reach.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import REPO

BANNED_CALLS = {"eval", "exec", "compile", "__import__"}
BANNED_MODULES = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "marshal", "shelve",
                  "joblib"}  # fmt: skip
# yaml.load and friends build arbitrary Python objects unless given a safe loader.
UNSAFE_ATTRIBUTES = {("yaml", "load"), ("yaml", "load_all"), ("yaml", "unsafe_load"),
                     ("yaml", "full_load"), ("yaml", "unsafe_load_all"), ("pd", "read_pickle"),
                     ("pandas", "read_pickle"), ("os", "system"), ("torch", "load")}  # fmt: skip
SNAKEMAKE_PATTERN = re.compile(
    r"\b(eval|exec|compile|__import__)\s*\(|\b(pickle|marshal|shelve|dill)\b|yaml\.(unsafe_|full_)?load\s*\("
)


def _banned(node: ast.AST) -> str | None:
    """What is banned about one syntax node, or None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return f"{node.func.id}()" if node.func.id in BANNED_CALLS else None
    if isinstance(node, ast.Import | ast.ImportFrom):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
        banned = [name for name in names if (name or "").split(".")[0] in BANNED_MODULES]
        return f"import {banned[0]}" if banned else None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        pair = (node.value.id, node.attr)
        unsafe = pair in UNSAFE_ATTRIBUTES or node.value.id in BANNED_MODULES
        return f"{node.value.id}.{node.attr}" if unsafe else None
    if isinstance(node, ast.keyword) and node.arg == "allow_pickle":
        safe = isinstance(node.value, ast.Constant) and node.value.value is False
        return None if safe else "allow_pickle"
    return None


def unsafe_uses(source: str, name: str) -> list[str]:
    """Every banned call, import or attribute in a Python source, as 'name:line: what'."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        what = _banned(node)
        if what is not None:
            found.append(f"{name}:{getattr(node, 'lineno', 0)}: {what}")
    return found


def _python_files() -> list[Path]:
    folders = ["src", "schemas", "workflow", "benchmarks", "tests"]
    return sorted(path for folder in folders for path in (REPO / folder).rglob("*.py"))


def _snakemake_files() -> list[Path]:
    return [REPO / "Snakefile", *sorted((REPO / "workflow" / "rules").glob("*.smk"))]


def test_the_checker_finds_each_banned_use() -> None:
    bad = (
        "import pickle\nfrom marshal import loads\nimport yaml\n"
        "eval(data)\nexec(code)\nyaml.load(text)\nyaml.unsafe_load(text)\n"
        "np.load(path, allow_pickle=True)\nos.system(command)\n"
    )
    assert unsafe_uses(bad, "bad.py") == [
        "bad.py:1: import pickle",
        "bad.py:2: import marshal",
        "bad.py:4: eval()",
        "bad.py:5: exec()",
        "bad.py:6: yaml.load",
        "bad.py:7: yaml.unsafe_load",
        "bad.py:8: allow_pickle",
        "bad.py:9: os.system",
    ]
    fine = "import yaml\nyaml.safe_load(text)\nmodel.validate(df)\ntext = 'eval(x) pickle'\n"
    assert unsafe_uses(fine, "fine.py") == []
    assert SNAKEMAKE_PATTERN.search("x = eval(config['a'])")
    assert not SNAKEMAKE_PATTERN.search("validate(config, schema=...)")


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_python_source_neither_evaluates_nor_unpickles(path: Path) -> None:
    assert unsafe_uses(path.read_text(encoding="utf-8"), path.name) == []


def test_snakefile_and_rules_neither_evaluate_nor_unpickle() -> None:
    files = _snakemake_files()
    assert len(files) >= 6
    hits = [
        f"{path.name}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SNAKEMAKE_PATTERN.search(line)
    ]
    assert hits == []
