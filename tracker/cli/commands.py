"""The list of command modules; each exposes ``register(group)``."""

from __future__ import annotations

from types import ModuleType

from tracker.cli import (
    config_cmd,
    db_cmd,
    eval_cmd,
    export_cmd,
    feeds_cmd,
    quarantine_cmd,
    record_cmd,
    report_cmd,
    truces_cmd,
)

MODULES: tuple[ModuleType, ...] = (
    db_cmd,
    config_cmd,
    truces_cmd,
    record_cmd,
    feeds_cmd,
    eval_cmd,
    report_cmd,
    export_cmd,
    quarantine_cmd,
)
