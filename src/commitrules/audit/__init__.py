"""Tools for auditors.

The traceability matrix, the living specification, the audit report, and the pack drawn as graphs
(text and SVG).
"""
