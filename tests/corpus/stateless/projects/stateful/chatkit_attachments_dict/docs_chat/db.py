"""Database engine."""

from sqlmodel import create_engine

engine = create_engine("postgresql+psycopg://localhost/docs_chat")
