"""Tools for auditors: the traceability matrix, the living specification, the pack drawn as graphs."""
