"""API routers, one module per resource; each is registered in app/main.py under /api."""
