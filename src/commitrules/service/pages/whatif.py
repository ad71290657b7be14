"""What-if: a change to one policy file or to settings, tried on a private copy of the served pack.

The page sends the changed text of one file (or new values of settings); the service copies the pack
into a temporary folder, writes the change there, and runs ``check`` and ``diff`` (the example cases
decided by the served pack and by the copy) in a child process, stopped after ``whatif_timeout``
seconds and limited in memory. The served pack is never touched; the copy is deleted afterwards.

The child is this module run as a program: ``python -m commitrules.service.pages.whatif`` reads one
JSON request on standard input and writes one JSON answer on standard output.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import shutil
import subprocess
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import yaml
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from commitrules._bundled import bundled_policies_dir
from commitrules.errors import Diagnostic, PolicySyntaxError
from commitrules.messages import Lang, Text, message
from commitrules.policy.folder import SUFFIXES
from commitrules.policy.yaml import load_yaml
from commitrules.service.http.guard import request_language
from commitrules.service.http.problems import ProblemError
from commitrules.service.pages.body import json_body
from commitrules.service.pages.config import WHATIF_ROLES, PagesConfig
from commitrules.service.pages.playground import example_paths, pack_label

if TYPE_CHECKING:
    from commitrules.authoring.diff import PolicyDiff
    from commitrules.policy.pack import PolicyPack

__all__ = ["WhatIf", "run_whatif", "whatif_api"]

_LOG = logging.getLogger("commitrules.service")

#: Memory a what-if child may use (bytes of address space).
MEMORY_LIMIT = 1024 * 1024 * 1024


class WhatIf(BaseModel):
    """The change to try: the new text of one policy file, or new values of settings (YAML scalars)."""

    file: str | None = Field(default=None, max_length=200)
    text: str | None = None
    settings: dict[str, str] = Field(default_factory=dict, max_length=100)
    as_of: str | None = Field(default=None, max_length=10)


def _policy_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())


def whatif_api(config: PagesConfig) -> APIRouter:
    """The router of ``/playground/api/policy`` and ``/playground/api/whatif``."""
    api = APIRouter(prefix="/playground/api", include_in_schema=False)  # the pages' own API, not the service's

    def directory() -> Path:
        return config.policies_dir or bundled_policies_dir()

    @api.get("/policy")
    def policy_files(request: Request, name: str | None = None) -> dict[str, Any]:
        config.require(request, WHATIF_ROLES)
        files = _policy_files(directory())
        if name is None:
            pack = config.pack()
            return {
                "files": files,
                "settings": [
                    {
                        "name": s.name,
                        "value": yaml.safe_dump(_plain(s.value), allow_unicode=True, default_flow_style=True)
                        .strip()
                        .removesuffix("..."),
                        "type": s.type,
                        "title": dict(s.title),
                    }
                    for s in pack.settings.values()
                ],
            }
        if name not in files:
            raise ProblemError(404, "not_found", Text("problem.no_policy_file", name=name))
        return {"name": name, "text": (directory() / name).read_text(encoding="utf-8")}

    @api.post("/whatif")
    def whatif(request: Request, body: Annotated[WhatIf, Depends(json_body(WhatIf))]) -> dict[str, Any]:
        config.require(request, WHATIF_ROLES)
        if body.file is not None and body.file not in _policy_files(directory()):
            raise ProblemError(404, "not_found", Text("problem.no_policy_file", name=body.file))
        size = len(body.text.encode("utf-8")) if body.text is not None else 0
        if size > config.whatif_max_bytes:
            raise ProblemError(
                413, "too_large", Text("problem.file_too_large", size=size, limit=config.whatif_max_bytes)
            )
        return run_whatif(config, directory(), body, lang=request_language(request.scope))

    return api


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list | frozenset | set):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value.isoformat() if hasattr(value, "isoformat") else value


def run_whatif(config: PagesConfig, served: Path, body: WhatIf, *, lang: Lang = "zh") -> dict[str, Any]:
    """Copy the pack, apply the change and run the child; its answer (diagnostics in ``lang``), or why it stopped."""
    with tempfile.TemporaryDirectory(prefix="commitrules-whatif-") as tmp:
        copy = Path(tmp) / "pack"
        shutil.copytree(served, copy)
        if body.file is not None and body.text is not None:
            (copy / body.file).write_text(body.text, encoding="utf-8")
        request = {
            "served": str(served),
            "copy": str(copy),
            "settings": body.settings,
            "examples": [str(p) for p in example_paths(config)],
            "examples_root": str(config.examples_dir or ""),
            "as_of": body.as_of or config.as_of,
            "lang": lang,
        }
        try:
            done = subprocess.run(
                [sys.executable, "-m", "commitrules.service.pages.whatif"],
                input=json.dumps(request),
                capture_output=True,
                text=True,
                timeout=config.whatif_timeout,
                check=False,
                cwd=tmp,
            )
        except subprocess.TimeoutExpired:
            seconds = f"{config.whatif_timeout:g}"
            return {"ok": False, "stopped": message("pages.stopped.timeout", lang, seconds=seconds)}
    if done.returncode != 0:  # what went wrong is for the service's log, not the page: no traceback there
        _LOG.error("what-if child exited %s: %s", done.returncode, done.stderr.strip()[-2000:])
        return {"ok": False, "stopped": message("pages.stopped.failed", lang)}
    answer: Any = json.loads(done.stdout)
    if not isinstance(answer, dict):
        return {"ok": False, "stopped": message("pages.stopped.no_answer", lang)}
    return {str(key): value for key, value in answer.items()}


# -- the child ------------------------------------------------------------------------------------
def _diagnostic(d: Diagnostic, lang: Lang) -> dict[str, Any]:
    data: dict[str, Any] = d.to_dict_in(lang)
    data["file"] = Path(str(data["file"])).name  # a pack is one flat folder; the copy's path means nothing
    data["source_line"] = d.source_line.rstrip("\n") if d.source_line is not None else None
    data["rendered"] = d.render(lang).replace(str(d.span.file), data["file"], 1)
    return data


def _settings(raw: dict[str, str], lang: Lang) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The settings' values, each text read as the pack's files are read; the problems of those that cannot be.

    A value is what a policy file's ``value:`` may hold, and is refused as it would be there, at its position
    in the text, in ``lang``: YAML 1.1 forms that YAML 1.2 reads otherwise (``010`` was 8, ``yes`` true),
    anchors and aliases, tags, duplicate keys, nesting past the limit (which PyYAML's own reader met with a
    RecursionError). A blank text is no value (null).
    """
    values: dict[str, Any] = {}
    problems = []
    for name, text in raw.items():
        if not text.strip():
            values[name] = None
            continue
        try:
            values[name] = load_yaml(text, name).data
        except PolicySyntaxError as exc:
            for d in exc.diagnostics:
                data: dict[str, Any] = d.to_dict_in(lang)
                data.update(file="settings", path=name, source_line=d.source_line, rendered=d.render(lang))
                problems.append(data)
    return values, problems


