"""Serving decisions to other systems: the HTTP service (``http``) and what it is built on."""
