"""The policy language: loading, checking and compiling policy files."""
