#!/bin/sh
# Migrate first (idempotent), then run the tracker command given as arguments.
# The migration's message goes to stderr, so the command's standard output stays its own
# (`docker run tracker truces --json | jq` works).
set -eu
if [ "${TRACKER_SKIP_MIGRATIONS:-0}" != "1" ]; then
  tracker db upgrade >&2
fi
exec tracker "$@"
