"""The compiler: golden output for a small pack, and one broken pack per error code with its position.

Each case under ``tests/compile/`` is the files of ``tests/compile/base/`` plus its own files. A case
with ``expected.yaml`` must fail with exactly those diagnostics; ``basic`` must compile to
``compiled.golden.json`` (regenerate with ``pytest --update-golden`` and review the diff).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import shutil
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

import commitrules
from commitrules.cli import EXIT_POLICY, main
from commitrules.errors import PolicyError
from commitrules.policy.pack import EngineName, pack_to_data

HERE = Path(__file__).parent / "compile"
ERROR_CASES = sorted(p.name for p in (HERE / "errors").iterdir() if p.is_dir())


def assemble(case: Path, target: Path) -> Path:
    target.mkdir()
    for source in [*(HERE / "base").iterdir(), *case.iterdir()]:
        if source.name != "expected.yaml" and source.suffix == ".yaml":
            shutil.copy(source, target / source.name)
    return target


def grow(path: Path, size: int) -> None:
    """Pad ``path`` with comment lines past ``size`` bytes (a file too large to keep in the repository)."""
    with path.open("ab") as stream:
        while stream.tell() < size:
            stream.write((b"# " + b"x" * 98 + b"\n") * 1000)


@pytest.mark.parametrize("name", ERROR_CASES)
def test_error_case(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken pack fails to load with the expected codes at the expected positions, relative to the pack."""
    case = HERE / "errors" / name
    assemble(case, tmp_path / "pk")
    monkeypatch.chdir(tmp_path)
    spec = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    if "grow" in spec:
        grow(tmp_path / "pk" / spec["grow"]["file"], spec["grow"]["to_bytes"])
    expected = spec["diagnostics"]
    with pytest.raises(PolicyError) as caught:
        commitrules.load_policies("pk")
    found = [
        {"code": d.code, "file": Path(d.span.file).name, "line": d.span.line, "column": d.span.column}
        for d in caught.value.diagnostics
    ]
    assert expected == found
    for diagnostic in caught.value.diagnostics:
        rendered = diagnostic.render()
        assert rendered.startswith(f"pk/{Path(diagnostic.span.file).name}:{diagnostic.span.line}:")
        assert "^" in rendered, rendered


def test_hostile_corpus_is_large_and_covers_every_stage() -> None:
    """At least 40 broken packs, among them YAML, file-model, compiler and condition errors."""
    codes = {
        name: [
            d["code"]
            for d in yaml.safe_load((HERE / "errors" / name / "expected.yaml").read_text(encoding="utf-8"))[
                "diagnostics"
            ]
        ]
        for name in ERROR_CASES
    }
    found = {code for found in codes.values() for code in found}
    assert len(ERROR_CASES) >= 40
    assert all(codes.values()), [name for name, found in codes.items() if not found]
    assert {
        "yaml_syntax",
        "duplicate_key",
        "yaml_alias",
        "too_deep",
        "too_large",
        "encoding",
        "unknown_field",
        "wrong_type",
        "unknown_enum_literal",
        "rule_cycle",
        "escalation_cycle",
        "forbidden_syntax",
        "too_complex",
        "expression_too_long",
        "number_too_large",
        "unknown_function",
    } <= found


