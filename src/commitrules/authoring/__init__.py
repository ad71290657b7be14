"""Tools for the people who write the pack: ``check`` (the lint), ``diff`` between packs, ``reference``."""
