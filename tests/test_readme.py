"""The README's examples run as written."""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)


def test_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 2


def test_readme_examples_run() -> None:
    namespace: dict[str, object] = {}
    for block in BLOCKS:
        if block.lstrip().startswith(">>>"):
            test = doctest.DocTestParser().get_doctest(block, namespace, "README", "README.md", 0)
            runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
            runner.run(test)
            assert runner.summarize(verbose=False).failed == 0
        else:
            exec(compile(block, "README.md", "exec"), namespace)


def quick_start_commands() -> list[str]:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", quick, flags=re.DOTALL)


def test_quick_start_has_exactly_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "demo" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    # .ci/run runs the README's pytest command in two parts, the fuzz tests and the rest,
    # adding only which part (-m) and how many cores (-n): together, the whole suite.
    readme = quick_start_commands()[1].strip().rsplit("/python ", 1)[1].split()
    assert readme[:2] == ["-m", "pytest"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    parts = []
    for line in ci.splitlines():
        if not line.startswith('"$VENV/bin/python" -m pytest'):
            continue  # (the installed-wheel check runs from $WHEEL_VENV)
        args = shlex.split(line.split('/bin/python" ', 1)[1].split(">", 1)[0])
        assert args[: len(readme)] == readme, line
        extra = args[len(readme) :]
        assert set(extra) <= {"-m", "fuzz", "not fuzz", "-n", "auto", "2", "-p", "no:cacheprovider"}, line
        parts.append(extra[extra.index("-m") + 1])
    assert sorted(parts) == ["fuzz", "not fuzz"]