def test_golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_golden: bool) -> None:  # noqa: FBT001
    """The compiled form of the basic pack (strata, rendered conditions, effects, provenance) is stable."""
    assemble(HERE / "basic", tmp_path / "pk")
    monkeypatch.chdir(tmp_path)
    pack = commitrules.load_policies("pk")
    data = json.dumps(pack_to_data(pack), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    golden = HERE / "basic" / "compiled.golden.json"
    if update_golden:
        golden.write_text(data, encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == data


def test_strata_and_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule that reads a derived fact, or is overridden, comes after the rules it depends on."""
    assemble(HERE / "basic", tmp_path / "pk")
    monkeypatch.chdir(tmp_path)
    policy = commitrules.load_policies("pk").policies["leniency"]
    order = [rule.id for rule in policy.rules]
    assert order.index("assess") < order.index("bar") < order.index("mitigate")
    assert ("bar",) == policy.rule("mitigate").overridden_by
    assert [0, 1, 2, 3] == [rule.index for rule in policy.rules]


def test_pack_pickles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A compiled pack is plain data: it pickles and still evaluates the same after the round trip."""
    assemble(HERE / "basic", tmp_path / "pk")
    monkeypatch.chdir(tmp_path)
    pack = commitrules.load_policies("pk")
    copy = pickle.loads(pickle.dumps(pack))
    case = {
        "kind": "escalation",
        "request": {
            "unit": {"name": "市司法局", "level": "municipal", "requires_certification": True},
            "from_role": "business_division",
            "content": {},
        },
    }
    assert pack.evaluate(case, as_of="2020-01-01") == copy.evaluate(case, as_of="2020-01-01")
    assert ["business_division", "division_head", "leader_in_charge"] == copy.evaluate(case, as_of="2020-01-01").route


def test_settings_override_is_typed_and_changes_digest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A deployment's override changes the pack's digest; a wrongly typed or unknown override is rejected."""
    assemble(HERE / "basic", tmp_path / "pk")
    monkeypatch.chdir(tmp_path)
    base = commitrules.load_policies("pk")
    changed = commitrules.load_policies("pk", settings={"leniency.min_score": 5})
    assert 5 == changed.settings["leniency.min_score"].value
    assert base.digest != changed.digest
    with pytest.raises(PolicyError) as wrong:
        commitrules.load_policies("pk", settings={"leniency.min_score": "five"})
    assert ["wrong_type"] == [d.code for d in wrong.value.diagnostics]
    with pytest.raises(PolicyError) as unknown:
        commitrules.load_policies("pk", settings={"leniency.min_scor": 5})
    assert ["unknown_setting"] == [d.code for d in unknown.value.diagnostics]
    assert "leniency.min_score" == unknown.value.diagnostics[0].suggestion


def test_include_reuses_rules_across_kinds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Included rules decide in the including kind: renamed, outcomes and derived facts mapped, overrides kept."""
    assemble(HERE / "include", tmp_path / "pk")
    monkeypatch.chdir(tmp_path)
    pack = commitrules.load_policies("pk")
    policy = pack.policies["application"]
    listed = policy.rule("app.eligibility.listed")
    assert "certificate_required" == listed.effect.outcome
    assert ("certificate_route",) == listed.effect.derive
    assert "pk/matter_review.yaml" == listed.provenance.file
    assert ("app.eligibility.exempt",) == listed.overridden_by
    case = {
        "kind": "application",
        "applicant": {
            "id": "A1",
            "kind": "natural_person",
            "credit": {"on_blacklist": False, "serious_dishonesty": False, "prior_false_commitment": False},
        },
        "matter": {
            "id": "M1",
            "name": "证明",
            "unit": {"name": "局", "level": "municipal", "requires_certification": True},
            "kind": "licensing",
            "review_mode": "formal",
            "listed": False,
            "commitment_condition_met": True,
        },
        "commitment": {"notification": {}},
    }
    decision = pack.evaluate(case, as_of="2020-01-01")
    assert ("certificate_required", ["not_listed"]) == (decision.outcome, decision.reasons)
    assert ["app.eligibility.listed", "app.note"] == [f.rule for f in decision.fired]
    exempt = {**case, "matter": {**case["matter"], "plan": {"exempt": True}}}
    assert "commitment_accepted" == pack.evaluate(exempt, as_of="2020-01-01").outcome


def test_unreadable_policy_file_is_a_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder named like a policy file, or a broken link, is reported with its name; nothing crashes."""
    assemble(HERE / "basic", tmp_path / "pk")
    (tmp_path / "pk" / "odd.yaml").mkdir()
    (tmp_path / "pk" / "gone.yaml").symlink_to(tmp_path / "pk" / "nowhere.txt")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PolicyError) as caught:
        commitrules.load_policies("pk")
    assert [("unreadable_file", "pk/gone.yaml"), ("unreadable_file", "pk/odd.yaml")] == [
        (d.code, d.span.file) for d in caught.value.diagnostics
    ]
    # each with its own reason (all three were 'Is a directory'), in each language
    os.mkfifo(tmp_path / "pk" / "pipe.yaml")  # read whole, a pipe nobody writes to would never end
    with pytest.raises(PolicyError) as caught:
        commitrules.load_policies("pk")
    assert [
        "Cannot read 'pk/gone.yaml': No such file or directory",
        "Cannot read 'pk/odd.yaml': Is a directory",
        "Cannot read 'pk/pipe.yaml': not a regular file (a device, a pipe or a socket)",
    ] == [d.message for d in caught.value.diagnostics]
    assert "无法读取「pk/pipe.yaml」：不是普通文件（而是设备、管道或套接字）" in caught.value.render("zh")


def test_policy_files_linked_in_a_loop_say_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two links naming each other: the loop, in each language (was 'No such file or directory')."""
    assemble(HERE / "basic", tmp_path / "pk")
    (tmp_path / "pk" / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "pk" / "b.yaml").symlink_to("a.yaml")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PolicyError) as caught:
        commitrules.load_policies("pk")
    assert [
        "Cannot read 'pk/a.yaml': Too many levels of symbolic links (the links form a loop)",
        "Cannot read 'pk/b.yaml': Too many levels of symbolic links (the links form a loop)",
    ] == [d.message for d in caught.value.diagnostics]
    assert "无法读取「pk/a.yaml」：符号链接层数过多（这些链接构成了循环）" in caught.value.render("zh")


def test_a_link_out_of_the_policy_folder_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check`, `serve` and a reload read only the folder's files: a link leaving it is refused unread.

    A link 'passwd.yaml' to /etc/passwd was compiled, and its first line quoted in the diagnostic (and so
    in the service's /readyz). A link to a file of the folder, and the folder reached through a link (an
    atomic switch of versions), still load.
    """
    secret = tmp_path / "secret.yaml"
    secret.write_text("db_password: hunter2-secret\n", encoding="utf-8")
    assemble(HERE / "basic", tmp_path / "v1")
    (tmp_path / "v1" / "kept").mkdir()
    (tmp_path / "v1" / "pack.yaml").rename(tmp_path / "v1" / "kept" / "pack.yaml")
    (tmp_path / "v1" / "pack.yaml").symlink_to("kept/pack.yaml")  # inside the folder: read
    (tmp_path / "pk").symlink_to("v1")
    monkeypatch.chdir(tmp_path)
    assert "test-pack" == commitrules.load_policies("pk").name
    (tmp_path / "v1" / "notes.yaml").symlink_to(secret)
    with pytest.raises(PolicyError) as caught:
        commitrules.load_policies("pk")
    assert [("unreadable_file", "v1/notes.yaml")] == [(d.code, d.span.file) for d in caught.value.diagnostics]
    said = caught.value.render("en")
    assert "'v1/notes.yaml' is a link to a file outside the policy folder, which is not read" in said
    assert "「v1/notes.yaml」是指向政策文件夹之外的链接，不予读取" in caught.value.render("zh")
    assert "hunter2" not in said
    assert "db_password" not in said
    assert (EXIT_POLICY, "") == (main(["check", "pk"]), capsys.readouterr().out)
    (tmp_path / "v1" / "notes.yaml").unlink()
    assert 0 == main(["check", "pk"])


@pytest.mark.rete
def test_route_is_the_longest_of_the_fired_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two fired rules route the same issue: the decision goes level by level to the higher target."""
    assemble(HERE / "basic", tmp_path / "pk")
    escalation = tmp_path / "pk" / "escalation.yaml"
    escalation.write_text(
        escalation.read_text(encoding="utf-8")
        + """
  - id: overall
    clause: 一(三)1
    quote: 由处室主要负责人向分管领导请示报告
    title: {zh: 事关全局, en: Overall work}
    when: request.trigger == 'overall_work'
    then:
      outcome: report
      route: {from: request.from_role, to: principal_leader}
""",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    pack = commitrules.load_policies("pk")
    case = {
        "kind": "escalation",
        "request": {
            "unit": {"name": "市司法局", "level": "municipal", "requires_certification": True},
            "from_role": "business_division",
            "trigger": "overall_work",
            "content": {},
        },
    }
    for engine in ("compiled", "rete"):
        decision = pack.evaluate(case, as_of="2020-01-01", engine=engine)
        assert ["division", "overall"] == [f.rule for f in decision.fired]
        assert ["business_division", "division_head", "leader_in_charge", "principal_leader"] == decision.route


@pytest.mark.parametrize("engine", ["compiled", "rete"])
def test_issue_9_quoted_effective_date_decides_as_unquoted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: EngineName
) -> None:
    """A quoted 'effective' date passes check and decides as the unquoted one (it failed with exit 5)."""
    case = {
        "kind": "escalation",
        "request": {
            "unit": {"name": "市司法局", "level": "municipal", "requires_certification": True},
            "from_role": "business_division",
            "content": {},
        },
    }
    monkeypatch.chdir(tmp_path)
    decisions = []
    for name, effective in (
        ("plain", "{from: 2019-10-22, until: 2030-12-31}"),
        ("quoted", "{from: '2019-10-22', until: \"2030-12-31\"}"),
    ):
        folder = assemble(HERE / "basic", tmp_path / name)
        policy = folder / "escalation.yaml"
        policy.write_text(policy.read_text(encoding="utf-8") + f"    effective: {effective}\n", encoding="utf-8")
        pack = commitrules.load_policies(name)
        before = pack.evaluate(case, as_of="2019-10-21", engine=engine)
        during = pack.evaluate(case, as_of="2020-01-01", engine=engine)
        decisions.append((before.outcome, during.outcome, during.route))
    assert decisions[0] == decisions[1]
    assert ("no_report_required", "report") == decisions[0][:2]


@pytest.mark.rete  # decides on both engines: needs durable-rules
def test_issue_10_quoted_dates_decide_and_check_as_unquoted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Quoted dates ('effective' and a date setting) check and decide like unquoted ones, on both engines.

    The quoted form is what YAML 1.2 tools write (1.2 has no date type). Lint (an effective range that
    contradicts the condition) must see the same dates too.
    """
    from commitrules.authoring.check import check_policies
    from commitrules.io.case_files import read_cases

    cases = [c.case for c in read_cases([Path(__file__).parent.parent / "examples" / "cases" / "leniency"])[0]]
    monkeypatch.chdir(tmp_path)
    seen = []
    for name, quote in (("plain", ""), ("quoted", "'")):
        folder = assemble(HERE / "errors" / "padded_string_enum", tmp_path / name)
        rule = (
            f"    when: conduct.rectified and as_of >= settings.leniency.start and as_of < date('2021-01-01')\n"
            f"    effective: {{from: {quote}2019-10-22{quote}, until: {quote}2020-12-31{quote}}}\n"
        )
        text = (folder / "leniency.yaml").read_text(encoding="utf-8")
        (folder / "leniency.yaml").write_text(
            text.replace("    when: conduct.subject == 'unit '\n", rule), encoding="utf-8"
        )
        with (folder / "settings.yaml").open("a", encoding="utf-8") as settings_file:
            settings_file.write(
                f"  leniency.start:\n    value: {quote}2020-01-01{quote}\n    type: date\n"
                "    source: interpretation\n    title: {zh: 起, en: Start}\n"
            )
        result = check_policies(name)
        decisions = [
            (engine, day, d.outcome, [f.rule for f in d.fired])
            for engine in ("compiled", "rete")
            for day in ("2019-10-21", "2019-12-31", "2020-01-01", "2020-12-31", "2021-01-01")
            for d in [result.pack.evaluate(case, as_of=day, engine=engine) for case in cases]
        ]
        seen.append(
            (
                [(d.code, d.span.line, d.span.column) for d in result.diagnostics],
                decisions,
                result.pack.settings["leniency.start"].value,
            )
        )
    assert seen[0] == seen[1]
    assert dt.date(2020, 1, 1) == seen[0][2]
    assert {"bar"} == {rule for *_, fired in seen[0][1] for rule in fired}


def test_each_pass_runs_after_the_passes_it_needs() -> None:
    """The PASSES table is in an order that honours every pass's stated needs, and names each once."""
    from commitrules.policy.compile import PASSES

    names = [p.name for p in PASSES]
    assert len(set(names)) == len(names)
    for position, compiler_pass in enumerate(PASSES):
        assert compiler_pass.run.__name__ == compiler_pass.name
        for needed in compiler_pass.after:
            assert needed in names[:position], f"{compiler_pass.name} runs before {needed}"


def test_a_file_named_as_the_policy_folder_is_named_as_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pack's file given where its folder belongs: one diagnostic saying so (was a manifest 'Not a directory')."""
    assemble(HERE / "basic", tmp_path / "pk")
    monkeypatch.chdir(tmp_path)
    for path in ("pk/pack.yaml", "pk/missing"):
        with pytest.raises(PolicyError) as caught:
            commitrules.load_policies(path)
        assert [("missing_file", path)] == [(d.code, d.span.file) for d in caught.value.diagnostics]
    with pytest.raises(PolicyError) as caught:
        commitrules.load_policies("pk/pack.yaml")
    assert ["'pk/pack.yaml' is a file, not a policy folder: name the folder that holds it"] == [
        d.message for d in caught.value.diagnostics
    ]
    assert "「pk/pack.yaml」是文件，不是政策文件夹" in caught.value.render("zh")


def test_a_file_name_that_is_not_utf8_is_a_file_of_the_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A policy file named in another encoding (bytes that are not UTF-8) loads, and its manifest is written.

    The pack's digest encoded the name as UTF-8, which its surrogates cannot be: ``load_policies`` raised
    UnicodeEncodeError, and every command that loads the pack said "cannot write 'standard output'" and
    exited 6; ``check --write-manifest`` failed the same way after the pack had loaded.
    """
    assemble(HERE / "basic", tmp_path / "pk")
    name = os.fsdecode(b"leniency-\xc8\xdd.yaml")  # 容 in GBK
    (tmp_path / "pk" / "leniency.yaml").rename(tmp_path / "pk" / name)
    monkeypatch.chdir(tmp_path)
    pack = commitrules.load_policies("pk")
    assert "leniency" in pack.kinds
    assert (0, 0) == (main(["check", "pk"]), main(["check", "--write-manifest", "pk"]))
    capsys.readouterr()
    assert 0 == main(["check", "pk"])  # the manifest lists the file by its own name
    (tmp_path / "pk" / name).write_bytes((tmp_path / "pk" / name).read_bytes() + b"\n")
    assert EXIT_POLICY == main(["check", "pk"])
    assert "'leniency-\\udcc8\\udcdd.yaml' differs from the manifest" in capsys.readouterr().err


def test_two_files_of_one_name_are_refused_and_a_suffix_in_capitals_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'leniency.yaml' beside 'leniency.yml' is an error; 'leniency.YAML' is read on every system.

    The files were kept by their name without its suffix, so the later of two with one name replaced the
    other without a word: an edited 'leniency.yml' beside the old 'leniency.yaml' decided the cases, the
    error in the one replaced was never reported, and 'settings.yml' outvoted 'settings.yaml'. A glob of
    '*.yaml' left 'leniency.YAML' out on Linux (the pack lost the kind, check said ok) and read it on
    Windows and macOS.
    """
    assemble(HERE / "basic", tmp_path / "pk")
    monkeypatch.chdir(tmp_path)
    pk = tmp_path / "pk"
    (pk / "leniency.yaml").rename(pk / "leniency.YAML")
    (pk / "settings.yaml").rename(pk / "settings.Yml")
    pack = commitrules.load_policies("pk")
    assert "leniency" in pack.kinds
    (pk / "settings.yml").write_bytes((pk / "settings.Yml").read_bytes())
    (pk / "leniency.yaml").write_text("kind: leniency\nbogus: true\n", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        commitrules.load_policies("pk")
    assert [
        f"'pk/{name}' is not read: 'pk/{other}' has the same name but for its suffix, and a pack "
        "reads one file of each name (the one would replace the other). Keep one of them"
        for name, other in (("leniency.yaml", "leniency.YAML"), ("settings.yml", "settings.Yml"))
    ] == [d.message for d in caught.value.diagnostics]
    assert {"unreadable_file"} == {d.code for d in caught.value.diagnostics}
    assert "「pk/leniency.yaml」不予读取：「pk/leniency.YAML」与它只有扩展名不同" in caught.value.render("zh")


def test_a_long_reporting_chain_compiles_in_little_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """800 roles, each reporting to the next: the pack compiles in a few megabytes, its routes as before.

    The compiler kept the path of every pair of roles, n²/2 paths of about n/3 names each: these 800
    roles (a file of 60 KB) took 1.5 GB, and 15,000 (1 MB) had check killed by the system for want
    of memory.
    """
    assemble(HERE / "basic", tmp_path / "pk")
    monkeypatch.chdir(tmp_path)
    count = 800
    above = [*(f"r{n}" for n in range(1, count)), "division_head"]
    chain = "".join(f"  - {{id: r{n}, title: {{zh: 角色, en: Role}}, reports_to: {above[n]}}}\n" for n in range(count))
    path = tmp_path / "pk" / "organization.yaml"
    text = path.read_text(encoding="utf-8").replace("roles:\n", "roles:\n" + chain, 1)
    bottom = "Business division}, reports_to: "
    path.write_text(text.replace(f"{bottom}division_head}}", f"{bottom}r0}}"), encoding="utf-8")
    tracemalloc.start()
    try:
        organization = commitrules.load_policies("pk").organization
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * 2**20, f"{peak / 2**20:.0f} MiB"
    chain_up = ("business_division", *(f"r{n}" for n in range(count)), "division_head")
    assert chain_up == organization.route("business_division", "division_head")
    assert ("r5", "r6") == organization.route("r5", "r6")
    assert () == organization.route("r6", "r5") == organization.route("r6", "r6") == organization.route("x", "r6")
    assert ("division_head", "leader_in_charge", "principal_leader") == organization.routes[
        "division_head", "principal_leader"
    ]
    assert (count + 4) * (count + 3) // 2 == len(organization.routes)


def test_thousands_of_misspelt_names_are_reported_in_seconds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """4,000 clauses and 1,500 rules citing misspelt ones, 6,000 settings and as many groups named: seconds.

    Each misspelt name was compared with every clause for "Did you mean" (difflib, quadratic in the
    names' lengths), each cited name looked up in a list made again for each rule, and each setting group
    found by a pass over every setting: a file of 200 KB took minutes. The first diagnostics keep their
    suggestion; past a budget of comparisons, the rest come without one.
    """
    assemble(HERE / "basic", tmp_path / "pk")
    monkeypatch.chdir(tmp_path)
    pk = tmp_path / "pk"
    clauses = "".join(f"  - {{id: CLAUSE{n}, text: 条款}}\n" for n in range(4000))
    text = (pk / "clauses.yaml").read_text(encoding="utf-8")
    (pk / "clauses.yaml").write_text(text.replace("clauses:\n", f"clauses:\n{clauses}", 1), encoding="utf-8")
    settings = "".join(
        f"  s.number_{n}: {{value: true, type: bool, source: interpretation, title: {{zh: 设置, en: Set}}}}\n"
        for n in range(6000)
    )
    text = (pk / "settings.yaml").read_text(encoding="utf-8")
    (pk / "settings.yaml").write_text(text.replace("settings:\n", f"settings:\n{settings}", 1), encoding="utf-8")
    misspelt = "".join(
        f"  - {{id: x{n}, clause: CLAUS{n}, quote: 条款, title: {{zh: 规则, en: Rule}}, when: conduct.rectified,"
        " then: {outcome: none}}\n"
        for n in range(1500)
    )
    groups = "".join(
        f"  - {{id: y{n}, clause: CLAUSE1, quote: 条款, title: {{zh: 规则, en: Rule}}, when: settings.s,"
        " then: {outcome: none}}\n"
        for n in range(6000)
    )
    policy = (pk / "leniency.yaml").read_text(encoding="utf-8")
    found = []
    for rules in (misspelt, groups):
        (pk / "leniency.yaml").write_text(policy.replace("rules:\n", f"rules:\n{rules}", 1), encoding="utf-8")
        started = time.perf_counter()
        with pytest.raises(PolicyError) as caught:
            commitrules.load_policies("pk")
        assert time.perf_counter() - started < 10
        found.append(caught.value.all_diagnostics)
    assert (["unknown_clause"] * 1500, ["unknown_setting"] * 6000) == tuple([d.code for d in f] for f in found)
    first = found[0][0]
    assert ("CLAUSE0", "Rule 'x0' cites unknown clause 'CLAUS0'. Did you mean 'CLAUSE0'?") == (
        first.suggestion,
        first.message,
    )
    assert {"settings.s.number_0"} == {d.suggestion for d in found[1]}
