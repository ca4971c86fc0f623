"""The README's examples still work, and every command and option is documented there."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from conftest import fresh_python
from tracer.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def console_examples() -> list[tuple[str, list[str]]]:
    """(command, shown output lines) for each `$ tracer …` line in the README's console blocks."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("$ tracer "):
                shown = []
                for out in lines[i + 1 :]:
                    if out.startswith("$ "):
                        break
                    shown.append(out)
                examples.append((line[2:], shown))
    return examples


@pytest.mark.parametrize("command, shown", console_examples(), ids=lambda x: x if isinstance(x, str) else "")
def test_readme_console_example_prints_what_the_readme_shows(tmp_path, command, shown):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    argv = [sys.executable, "-m", "tracer"] + shlex.split(command)[1:]
    result = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[: len(shown)] == shown


def test_readme_setup_commands_exist():
    for script in re.findall(r"^\$ (scripts/\w+)", README, re.M):
        path = ROOT / script
        assert path.is_file() and os.access(path, os.X_OK), script


def test_ci_runs_the_readme_test_command():
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text()


def test_every_command_and_option_is_documented():
    for name, command in cli.commands.items():
        assert f"tracer {name}" in README, f"command {name} missing from README"
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(opt in README for opt in param.opts), f"{name} {param.opts} missing from README"


def test_every_exit_code_is_documented():
    codes = set(re.findall(r"exit_code = (\d+)", (ROOT / "tracer" / "errors.py").read_text()))
    table = re.search(r"## Exit codes\n(.*?)\n## ", README, re.S).group(1)
    for code in codes | {"0", "2", "70"}:
        assert f"| {code} |" in table, f"exit code {code} missing from README"


def test_readme_python_example_runs_in_a_new_process():
    [block] = re.findall(r"```python\n(.*?)```", README, re.S)[:1]
    out = fresh_python(block)
    assert "->" in out  # it printed the seeds' link


def test_every_dotted_name_the_readme_calls_resolves_after_import_tracer():
    names = sorted(set(re.findall(r"`(tracer(?:\.\w+)+)\(", README)))
    assert "tracer.serialize.lineage_to_dict" in names and "tracer.index.report.check_to_dict" in names
    code = ("import functools, tracer\n"
            f"for name in {names!r}:\n"
            "    try:\n"
            "        functools.reduce(getattr, name.split('.')[1:], tracer)\n"
            "    except AttributeError:\n"
            "        print(name)\n")
    assert fresh_python(code) == ""
