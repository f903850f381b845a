#!/usr/bin/env bash
# The quick start's main job on the embedded default (SQLite under ./var, bundled feeds).
set -euo pipefail
BIN="${1:-.venv/bin}"
export TRACKER_DATABASE_URL="${TRACKER_DATABASE_URL:-sqlite:///var/tracker.db}"
"$BIN/tracker" db upgrade
if "$BIN/tracker" load --help >/dev/null 2>&1 && ls feeds/reference/*.toml >/dev/null 2>&1; then
  "$BIN/tracker" load feeds/reference/*.toml
fi
if "$BIN/tracker" serve --help >/dev/null 2>&1; then
  "$BIN/tracker" serve --once
fi
if "$BIN/tracker" truces --help >/dev/null 2>&1; then
  "$BIN/tracker" truces
fi
"$BIN/tracker" db current
cat <<MSG

The database is $TRACKER_DATABASE_URL. Query it with SQL:
  sqlite3 var/tracker.db 'SELECT * FROM truce_status'
MSG
