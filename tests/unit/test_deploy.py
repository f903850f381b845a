"""deploy/ stays consistent with the code: files parse, and every tracker command they
run exists with the options they pass."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

import click
import pytest
import yaml

from tracker import config
from tracker.cli import cli

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
EXTRA_VARIABLES = {"TRACKER_DB_PASSWORD", "TRACKER_ANALYST_PASSWORD", "TRACKER_SKIP_MIGRATIONS"}


def resolve(argv: list[str]) -> click.Command:
    """The command that ``tracker ARGV`` runs, checking each option exists on it."""
    command: click.Command = cli
    ctx = click.Context(cli)
    words = list(argv)
    while words and words[0].startswith("--"):
        words = words[2:] if words[0] in {"--database", "--config"} else words[1:]
    while words and isinstance(command, click.Group):
        name = words.pop(0)
        sub = command.get_command(ctx, name)
        assert sub is not None, f"tracker has no command {name!r} (in {argv})"
        command = sub
    options = {opt for p in command.params for opt in getattr(p, "opts", [])}
    for word in words:
        if word.startswith("--"):
            assert word.split("=")[0] in options, f"{word} is not an option of {command.name}"
    return command


def tracker_invocations(text: str) -> list[list[str]]:
    out = []
    for line in text.splitlines():
        m = re.search(r"(?:^|[\s/])tracker\s+([a-z].*)$", line)
        if m and not line.lstrip().startswith("#"):
            out.append(shlex.split(m.group(1)))
    return out


def test_compose_parses_and_runs_real_commands() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "migrate", "serve", "analyst-role"} <= set(services)
    for name in ("migrate", "serve", "analyst-role"):
        command = [str(c) for c in services[name]["command"]]
        resolve([c for c in command if not c.startswith("${")])
    assert (
        services["serve"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    )


def test_the_image_runs_as_a_non_root_user_and_migrates_on_start() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert dockerfile.count("FROM ") >= 2, "multi-stage build"
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
    assert users and users[-1] not in {"root", "0"}
    entrypoint = (DEPLOY / "entrypoint.sh").read_text()
    assert "tracker db upgrade" in entrypoint
    cmd = re.search(r"^CMD \[(.*)\]", dockerfile, re.M)
    assert cmd is not None
    resolve([w.strip().strip('"') for w in cmd.group(1).split(",")])


def test_the_systemd_unit_runs_real_commands() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read_string((DEPLOY / "tracker.service").read_text())
    service = unit["Service"]
    for key in ("ExecStartPre", "ExecStart"):
        argv = shlex.split(service[key])
        assert argv[0].endswith("/tracker")
        resolve(argv[1:])
    assert service["User"] != "root"


def test_the_example_environment_names_only_known_settings() -> None:
    known = {f"TRACKER_{name.upper()}" for name in config.FIELDS} | EXTRA_VARIABLES
    for line in (DEPLOY / "tracker.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert line.split("=", 1)[0] in known, line


@pytest.mark.parametrize("doc", ["README.md", "docs/operations.md"])
def test_documented_commands_exist(doc: str) -> None:
    path = DEPLOY.parent / doc
    if not path.exists():
        pytest.skip(f"{doc} not written yet")
    text = path.read_text()
    blocks = re.findall(r"```(?:sh|bash|console)\n(.*?)```", text, re.S)
    for block in blocks:
        for argv in tracker_invocations(block):
            words = []
            for a in argv:
                if a in {"|", "&&", ";", ">"}:
                    break
                words.append(a)
            resolve(words)
