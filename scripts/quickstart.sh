#!/usr/bin/env bash
# The quick start's main job, on the embedded default: the SQLite file var/tracker.db and
# the bundled offline feeds. Migrates, loads the reference truces, runs one full cycle of
# the feed service (poll, extract, project), prints the truce status table.
set -euo pipefail
BIN="${1:-.venv/bin}"
export TRACKER_DATABASE_URL="${TRACKER_DATABASE_URL:-sqlite:///var/tracker.db}"

"$BIN/tracker" db upgrade
"$BIN/tracker" load feeds/conflicts/nagorno-karabakh/reference.toml
"$BIN/tracker" serve --once
"$BIN/tracker" truces

cat <<MSG

Done: the log and the analysts' views are in $TRACKER_DATABASE_URL.

Query them with SQL:
  sqlite3 var/tracker.db "SELECT truce_id, status, lifespan, end_reason FROM truce_status"
  duckdb -c "INSTALL sqlite; LOAD sqlite; ATTACH 'var/tracker.db' AS t (TYPE sqlite); SELECT * FROM t.truce_status"
    (INSTALL downloads DuckDB's sqlite extension once; offline, query the CSV exports:
     $BIN/tracker export --format csv --out exports && duckdb -c "SELECT * FROM 'exports/truce_status.csv'")
  $BIN/pip install datasette && $BIN/datasette var/tracker.db --metadata deploy/datasette/metadata.json
The views and every column are described in docs/sql.md.

More:
  $BIN/tracker violations --truce nk-2020-10-26     violation reports assigned to a truce
  $BIN/tracker report --out report                  an HTML report with a timeline picture
  $BIN/tracker serve                                 run the feed service continuously (Ctrl-C stops)
MSG
