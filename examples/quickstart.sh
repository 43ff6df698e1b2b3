#!/usr/bin/env bash
# The main job, end to end on a fresh machine with only python3: install scaffold, generate a
# project with two related resources into DIR (default: demo/shop), migrate it, run its tests.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
target="${1:-demo/shop}"

python3 -m venv "$here/.venv"
"$here/.venv/bin/pip" install --quiet --upgrade pip
"$here/.venv/bin/pip" install --quiet -e "$here[dev]"
export PATH="$here/.venv/bin:$PATH"

rm -rf "$target"
scaffold new "$target"
cd "$target"
scaffold crud Category 'name:str(80):unique' 'description:text?'
scaffold crud Product 'name:str(120)' 'price:decimal(10,2)' stock:int=0 sku:str:unique \
  'notes:text?' 'category:ref(Category)?'
alembic upgrade head
ruff check . && mypy
pytest -q
echo "Done: $(pwd) passes its tests. Run it: cd $target && uvicorn app.main:app --reload"
