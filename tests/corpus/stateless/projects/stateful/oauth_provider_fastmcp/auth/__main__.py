from auth.server import create_server

create_server("http://localhost:8000").run(transport="streamable-http")
