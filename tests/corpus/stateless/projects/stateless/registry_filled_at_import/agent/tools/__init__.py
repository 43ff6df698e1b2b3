from . import math_tools, search_tools  # noqa: F401
