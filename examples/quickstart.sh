#!/usr/bin/env bash
# The main job, end to end on a fresh machine with only python3: install scaffold, generate a
# project into DIR (default: demo/shop) with two CRUD resources and two slices made from the
# shipped feature specs, migrate it, and run its ruff, mypy and tests. DIR must not exist yet.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
target="${1:-demo/shop}"
if [ -e "$target" ] || [ -L "$target" ]; then
  echo "error: $target already exists (fix: pass a new folder, e.g. bash $0 $target-2, or remove it yourself)" >&2
  exit 2
fi

python3 -m venv "$here/.venv"
"$here/.venv/bin/pip" install --quiet --upgrade pip
"$here/.venv/bin/pip" install --quiet -e "$here[dev]"
export PATH="$here/.venv/bin:$PATH"

scaffold new "$target"
cd "$target"
scaffold crud Category 'name:str(80):unique' 'description:text?'
scaffold crud Product 'name:str(120)' 'price:decimal(10,2)' stock:int=0 sku:str:unique \
  'notes:text?' 'category:ref(Category)?'
mkdir -p specs/features
cp "$here/examples/specs/projects.md" "$here/examples/specs/tasks.md" specs/features/
scaffold spec check specs/features/tasks.md
scaffold slice --spec specs/features/projects.md
scaffold slice --spec specs/features/tasks.md
alembic upgrade head
ruff check . && ruff format --check . && mypy && bandit -q -c pyproject.toml -r app
pytest -q
echo "Done: $(pwd) passes its tests. Run it: cd $target && uvicorn app.main:app --reload"
