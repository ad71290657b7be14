"""For auditors: the audit report (clause -> rules -> scenarios -> results) and the pack's diagrams as SVG."""
