"""The Python blocks of README and docs/ run as shown.

Each block is executed as the page shows it. Where it names something the reader supplies (a case, a
folder of theirs, a cluster's address), the test supplies it: a prelude defines the names, and the few
replacements below say what stands for what. A block that cannot run any more fails here.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from commitrules.cli import EXIT_OK, main
from tests.doc_blocks import ROOT, Block, blocks

BUNDLED = str(ROOT / "policies")
THREADS_CLIENT = "Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None)"
CASE = {"kind": "credit_site", "content": {"items": ["dishonesty_info"]}}


def _block(page: str, containing: str) -> Block:
    """The one Python block of ``page`` that contains ``containing``."""
    (found,) = [block for block in blocks("python", pages=(page,)) if containing in block.text]
    return found


def _run(block: Block, prelude: str = "", replacements: dict[str, str] | None = None) -> tuple[dict[str, object], str]:
    """Execute ``prelude`` then ``block`` (with ``replacements`` made, each of which must apply) as ``__main__``."""
    text = block.text
    for old, new in (replacements or {}).items():
        assert old in text, f"{block}: the block no longer contains {old!r}"
        text = text.replace(old, new)
    namespace: dict[str, object] = {"__name__": "__main__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(prelude + text, str(block), "exec"), namespace)  # noqa: S102 - the documentation's own code
    return namespace, out.getvalue()


def test_every_python_block_is_run_here() -> None:
    """The blocks this module runs, and those it does not (authoring.md's, en and zh: ``...`` is an elision)."""
    every = {str(block) for block in blocks("python")}
    run_here = {
        str(_block(page, text))
        for page, text in (
            ("README.md", "load_policies()"),
            ("docs/embedding.md", "evaluate_many"),
            ("docs/embedding.md", "PackHolder.load"),
            ("docs/decision-log.md", "DecisionLog.open"),
            ("docs/scale.md", "evaluate_jsonl_dask"),
        )
    }
    elided = {str(_block(page, "CertificationMatter(...")) for page in ("docs/authoring.md", "docs/zh/authoring.md")}
    assert every - run_here == elided


def test_the_readme_block_prints_what_its_comment_says() -> None:
    """``print(decision.outcome, decision.reasons)  # noncompliant ['missing_item']``, then the explanation."""
    block = _block("README.md", "load_policies()")
    shown = re.search(r"print\(decision\.outcome, decision\.reasons\)\s+# (.+)", block.text)
    assert shown is not None
    _, out = _run(block)
    first, *rest = out.splitlines()
    assert first == shown[1]
    assert rest[0].startswith("Decision (Publication on the credit website)")


@pytest.mark.rete
def test_the_embedding_api_block_runs() -> None:
    """load_policies with settings, evaluate, evaluate_many on rete, explain, model_dump_json."""
    prelude = f"import datetime\ncase_dict_or_model = {CASE!r}\ncases = [case_dict_or_model] * 2\n"
    namespace, out = _run(
        _block("docs/embedding.md", "evaluate_many"), prelude, {'"/etc/myorg/policies"': repr(BUNDLED)}
    )
    assert out.startswith("决定（信用网站公开）")
    assert [d.outcome for d in namespace["decisions"]] == ["noncompliant", "noncompliant"]  # type: ignore[attr-defined]
    assert '"outcome":"noncompliant"' in str(namespace["payload"])


def test_the_reloading_block_runs() -> None:
    """PackHolder.load, a request through handle(), a reload that installs generation 2."""
    prelude = (
        "import datetime, logging\nimport commitrules\n"
        "log = logging.getLogger('doc')\ntoday = datetime.date(2020, 6, 1)\n"
    )
    namespace, _ = _run(
        _block("docs/embedding.md", "PackHolder.load"), prelude, {'"/etc/myorg/policies"': repr(BUNDLED)}
    )
    assert namespace["handle"](CASE).outcome == "noncompliant"  # type: ignore[operator]
    namespace["on_policies_changed"]()  # type: ignore[operator]
    assert namespace["holder"].generation == 2  # type: ignore[attr-defined]


def test_the_decision_log_block_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every call of the block, on a log in a temporary folder; a head kept from before verifies it."""
    monkeypatch.chdir(tmp_path)
    assert EXIT_OK == main(["log", "keygen", "log.pem"])
    capsys.readouterr()
    prelude = (
        "import commitrules\n"
        "from commitrules.service.log import DecisionLog\n"
        f"case_dict = {CASE!r}\n"
        "decision = commitrules.load_policies().evaluate(case_dict, as_of='2020-06-01')\n"
        "pairs = [(case_dict, decision)] * 2\n"
        "_earlier = DecisionLog.open('sqlite:///decisions.db', signing_key='log.pem')\n"
        "_earlier.append(case=case_dict, decision=decision)\n"
        "kept_head = _earlier.signed_head()\n"
        "_earlier.close()\n"
    )
    namespace, _ = _run(
        _block("docs/decision-log.md", "DecisionLog.open"), prelude, {"consistency_proof(1000)": "consistency_proof(1)"}
    )
    assert namespace["report"].ok  # type: ignore[attr-defined]
    assert len(namespace["ids"]) == 2  # type: ignore[arg-type]
    assert namespace["decision"].outcome == "noncompliant"  # type: ignore[attr-defined]


def test_the_dask_block_runs(tmp_path: Path) -> None:
    """evaluate_jsonl_dask with a client, on a cluster of threads in this process instead of a scheduler's address."""
    (tmp_path / "cases.jsonl").write_text(f"{CASE}\n".replace("'", '"') * 3, encoding="utf-8")
    namespace, out = _run(
        _block("docs/scale.md", "evaluate_jsonl_dask"),
        replacements={
            '"/etc/commitrules/policies"': repr(BUNDLED),
            'Client("tcp://10.0.0.1:8786")': THREADS_CLIENT,
            '"/shared/cases.jsonl"': repr(str(tmp_path / "cases.jsonl")),
            '"/shared/decisions.jsonl"': repr(str(tmp_path / "decisions.jsonl")),
        },
    )
    assert out.startswith("3 lines: 3 decided")
    assert len((tmp_path / "decisions.jsonl").read_text(encoding="utf-8").splitlines()) == 3
    assert namespace["summary"].errors == 0  # type: ignore[attr-defined]
