"""Prompt templates and model limits: read-only module-level data."""

from string import Template
from types import MappingProxyType

SYSTEM_PROMPTS = {
    "support": "You are a patient support agent.",
    "sales": "You are a concise sales assistant.",
}
MODEL_LIMITS = MappingProxyType({"gpt-4o": 128_000, "claude-3-5-sonnet": 200_000})
STOP_WORDS = frozenset({"the", "a", "an"})
GREETING = Template("Hello $name, how can I help?")
FALLBACK_ORDER = ["gpt-4o", "claude-3-5-sonnet"]


def system_prompt(kind: str) -> str:
    return SYSTEM_PROMPTS.get(kind, SYSTEM_PROMPTS["support"])


def fits(model: str, tokens: int) -> bool:
    return tokens <= MODEL_LIMITS.get(model, 8_000)


def keywords(text: str) -> list[str]:
    words = [word for word in text.lower().split() if word not in STOP_WORDS]
    ordered = sorted(set(words))
    ordered.append("<end>")
    return ordered
