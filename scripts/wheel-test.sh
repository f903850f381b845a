#!/usr/bin/env bash
# The plain install, as an operator and the container do it: build the wheel, install it
# with the locked dependencies into a fresh virtualenv, then run the container's
# entrypoint steps from an empty directory elsewhere: migrate, load the reference truces,
# one service cycle against a feed served on loopback, the truce table. Called by .ci/run.
# Usage: bash scripts/wheel-test.sh   (needs python3 and network access to the package index)
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
TMP="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

echo "wheel test: building the wheel"
rm -rf "$REPO/build"
"$PYTHON" -m pip wheel --quiet --no-deps --wheel-dir "$TMP/dist" "$REPO" 2>"$TMP/build.log" \
  || { cat "$TMP/build.log" >&2; exit 1; }
rm -rf "$REPO/build"
WHEEL="$(ls "$TMP"/dist/tracker-*.whl)"

echo "wheel test: installing $(basename "$WHEEL") into a fresh virtualenv"
"$PYTHON" -m venv "$TMP/venv"
{
  "$TMP/venv/bin/pip" install --quiet --require-hashes -r "$REPO/requirements-pip.lock" \
    && "$TMP/venv/bin/pip" install --quiet --require-hashes -r "$REPO/requirements.lock" \
    && "$TMP/venv/bin/pip" install --quiet --no-deps "$WHEEL"
} 2>"$TMP/pip.log" || { cat "$TMP/pip.log" >&2; exit 1; }

# A feed on loopback: the bundled sample, served over HTTP.
mkdir -p "$TMP/www" "$TMP/work/feeds"
cp "$REPO/feeds/samples/caucasus-wire.rss" "$TMP/www/"
PORT="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$PYTHON" -m http.server "$PORT" --bind 127.0.0.1 --directory "$TMP/www" >"$TMP/http.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 50); do
  "$PYTHON" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/caucasus-wire.rss', timeout=1)" 2>/dev/null && break
  sleep 0.1
done
cat >"$TMP/work/feeds/feeds.toml" <<TOML
[[feeds]]
name = "loopback-wire"
url = "http://127.0.0.1:$PORT/caucasus-wire.rss"
interval_s = 900
TOML

# The container's environment and entrypoint, from a directory with no checkout in it.
cd "$TMP/work"
export PATH="$TMP/venv/bin:$PATH"
export TRACKER_DATABASE_URL="sqlite:///$TMP/work/var/tracker.db"
export TRACKER_FEEDS_FILE="$TMP/work/feeds/feeds.toml"
export TRACKER_ALLOW_PRIVATE_NETWORKS=true
export TRACKER_LOG_FORMAT=json
unset TRACKER_CONFIG TRACKER_SKIP_MIGRATIONS
ENTRYPOINT="$REPO/deploy/entrypoint.sh"

# The conflict pack ships in the wheel (tracker.packs) and is found without a checkout.
python -c 'from tracker.conflict import default_pack as d; p = d(); assert p.truces and p.has("gazetteer.tsv"), p.root; print("wheel test: conflict pack", p.name, "at", p.root)'
# The extractor in the wheel is the one compiled with mypyc (setup.py), and it reads.
python -W error -c 'import tracker.extract as e; assert e.RUNNING == "compiled", e.RUNNING; x = e.extract("Azerbaijan said on Sunday that Armenian forces shelled its positions.", published=__import__("datetime").datetime(2020, 10, 12, tzinfo=__import__("datetime").timezone.utc)); assert x.violations, x; print("wheel test: extractor", e.RUNNING)'
sh "$ENTRYPOINT" db current
sh "$ENTRYPOINT" load "$REPO/feeds/conflicts/nagorno-karabakh/reference.toml"
sh "$ENTRYPOINT" serve --once --json >"$TMP/cycle.json"
"$PYTHON" - "$TMP/cycle.json" <<'PY'
import json, sys
out = json.load(open(sys.argv[1]))
assert out["polled"] == 1 and out["failed"] == 0, out
assert out["new"] > 0, f"the loopback feed gave no new items: {out}"
assert not out["errors"], out["errors"]
print(f"wheel test: one cycle polled {out['polled']} feed, {out['new']} new items")
PY
tracker truces >"$TMP/truces.txt"
grep -q "nk-2020-11-10" "$TMP/truces.txt" || { cat "$TMP/truces.txt"; exit 1; }
echo "wheel test: passed (migrate, load, one cycle, truce table from $TMP/work)"
