"""The README's examples run as written."""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
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


def command_line_commands() -> list[str]:
    section = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    return [line for line in block.splitlines() if line.strip()]


def test_readme_command_line_runs_as_pasted(tmp_path: Path) -> None:
    # Each line, pasted in order into an empty directory, succeeds: the README's session
    # builds its own files (kursk.json, reconciled.json, ...) as it goes.
    commands = command_line_commands()
    assert len(commands) >= 5
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for line in commands:
        args = shlex.split(line)
        assert args[0] == "conflictmodels", line
        out = None
        if ">" in args:  # a redirection, as a shell would do it
            at = args.index(">")
            out, args = tmp_path / args[at + 1], args[:at]
        done = subprocess.run(
            [sys.executable, "-m", "conflictmodels", *args[1:]],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"{line}\n{done.stderr}"
        if out is not None:
            out.write_text(done.stdout, encoding="utf-8")
    assert (tmp_path / "from-stix.json").exists()


def test_readme_links_are_absolute() -> None:
    # The package index shows the README away from the repository: relative links break.
    targets = re.findall(r"\]\(([^)]+)\)", README) + re.findall(r"<([^>\s]+)>", README)
    assert targets, "the README links its documentation, source and issues"
    assert [t for t in targets if not t.startswith("https://")] == []
    for needed in ("https://conflictmodels.readthedocs.io", "/issues"):
        assert any(needed in t for t in targets), needed


def test_readme_starts_with_usage_for_package_index_readers() -> None:
    assert README.index("pip install conflictmodels") < README.index("## Usage") < README.index("## Contributing")
    assert README.index("## Contributing") < README.index("Quick start")
