"""lru_cache on argument-less loaders and pure computations on static input."""

import json
import re
from functools import cache, lru_cache
from pathlib import Path

import tiktoken

PROMPTS_DIR = Path(__file__).parent / "prompts"


@lru_cache(maxsize=None)
def load_prompt_library() -> dict[str, str]:
    return json.loads((PROMPTS_DIR / "library.json").read_text())


@lru_cache(maxsize=8)
def encoding_for(model_name: str) -> tiktoken.Encoding:
    return tiktoken.encoding_for_model(model_name)


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def count_tokens(model_name: str, text: str) -> int:
    return len(encoding_for(model_name).encode(text))
