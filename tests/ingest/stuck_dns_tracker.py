"""The ``tracker`` command with a resolver that never answers for ``*.stuck.test``
(as a ``getaddrinfo`` stuck on a dead DNS server); every other name resolves as usual.

    python stuck_dns_tracker.py serve --once
"""

from __future__ import annotations

import runpy
import socket
import sys
import threading
from typing import Any

_real_getaddrinfo = socket.getaddrinfo
_never = threading.Event()


def _getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if isinstance(host, str) and host.endswith(".stuck.test"):
        _never.wait()
    return _real_getaddrinfo(host, *args, **kwargs)


if __name__ == "__main__":
    socket.getaddrinfo = _getaddrinfo
    sys.argv = ["tracker", *sys.argv[1:]]
    runpy.run_module("tracker", run_name="__main__", alter_sys=True)
