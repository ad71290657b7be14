"""The command line's parser imports no stage module that only other commands need (networkx, the differ, the app)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "networkx",
    "commitrules.authoring.diff",
    "commitrules.audit.pack_graphs",
    "fastapi",
    "commitrules.service.http.app",
    "commitrules.policy.compile.pipeline",
    "commitrules.audit.features",
    "commitrules.audit.report",
    "commitrules.audit.render",
    "commitrules.audit.specification",
    "commitrules.audit.trace",
    "commitrules.authoring.revision",
)


def test_building_the_parser_leaves_the_other_commands_modules_unimported() -> None:
    """`commitrules evaluate FILE` starts without what `graph`, `diff` and `serve` use."""
    code = (
        "import sys\n"
        "from commitrules.cli.main import build_parser\n"
        "build_parser().parse_args(['evaluate', 'x.yaml'])\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_diagram_still_imports_what_it_draws_with() -> None:
    """The diagrams import networkx themselves when one is drawn."""
    from commitrules import load_policies
    from commitrules.audit.diagrams import render_diagram

    assert render_diagram(load_policies(), "organization").startswith(("flowchart", "graph"))
