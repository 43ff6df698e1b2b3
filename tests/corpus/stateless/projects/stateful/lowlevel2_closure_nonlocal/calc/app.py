from mcp.server.streamable_http_manager import StreamableHTTPSessionManager

from calc.server import build_server

manager = StreamableHTTPSessionManager(app=build_server())
asgi = manager.handle_request
