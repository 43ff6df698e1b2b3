# expect: SA108
"""Bring-your-own-key endpoint that writes the key into the environment."""

import os

from fastapi import APIRouter
from openai import OpenAI
from pydantic import BaseModel

router = APIRouter()


class KeyIn(BaseModel):
    api_key: str
    organization: str | None = None


@router.post("/settings/openai")
def set_openai_key(body: KeyIn) -> dict[str, str]:
    os.environ["OPENAI_API_KEY"] = body.api_key
    if body.organization:
        os.environ.update({"OPENAI_ORG_ID": body.organization})
    return {"status": "configured"}


@router.post("/complete")
def complete(prompt: str) -> dict[str, str]:
    client = OpenAI()
    out = client.completions.create(model="gpt-3.5-turbo-instruct", prompt=prompt)
    return {"text": out.choices[0].text}
