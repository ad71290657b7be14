"""The service's routers, one module per group of paths."""
