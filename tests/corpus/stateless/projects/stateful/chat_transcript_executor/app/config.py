from pathlib import Path

TRANSCRIPTS = Path("/var/lib/chatbot/transcripts")
MODEL = "gpt-4o-mini"
