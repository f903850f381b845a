"""Where the CLI's tables go: a terminal's width, or unlimited when output is piped.

Owns the one ``Console`` factory of the commands' standard output. On a terminal, tables
fit its width (columns wrap; ids never do). Piped or redirected, nothing is cut or
squeezed: each table takes its natural width, so ``tracker feeds list | grep`` sees whole
URLs and errors.
"""

from __future__ import annotations

from rich.console import Console

#: Width given to Rich when standard output is not a terminal: wide enough that no
#: table is ever squeezed or truncated.
PIPE_WIDTH = 100_000


def console() -> Console:
    """A console for standard output."""
    terminal = Console(soft_wrap=False)
    return terminal if terminal.is_terminal else Console(soft_wrap=False, width=PIPE_WIDTH)
