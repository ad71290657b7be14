"""Reading inputs from disk: case files (YAML, JSON) with their positions, for every command and service."""
