"""libcst transforms of files the user owns: idempotent, and keeping their code and comments."""
