#!/usr/bin/env bash
# Instructions per article of the installed extractor, counted by valgrind's callgrind:
# (instructions over 60 of bench_extract's articles - over 20) / 40, so that start-up and
# the first articles' one-time work cancel out. A count, not a time: steady on a busy machine.
#   bash benchmarks/callgrind_extract.sh en|ru [PYTHON]
set -euo pipefail
lang=${1:-en}
python=${2:-.venv/bin/python}
cd "$(dirname "$0")/.."
count() {
  PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$python" -c "
import sys
sys.path.insert(0, 'benchmarks')
import bench_extract
from tracker.extract import extract
for text, published in bench_extract.articles($1, 5000, 0.6, '$lang'):
    extract(text, published=published)
" 2>&1 | sed -n 's/.*refs: *\([0-9,]*\).*/\1/p' | tr -d ,
}
a=$(count 20)
b=$(count 60)
python3 -c "print(f'{($b - $a) / 40 / 1e6:.2f} M instructions per article ($lang)')"
