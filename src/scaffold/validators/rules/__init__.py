"""Rule sets for the validator engine, one package per checker."""
