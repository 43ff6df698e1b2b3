import tempfile

from fastapi import FastAPI, UploadFile
from pypdf import PdfReader

app = FastAPI()


@app.post("/extract")
async def extract(file: UploadFile) -> dict[str, str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(await file.read())
        tmp.flush()
        reader = PdfReader(tmp.name)
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return {"text": text}
