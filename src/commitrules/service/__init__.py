"""The HTTP service of commitrules and the pages it serves."""
