"""The ``tracker eval`` command: score the extractor on an annotated directory.

Owns parsing ``--json``, ``--predictions FILE``, ``--docs PATTERN``, ``--language`` and
``--floor CATEGORY=F1``, printing the rich table (precision, recall and F1 per category,
place F1, qualifier accuracy, overall micro average, then overall per language) and
failing when a floor is not met. Needs no database.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from tracker.app.evaluate import CATEGORIES, EXTRACTOR_VERSION, Counts, EvalResult, evaluate
from tracker.errors import TrackerError

FLOOR_NAMES = (*CATEGORIES, "places", "overall")


class FloorNotMet(TrackerError):
    """An F1 score fell below the floor asked for."""


def _parse_floors(values: tuple[str, ...]) -> dict[str, float]:
    floors: dict[str, float] = {}
    for raw in values:
        name, sep, number = raw.partition("=")
        name = name.strip().lower()
        if not sep or name not in FLOOR_NAMES:
            raise click.BadParameter(
                f"{raw!r}: write CATEGORY=F1 with CATEGORY one of {', '.join(FLOOR_NAMES)}",
                param_hint="--floor",
            )
        try:
            value = float(number)
        except ValueError:
            raise click.BadParameter(
                f"{raw!r}: {number!r} is not a number", param_hint="--floor"
            ) from None
        if not 0.0 <= value <= 1.0:
            raise click.BadParameter(f"{raw!r}: F1 must be between 0 and 1", param_hint="--floor")
        floors[name] = value
    return floors


def _row(table: Table, name: str, c: Counts) -> None:
    table.add_row(
        name,
        str(c.tp),
        str(c.fp),
        str(c.fn),
        f"{c.precision:.3f}",
        f"{c.recall:.3f}",
        f"{c.f1:.3f}",
    )


def _table(result: EvalResult, directory: Path) -> Table:
    table = Table(
        title=f"Extractor v{EXTRACTOR_VERSION} on {directory} "
        f"({result.scored} scored of {result.documents} documents)"
    )
    for col in ("category", "TP", "FP", "FN", "precision", "recall", "F1"):
        table.add_column(col, justify="left" if col == "category" else "right")
    for name in CATEGORIES:
        _row(table, name, result.categories[name])
    table.add_section()
    _row(table, "overall (micro)", result.overall)
    _row(table, "places (matched pairs)", result.places)
    acc = result.qualifier_accuracy
    table.add_row(
        "qualifier accuracy",
        str(result.qualifier_correct),
        "",
        str(result.qualifier_matched - result.qualifier_correct),
        "",
        "",
        "n/a" if acc is None else f"{acc:.3f}",
    )
    if len(result.languages) > 1:
        table.add_section()
        for code, sub in sorted(result.languages.items()):
            _row(table, f"overall, {code} ({sub.scored} docs)", sub.overall)
    return table


_SHOWN = ("accuser", "accused", "denier", "claimant", "side", "category", "figure", "date")


def _print_errors(result: EvalResult) -> None:
    """One line per missed (-) or spurious (+) item, grouped by document."""
    for doc, cats in sorted(result.errors.items()):
        click.echo(doc)
        for cat, kinds in cats.items():
            for sign, kind in (("-", "missed"), ("+", "spurious")):
                for item in kinds[kind]:
                    shown = {k: item[k] for k in (*_SHOWN, "places", "id") if item.get(k)}
                    click.echo(f"  {sign} {cat}: {json.dumps(shown, ensure_ascii=False)}")


def register(group: click.Group) -> None:
    """Add ``eval`` to ``group``."""

    @group.command("eval")
    @click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
    @click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
    @click.option(
        "--predictions",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Write what was extracted, one JSON object per document (gold schema).",
    )
    @click.option(
        "--errors",
        "show_errors",
        is_flag=True,
        help="List, per document, the annotated items missed and the predictions unmatched.",
    )
    @click.option(
        "--docs",
        "pattern",
        default=None,
        metavar="PATTERN",
        help="Only the documents whose file name matches this shell pattern (e.g. 'c*').",
    )
    @click.option(
        "--language",
        default=None,
        metavar="CODE",
        help="Score only the documents of this language (gold 'language', e.g. en, ru).",
    )
    @click.option(
        "--floor",
        "floors",
        multiple=True,
        metavar="CATEGORY=F1",
        help=f"Fail (exit 1) when F1 is below the floor; CATEGORY is one of {', '.join(FLOOR_NAMES)}.",
    )
    def eval_command(
        directory: Path,
        as_json: bool,
        predictions: Path | None,
        show_errors: bool,
        pattern: str | None,
        language: str | None,
        floors: tuple[str, ...],
    ) -> None:
        """Score the extractor on DIRECTORY (*.txt and gold.jsonl, see shared/EVAL.md).

        \b
        Example:
          tracker eval tests/fixtures/extract --floor violations=0.8 --floor overall=0.85
          tracker eval ../shared/devset --docs 'c*' --language en
        """
        wanted = _parse_floors(floors)
        result = evaluate(directory, docs=pattern)
        if language is not None:
            if language not in result.languages:
                raise TrackerError(
                    f"no document in {directory} is in language {language!r} "
                    f"(found: {', '.join(sorted(result.languages)) or 'none'})"
                )
            whole = result
            result = result.languages[language]
            result.predictions = whole.predictions
        if predictions is not None:
            try:
                with predictions.open("w", encoding="utf-8") as fh:
                    for pred in result.predictions:
                        fh.write(json.dumps(pred, ensure_ascii=False) + "\n")
            except OSError as exc:
                raise TrackerError(
                    f"cannot write predictions to {predictions}: {exc.strerror}"
                ) from exc
        if as_json:
            data = result.to_data()
            data["extractor_version"] = EXTRACTOR_VERSION
            click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            console = Console()
            console.print(_table(result, directory))
            for doc, reason in sorted(result.skipped.items()):
                console.print(f"skipped {doc}: {reason}")
        if show_errors:
            _print_errors(result)
        failed = [
            f"{name} F1 {result.f1(name):.3f} < {floor:.3f}"
            for name, floor in wanted.items()
            if result.f1(name) < floor
        ]
        if failed:
            raise FloorNotMet("below the floor: " + "; ".join(failed))
