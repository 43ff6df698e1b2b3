from search_mcp.server import create_server

create_server().run(transport="streamable-http")
