"""`scaffold destroy NAME` from the command line: clean removal, edited files, the main.py
revert (only scaffold's lines; the user's uses of the resource are conflicts), line endings and
BOM, references, applied migrations, dry runs and bad input."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from scaffold.engine.manifest import Manifest
from scaffold.engine.migrations import current_head, read_revisions
from scaffold.engine.plan import content_hash
from tests.conftest import run_cli, snapshot

CATEGORY = ["Category", "name:str(80):unique"]
PRODUCT = ["Product", "name:str(120)", "price:decimal(10,2)", "category:ref(Category)?"]


@pytest.fixture(autouse=True)
def _no_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    # The project's database is whatever DATABASE_URL says: keep the caller's out of it.
    monkeypatch.delenv("DATABASE_URL", raising=False)


def crud(project: Path, *args: str) -> None:
    result = run_cli("crud", *args, cwd=project)
    assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="module")
def category_template(template_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project with Category generated, for the module; tests get copies of it."""
    root = tmp_path_factory.mktemp("destroy") / "shop"
    shutil.copytree(template_project, root)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("DATABASE_URL", raising=False)
        crud(root, *CATEGORY)
    return root


@pytest.fixture
def with_category(category_template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "shop"
    shutil.copytree(category_template, copy)
    return copy


@pytest.fixture
def fresh(template_project: Path) -> dict[str, bytes]:
    """The tree of a new project, before any crud."""
    return snapshot(template_project)


def migration_of(project: Path, name: str) -> dict[str, str]:
    return dict(Manifest.load(project).resources[name]["migration"])


def mark_applied(project: Path, revision: str, database: str = "app.db") -> None:
    """What `alembic upgrade` leaves in the database: its version table at `revision`."""
    with sqlite3.connect(project / database) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    connection.close()


def test_destroy_restores_the_tree_byte_for_byte(with_category: Path) -> None:
    project = with_category
    before = snapshot(project)
    crud(project, *PRODUCT)
    result = run_cli("destroy", "Product", cwd=project)
    assert result.exit_code == 0, result.stderr
    for path in (
        "app/models/product.py",
        "app/schemas/product.py",
        "app/api/product.py",
        "tests/test_product.py",
    ):
        assert f"delete  {path}" in result.stdout
        assert not (project / path).exists()
    assert "update  app/main.py" in result.stdout
    assert "update  app/models/__init__.py" in result.stdout
    assert snapshot(project) == before  # manifest included


def test_destroy_of_the_only_resource_returns_to_the_new_project(
    with_category: Path, fresh: dict[str, bytes]
) -> None:
    assert run_cli("destroy", "category", cwd=with_category).exit_code == 0  # any spelling
    assert snapshot(with_category) == fresh


def test_main_py_revert_keeps_the_users_own_lines(project: Path) -> None:
    main = project / "app/main.py"
    mine_before = (
        "\n\n# my health probe, keep it\n"
        '@app.get("/api/ping")  # my route\n'
        "def ping() -> dict[str,str]:\n"
        '    return {"ping":   "pong"}\n'
    )
    main.write_text(main.read_text() + mine_before)
    original = main.read_text()
    crud(project, *CATEGORY)
    # The user keeps working on main.py after generating.
    mine_after = '\n\n@app.get("/api/version")\ndef version() -> str:\n    return "1"\n'
    main.write_text(main.read_text() + mine_after)

    assert run_cli("destroy", "Category", cwd=project).exit_code == 0
    assert main.read_text() == original + mine_after
    assert "category" not in main.read_text()


def test_an_edited_file_is_kept_and_nothing_is_removed_without_force(
    with_category: Path, fresh: dict[str, bytes]
) -> None:
    project, before_crud = with_category, fresh
    router = project / "app/api/category.py"
    router.write_text(router.read_text() + "\n# my own addition\n")
    before = snapshot(project)

    result = run_cli("destroy", "Category", cwd=project)
    assert result.exit_code == 1
    assert "conflict  app/api/category.py  (edited since it was generated: kept)" in result.stdout
    assert "delete  app/models/category.py" in result.stdout
    assert "nothing was removed" in result.stderr
    assert "--force" in result.stderr
    assert snapshot(project) == before

    data = json.loads(run_cli("destroy", "Category", "--json", cwd=project).stdout)["data"]
    assert data["conflicts"] == ["app/api/category.py"]
    assert data["written"] == []
    assert snapshot(project) == before

    forced = run_cli("destroy", "Category", "--force", cwd=project)
    assert forced.exit_code == 0, forced.stderr
    assert "delete  app/api/category.py  (your edits deleted (--force))" in forced.stdout
    assert snapshot(project) == before_crud


def test_dry_run_shows_what_would_go_and_changes_nothing(with_category: Path) -> None:
    project = with_category
    before = snapshot(project)
    result = run_cli("destroy", "Category", "--dry-run", cwd=project)
    assert result.exit_code == 0
    assert "delete  app/models/category.py" in result.stdout
    assert "-class Category(CategoryBase, TimestampMixin, table=True):" in result.stdout
    assert "-from app.api.category import router as category_router" in result.stdout
    assert "dry run: nothing was removed" in result.stdout
    assert snapshot(project) == before

    data = json.loads(run_cli("destroy", "Category", "--dry-run", "--json", cwd=project).stdout)
    statuses = {c["path"]: c["status"] for c in data["data"]["changes"]}
    migration = migration_of(project, "Category")["path"]
    assert statuses == {
        "app/api/category.py": "delete",
        "app/models/category.py": "delete",
        "app/schemas/category.py": "delete",
        "tests/test_category.py": "delete",
        migration: "delete",
        "app/main.py": "update",
        "app/models/__init__.py": "update",
    }
    assert data["data"]["dry_run"] is True
    assert snapshot(project) == before


def test_unknown_name_lists_the_known_resources(project: Path) -> None:
    none_yet = run_cli("destroy", "Product", cwd=project)
    assert none_yet.exit_code == 2
    assert "no resource Product in this project (known: none)" in none_yet.stderr
    crud(project, *CATEGORY)
    before = snapshot(project)
    result = run_cli("destroy", "Prodcut", cwd=project)
    assert result.exit_code == 2
    assert "no resource Prodcut in this project (known: Category)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    error = json.loads(run_cli("destroy", "Prodcut", "--json", cwd=project).stdout)["error"]
    assert error["code"] == "unknown_resource"
    assert snapshot(project) == before


def test_a_referenced_resource_is_refused_until_its_users_are_destroyed(
    with_category: Path,
) -> None:
    project = with_category
    before_product = snapshot(project)
    crud(project, *PRODUCT)
    before = snapshot(project)
    result = run_cli("destroy", "Category", cwd=project)
    assert result.exit_code == 2
    assert "Category is still referenced by Product (category:ref(Category)?)" in result.stderr
    assert "scaffold destroy Product" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(project) == before

    assert run_cli("destroy", "Product", cwd=project).exit_code == 0
    assert snapshot(project) == before_product
    assert run_cli("destroy", "Category", cwd=project).exit_code == 0


def test_outside_a_project_is_the_error_crud_gives(tmp_path: Path) -> None:
    result = run_cli("destroy", "Product", cwd=tmp_path)
    crud_result = run_cli("crud", "Product", "name:str", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == crud_result.stderr
    assert "no scaffold project" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_migration_in_the_middle_of_the_chain_is_cut_out(project: Path) -> None:
    crud(project, "Author", "name:str")
    crud(project, "Gadget", "label:str(40)")
    crud(project, "Widget", "label:str(40)")
    gadget, widget = migration_of(project, "Gadget"), migration_of(project, "Widget")
    assert gadget["down_revision"] == migration_of(project, "Author")["revision"]

    result = run_cli("destroy", "Author", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert f"update  {gadget['path']}" in result.stdout
    source = (project / gadget["path"]).read_text()
    assert "down_revision: str | None = None\n" in source
    assert "\nRevises:\n" in source
    assert read_revisions(project) == {
        gadget["revision"]: (),
        widget["revision"]: (gadget["revision"],),
    }
    assert current_head(project) == widget["revision"]
    # The manifest follows: the file is still generated and regenerating it is a no-op.
    manifest = Manifest.load(project)
    assert manifest.resources["Gadget"]["migration"]["down_revision"] is None
    assert manifest.file_hash(gadget["path"]) == content_hash(source)
    again = run_cli("crud", "Gadget", "label:str(40)", cwd=project)
    assert "nothing to do" in again.stdout, again.stdout

    # And once more from the new bottom of the chain, onto a string parent this time.
    assert run_cli("destroy", "Gadget", cwd=project).exit_code == 0
    assert read_revisions(project) == {widget["revision"]: ()}


def test_an_applied_migration_is_kept_with_the_drop_command(with_category: Path) -> None:
    project = with_category
    before_product = snapshot(project)
    crud(project, *PRODUCT)
    product = migration_of(project, "Product")
    mark_applied(project, product["revision"])

    result = run_cli("destroy", "Product", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert (
        f"keep  {product['path']}  (applied to the project's database: make a migration that "
        "drops the table)"
    ) in result.stdout
    assert 'alembic revision --autogenerate -m "drop product table"' in result.stdout
    after = snapshot(project)
    assert after.pop(product["path"]) is not None
    assert after.pop("app.db") is not None
    assert after == before_product  # everything else, manifest included, is as before


def test_an_ancestor_of_the_current_revision_is_applied(project: Path) -> None:
    crud(project, "Author", "name:str")
    crud(project, "Gadget", "label:str(40)")
    author = migration_of(project, "Author")["path"]
    mark_applied(project, migration_of(project, "Gadget")["revision"])
    data = json.loads(run_cli("destroy", "Author", "--json", cwd=project).stdout)["data"]
    statuses = {c["path"]: c["status"] for c in data["changes"]}
    assert statuses[author] == "keep"
    assert (project / author).is_file()
    assert data["next"][1] == 'alembic revision --autogenerate -m "drop author table"'


def test_a_database_behind_the_migration_does_not_keep_it(project: Path) -> None:
    crud(project, "Author", "name:str")
    author = migration_of(project, "Author")["revision"]
    crud(project, "Gadget", "label:str(40)")
    gadget = migration_of(project, "Gadget")
    mark_applied(project, author)
    result = run_cli("destroy", "Gadget", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert f"delete  {gadget['path']}" in result.stdout
    assert not (project / gadget["path"]).exists()


def test_a_database_without_alembic_version_has_nothing_applied(with_category: Path) -> None:
    project = with_category
    migration = migration_of(project, "Category")["path"]
    with sqlite3.connect(project / "app.db") as connection:
        connection.execute("CREATE TABLE unrelated (id INTEGER)")
    connection.close()
    assert run_cli("destroy", "Category", cwd=project).exit_code == 0
    assert not (project / migration).exists()


def test_the_database_comes_from_dotenv_and_the_environment_wins(
    with_category: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = with_category
    migration = migration_of(project, "Category")
    mark_applied(project, migration["revision"], database="other.db")
    (project / ".env").write_text('ENVIRONMENT=local\nDATABASE_URL="sqlite:///other.db"\n')
    keep = json.loads(run_cli("destroy", "Category", "--dry-run", "--json", cwd=project).stdout)
    assert {c["path"]: c["status"] for c in keep["data"]["changes"]}[migration["path"]] == "keep"

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{project / 'missing.db'}")
    gone = json.loads(run_cli("destroy", "Category", "--dry-run", "--json", cwd=project).stdout)
    assert {c["path"]: c["status"] for c in gone["data"]["changes"]}[migration["path"]] == "delete"
    assert not (project / "missing.db").exists()  # reading never creates a database


def test_an_unreachable_database_is_refused_and_keep_migration_goes_ahead(
    with_category: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = with_category
    migration = migration_of(project, "Category")["path"]
    # Nothing listens on port 1: the connection is refused at once.
    monkeypatch.setenv("DATABASE_URL", "postgres://app:secret@127.0.0.1:1/app")
    before = snapshot(project)
    result = run_cli("destroy", "Category", cwd=project)
    assert result.exit_code == 2
    assert "cannot read the project's database" in result.stderr
    assert "--keep-migration" in result.stderr
    assert "secret" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(project) == before

    kept = run_cli("destroy", "Category", "--keep-migration", cwd=project)
    assert kept.exit_code == 0, kept.stderr
    assert f"keep  {migration}  (--keep-migration" in kept.stdout
    assert (project / migration).is_file()
    assert not (project / "app/models/category.py").exists()


def test_a_database_at_an_unknown_revision_is_refused(with_category: Path) -> None:
    project = with_category
    mark_applied(project, "0123456789ab")
    before = snapshot(project)
    result = run_cli("destroy", "Category", cwd=project)
    assert result.exit_code == 2
    assert "at revision 0123456789ab, which is not in alembic/versions" in result.stderr
    assert snapshot(project) == before


def test_a_folder_only_the_resource_used_is_removed(
    with_category: Path, fresh: dict[str, bytes]
) -> None:
    project, before = with_category, fresh
    # A generator that writes into a folder of its own (as slice's tests could).
    extra = "tests/category_extra/test_more.py"
    (project / extra).parent.mkdir()
    (project / extra).write_text("def test_more() -> None:\n    pass\n")
    (project / "tests/category_extra/__pycache__").mkdir()
    manifest_path = project / ".scaffold/manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"][extra] = {"sha256": content_hash((project / extra).read_text())}
    manifest["resources"]["Category"]["files"].append(extra)
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")

    dry = run_cli("destroy", "Category", "--dry-run", cwd=project)
    assert "delete  tests/category_extra/  (left empty)" in dry.stdout
    assert run_cli("destroy", "Category", cwd=project).exit_code == 0
    assert not (project / "tests/category_extra").exists()
    assert (project / "alembic/versions").is_dir()
    assert snapshot(project) == before


def test_the_versions_folder_stays_even_when_emptied(with_category: Path) -> None:
    (with_category / "alembic/versions/.gitkeep").unlink()
    assert run_cli("destroy", "Category", cwd=with_category).exit_code == 0
    assert (with_category / "alembic/versions").is_dir()


def test_a_file_already_removed_by_hand_is_skipped(
    with_category: Path, fresh: dict[str, bytes]
) -> None:
    project, before = with_category, fresh
    (project / "tests/test_category.py").unlink()
    result = run_cli("destroy", "Category", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert "tests/test_category.py" not in result.stdout
    assert snapshot(project) == before


def test_destroying_slices_restores_the_tree_from_before_slice(project: Path) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples" / "specs"
    (project / "specs/features").mkdir(parents=True)
    for name in ("projects.md", "tasks.md"):
        (project / "specs/features" / name).write_text((examples / name).read_text())
    before = snapshot(project)
    for name in ("projects.md", "tasks.md"):
        result = run_cli("slice", "--spec", f"specs/features/{name}", cwd=project)
        assert result.exit_code == 0, result.stderr
    assert (project / "app/services/task.py").is_file()
    assert run_cli("destroy", "Project", cwd=project).exit_code == 2  # Task references it
    for name in ("Task", "Project"):
        result = run_cli("destroy", name, cwd=project)
        assert result.exit_code == 0, result.stderr
        assert f"delete  app/services/{name.lower()}.py" in result.stdout
        assert f"delete  tests/test_{name.lower()}_service.py" in result.stdout
    assert snapshot(project) == before


def test_destroy_after_field_changes_removes_their_migrations_too(project: Path) -> None:
    crud(project, "Author", "name:str")
    before = snapshot(project)
    crud(project, "Product", "name:str(120)")
    assert run_cli("field", "add", "Product", "stock:int=0", cwd=project).exit_code == 0
    crud(project, "Shelf", "label:str")  # its migration revises the field migration
    result = run_cli("destroy", "Product", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert "_add_stock_to_product.py" in result.stdout
    remaining = sorted(p.name for p in (project / "alembic/versions").glob("*.py"))
    assert len(remaining) == 2
    graph = read_revisions(project)
    assert current_head(project) in graph
    author_rev = next(rev for rev, parents in graph.items() if not parents)
    assert [parents for rev, parents in graph.items() if rev != author_rev] == [(author_rev,)]
    assert run_cli("destroy", "Shelf", cwd=project).exit_code == 0
    assert snapshot(project) == before


# --- the user's lines in the files destroy edits -----------------------------------------------


def test_a_users_line_using_the_router_is_a_conflict_and_force_removes_it(
    with_category: Path, fresh: dict[str, bytes], template_project: Path
) -> None:
    main = with_category / "app/main.py"
    mine = 'app.include_router(category_router, prefix="/v2")  # the old clients\n'
    line = len(main.read_text().splitlines()) + 1
    main.write_text(main.read_text() + mine)
    before = snapshot(with_category)

    result = run_cli("destroy", "Category", cwd=with_category)
    assert result.exit_code == 1
    reason = f"app/main.py:{line} uses category_router"
    assert f"conflict  app/main.py  ({reason}: your code, kept (--force removes it too))" in (
        result.stdout
    )
    assert f"-{mine}" in result.stdout  # the diff shows what --force would take out
    assert "nothing was removed" in result.stderr
    assert snapshot(with_category) == before
    data = json.loads(run_cli("destroy", "Category", "--json", cwd=with_category).stdout)
    assert data["data"]["conflicts"] == ["app/main.py"]
    assert snapshot(with_category) == before

    forced = run_cli("destroy", "Category", "--force", cwd=with_category)
    assert forced.exit_code == 0, forced.stderr
    assert (
        f"update  app/main.py  ({reason}: your code removed with the registration (--force))"
        in forced.stdout
    )
    assert main.read_text() == (template_project / "app/main.py").read_text()
    assert snapshot(with_category) == fresh


def test_a_users_import_of_the_models_module_is_a_conflict(
    with_category: Path, fresh: dict[str, bytes]
) -> None:
    init = with_category / "app/models/__init__.py"
    source = init.read_text()
    assert "from app.models.category import Category\n" in source  # line 4
    init.write_text(
        source.replace(
            "from app.models.category import Category\n",
            "from app.models.category import Category\n"
            "from app.models.category import CategoryBase\n",
        ).replace('"Category", ', '"Category", "CategoryBase", ')
    )
    result = run_cli("destroy", "Category", cwd=with_category)
    assert result.exit_code == 1
    assert (
        "conflict  app/models/__init__.py  (app/models/__init__.py:5 uses app.models.category"
        in (result.stdout)
    )
    assert run_cli("destroy", "Category", "--force", cwd=with_category).exit_code == 0
    assert snapshot(with_category) == fresh


def test_the_users_lines_that_do_not_use_the_resource_stay_exactly(with_category: Path) -> None:
    main = with_category / "app/main.py"
    generated = main.read_text()
    include = "app.include_router(category_router, prefix=API_PREFIX)\n"
    mine = (
        "# the catalogue, and version 2 of the users\n"
        + include
        + 'app.include_router(users_router, prefix="/v2")\n'
        + "\n\ncategory_count = 0  # a name of my own\n"
    )
    main.write_text(generated.replace(include, mine))
    result = run_cli("destroy", "Category", cwd=with_category)
    assert result.exit_code == 0, result.stdout
    assert main.read_text() == (
        generated.replace("from app.api.category import router as category_router\n", "").replace(
            include, mine.replace(include, "")
        )
    )


STYLES = {"crlf": ("\r\n", b""), "bom": ("\n", b"\xef\xbb\xbf"), "both": ("\r\n", b"\xef\xbb\xbf")}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_crud_then_destroy_gives_back_the_exact_bytes_of_main_and_models(
    project: Path, style: str
) -> None:
    newline, bom = STYLES[style]
    edited = ("app/main.py", "app/models/__init__.py")
    for path in edited:
        target = project / path
        target.write_bytes(bom + target.read_bytes().replace(b"\n", newline.encode()))
    before = snapshot(project)

    crud(project, *CATEGORY)
    for path in edited:
        data = (project / path).read_bytes()
        assert data.startswith(bom + b'"""')
        assert data.count(b"\n") == data.count(newline.encode()), path  # every line, new ones too
    assert b"category_router" in (project / "app/main.py").read_bytes()
    again = run_cli("crud", *CATEGORY, cwd=project)
    assert "nothing to do" in again.stdout, again.stdout

    assert run_cli("destroy", "Category", cwd=project).exit_code == 0
    assert snapshot(project) == before


def test_field_add_keeps_a_crlf_model_file_crlf_and_it_stays_generated(
    with_category: Path, fresh: dict[str, bytes]
) -> None:
    model = with_category / "app/models/category.py"
    model.write_bytes(model.read_bytes().replace(b"\n", b"\r\n"))  # as git's autocrlf does
    result = run_cli("field", "add", "Category", "notes:text?", cwd=with_category)
    assert result.exit_code == 0, result.stderr
    data = model.read_bytes()
    assert b"notes: str | None" in data
    assert data.count(b"\n") == data.count(b"\r\n")
    assert b"\r\n" not in (with_category / "app/schemas/category.py").read_bytes()
    # Its line endings are no edit: destroy still sees the file as generated and removes it.
    result = run_cli("destroy", "Category", cwd=with_category)
    assert result.exit_code == 0, result.stdout
    assert snapshot(with_category) == fresh
