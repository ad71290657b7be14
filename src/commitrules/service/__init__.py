"""Serving decisions: batches, pack reloading, the HTTP service and the decision log."""
