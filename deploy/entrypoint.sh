#!/bin/sh
# Migrate first (idempotent), then run the tracker command given as arguments.
set -eu
if [ "${TRACKER_SKIP_MIGRATIONS:-0}" != "1" ]; then
  tracker db upgrade
fi
exec tracker "$@"