def _child(request: dict[str, Any]) -> dict[str, Any]:
    from commitrules import load_policies  # noqa: PLC0415 - the child imports what it needs, once
    from commitrules.authoring.check import check_policies  # noqa: PLC0415
    from commitrules.authoring.diff import diff_packs  # noqa: PLC0415
    from commitrules.errors import CaseValidationError, PolicyError  # noqa: PLC0415
    from commitrules.io.case_files import read_cases  # noqa: PLC0415

    copy = Path(request["copy"])
    lang: Lang = "en" if request.get("lang") == "en" else "zh"
    settings, problems = _settings(request["settings"], lang)
    if problems:
        return {"ok": False, "diagnostics": problems, "diff": None}
    try:
        checked = check_policies(copy, settings=settings or None)
    except PolicyError as exc:
        return {"ok": False, "diagnostics": [_diagnostic(d, lang) for d in exc.diagnostics], "diff": None}
    diagnostics = [_diagnostic(d, lang) for d in checked.diagnostics]
    served = load_policies(request["served"])
    cases, errors = read_cases(request["examples"])
    try:
        result = diff_packs(served, checked.pack, cases, request["as_of"])
    except CaseValidationError as exc:
        errors.extend(exc.errors)
        result = None
    root = request["examples_root"]
    if result is None:
        # the examples' places relative to their folder: the page's reader is not shown the server's paths
        shown_errors = [dataclasses.replace(e, source=_relative(e.source, root)).render(lang) for e in errors]
        return {"ok": False, "diagnostics": diagnostics, "diff": None, "case_errors": shown_errors}
    data = result.to_dict()
    changed = [
        {
            "source": _relative(c["source"], root),
            "kind": c["kind"],
            "fields": c["fields"],
            "old": _outcome(c["old"], served),
            "new": _outcome(c["new"], checked.pack),
        }
        for c in data["cases"]["changed"]
    ]
    return {
        "ok": not checked.errors,
        "diagnostics": diagnostics,
        "diff": {
            "settings": data["settings"],
            "rules": [
                {
                    "id": r["id"],
                    "change": r["change"],
                    "said": message(f"diff.change.{r['change']}", lang),
                    "fields": r["fields"],
                }
                for r in data["rules"]
            ],
            "other": [note.in_(lang) for note in result.other],
            "evaluated": data["cases"]["evaluated"],
            "changed": changed,
            "as_of": data["as_of"],
            "text": _text(result, root, lang) if len(changed) <= 20 else None,
        },
    }


def _text(result: PolicyDiff, root: str, lang: Lang) -> str:
    """The diff as ``commitrules diff`` prints it, naming the packs and the examples without the server's paths."""
    cases = tuple(dataclasses.replace(c, source=_relative(c.source, root)) for c in result.cases)
    packs = (message("pages.whatif.served_pack", lang), message("pages.whatif.changed_pack", lang))
    return dataclasses.replace(result, cases=cases).render(lang, frame_lang=lang, packs=packs)


def _relative(source: str, root: str) -> str:
    path = Path(source)
    return path.relative_to(root).as_posix() if root and path.is_relative_to(root) else path.name


def _outcome(decision: dict[str, Any] | None, pack: PolicyPack) -> dict[str, Any] | None:
    """A decision's outcome and codes, the outcome named in the words of ``pack``, the pack that made it."""
    if decision is None:
        return None
    return {
        "code": decision["outcome"],
        "zh": pack_label(pack, "outcomes", decision["outcome"]),
        "consequences": decision["consequences"],
        "reasons": decision["reasons"],
    }


def main() -> None:
    """The child: one request on standard input, one answer on standard output."""
    try:
        import resource  # noqa: PLC0415 - POSIX only

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass
    sys.stdout.write(json.dumps(_child(json.loads(sys.stdin.read())), ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
