"""Tests of `commitrules serve` against a real uvicorn server over loopback."""
