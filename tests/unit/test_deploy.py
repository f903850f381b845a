"""deploy/ stays consistent with the code: files parse, and every tracker command they
run exists with the options they pass."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path
from typing import Any

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


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return data


def _option(command: list[str], name: str, default: str) -> str:
    return command[command.index(name) + 1] if name in command else default


def test_published_metrics_listen_beyond_the_containers_loopback() -> None:
    for service in _compose()["services"].values():
        command = [str(c) for c in service.get("command", [])]
        if "--metrics-port" in command and service.get("ports"):
            assert _option(command, "--metrics-addr", "127.0.0.1") not in {"127.0.0.1", "localhost"}
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    cmd = re.search(r"^CMD \[(.*)\]", dockerfile, re.M)
    assert cmd is not None
    words = [w.strip().strip('"') for w in cmd.group(1).split(",")]
    assert _option(words, "--metrics-addr", "127.0.0.1") == "0.0.0.0"


def test_the_feed_list_and_var_are_volumes_the_services_share() -> None:
    services = _compose()["services"]
    for name in ("migrate", "serve"):
        env = services[name]["environment"]
        feeds_dir = str(Path(env["TRACKER_FEEDS_FILE"]).parent)
        mounts = {str(v).split(":")[1] for v in services[name]["volumes"]}
        assert {feeds_dir, "/app/var"} <= mounts, name
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    volume = re.search(r"^VOLUME \[(.*)\]", dockerfile, re.M)
    assert volume is not None and '"/app/feeds"' in volume.group(1)
    assert re.search(r"^COPY --chown=tracker:tracker feeds ", dockerfile, re.M)


def test_no_password_on_a_command_line_and_no_database_port_on_the_host() -> None:
    services = _compose()["services"]
    for name, service in services.items():
        for word in [str(c) for c in service.get("command", []) + service.get("entrypoint", [])]:
            assert not re.search(r"\$\{\w*PASSWORD", word), f"{name}: {word}"
            assert "--create" not in word, f"{name} passes a password on its command line"
    assert "ports" not in services["db"], "PostgreSQL is published on the host"
    analyst = [str(c) for c in services["analyst-role"]["command"]]
    secret = _option(analyst, "--password-file", "")
    assert secret.startswith("/run/secrets/")
    assert Path(secret).name in services["analyst-role"]["secrets"]


def test_the_image_installs_the_locked_dependencies_and_a_plain_wheel() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "--require-hashes -r requirements.lock" in dockerfile
    # The pinned pip goes in first: an older pip fails the locked install on extra names.
    assert (
        0
        < dockerfile.index("--require-hashes -r requirements-pip.lock")
        < dockerfile.index("--require-hashes -r requirements.lock")
    )
    assert re.search(r"pip install .*--no-deps \.$", dockerfile, re.M)
    runtime = dockerfile.split("AS runtime", 1)[1]
    assert "migrations" not in runtime.split("ENTRYPOINT")[0].replace("migrates", "")


def test_make_installs_from_the_lock_and_make_test_installs_the_browser() -> None:
    makefile = (DEPLOY.parent / "Makefile").read_text()
    install = re.search(r"^\$\(BIN\)/tracker:.*?(?=^\S)", makefile, re.M | re.S)
    assert install is not None and "--require-hashes -r requirements-test.lock" in install.group(0)
    recipe = install.group(0)
    assert (
        0
        < recipe.index("--require-hashes -r requirements-pip.lock")
        < recipe.index("--require-hashes -r requirements-test.lock")
    )
    wheel_test = (DEPLOY.parent / "scripts" / "wheel-test.sh").read_text()
    assert wheel_test.index("requirements-pip.lock") < wheel_test.index("requirements.lock")
    test = re.search(r"^test:(.*)$", makefile, re.M)
    assert test is not None and "browser" in test.group(1).split()
    browser = re.search(r"^browser:.*?(?=^\S)", makefile, re.M | re.S)
    assert browser is not None and "scripts/install-chromium.sh" in browser.group(0)
    ci = (DEPLOY.parent / ".ci" / "run").read_text()
    assert "make test" in ci and "make wheel-test" in ci


def test_duckdb_instructions_say_what_they_download_and_give_an_offline_way() -> None:
    for path in (DEPLOY.parent / "README.md", DEPLOY.parent / "scripts" / "quickstart.sh"):
        text = path.read_text()
        paragraphs = re.split(r"\n\s*\n", text)
        with_install = [p for p in paragraphs if "INSTALL sqlite" in p]
        assert with_install, path
        for paragraph in with_install:
            assert "download" in paragraph and "offline" in paragraph, path
            assert "--format csv --out exports" in paragraph
            assert "'exports/truce_status.csv'" in paragraph
    export = resolve(["export", "--format", "csv", "--out", "exports"])
    assert export.name == "export"


def test_the_image_builds_the_compiled_extractor() -> None:
    # setup.py compiles tracker/extract with mypyc while the wheel is built: the build
    # stage needs setup.py and a C compiler before `pip install .`, the runtime neither
    build, runtime = (DEPLOY / "Dockerfile").read_text().split("AS runtime", 1)
    assert re.search(r"^COPY [^\n]*\bsetup\.py\b", build, re.M)
    assert 0 < build.index("install -y --no-install-recommends gcc") < build.index("--no-deps .")
    assert "gcc" not in runtime
