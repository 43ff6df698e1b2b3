from pathlib import Path

from kb.index import add_document

if __name__ == "__main__":
    for path in Path("docs").glob("*.md"):
        add_document(path.read_text())
