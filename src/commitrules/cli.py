"""The ``commitrules`` command: check policies, evaluate cases, print schemas.

Exit codes (stable; scripts rely on them):
  0  done: the policies are valid / every case was evaluated
  1  an input case or case file is invalid (nothing is printed on standard output); with ``--jsonl``,
     some lines were invalid: the output is still complete, one error record for each of them
  2  the command line is wrong
  3  the policy pack is invalid
  4  the engine asked for is not installed
  5  an internal error of commitrules (a defect, reported with the case; never caused by bad input)
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from commitrules import load_policies
from commitrules.cases import read_cases
from commitrules.engine import ENGINES, evaluate_case, resolve_as_of
from commitrules.errors import CaseValidationError, EngineUnavailableError, EvaluationError, PolicyError

__all__ = ["main"]

EXIT_OK, EXIT_CASE, EXIT_USAGE, EXIT_POLICY, EXIT_ENGINE, EXIT_INTERNAL = 0, 1, 2, 3, 4, 5
SCHEMA_TARGETS = ("policy", "settings", "clauses", "organization", "pack", "case", "decision")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commitrules",
        description="Rules of the notification-and-commitment system (证明事项告知承诺制), explained.",
        epilog="Exit codes: 0 done, 1 invalid case, 2 usage, 3 invalid policies, 4 engine not installed, "
               "5 internal error.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="check a policy pack: every error and warning, with its position")
    check.add_argument("directory", nargs="?", default=None, help="the pack's folder (default: the bundled pack)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--strict", action="store_true", help="fail on warnings too (before a change goes live)")

    evaluate = sub.add_parser(
        "evaluate", help="evaluate case files (YAML or JSON; folders are read recursively) or JSON Lines (--jsonl)"
    )
    evaluate.add_argument("paths", nargs="*", metavar="PATH", help="case files or folders")
    evaluate.add_argument("--format", choices=("text", "json"), default="text")
    evaluate.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of text output")
    evaluate.add_argument("--engine", choices=ENGINES, default="compiled")
    evaluate.add_argument("--as-of", default=None, help="judge the cases as of this date (YYYY-MM-DD; default today)")
    evaluate.add_argument("--policies", default=None, metavar="DIR", help="the pack's folder (default: bundled)")
    batch = evaluate.add_argument_group(
        "batch", "one case per line in, one JSON line per input line out (a decision or an error record naming "
        "the line), in input order; bad lines never stop the batch (--format and --lang do not apply)"
    )
    batch.add_argument("--jsonl", default=None, metavar="IN", help="a JSON Lines file of cases ('-': standard input)")
    batch.add_argument("--out", default=None, metavar="OUT", help="write the output here (default: standard output)")
    batch.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default: 1)")
    batch.add_argument("--resume", action="store_true",
                       help="keep the complete lines already in OUT and skip as many input lines")

    schema = sub.add_parser("schema", help="print a JSON Schema (for editors and other languages)")
    schema.add_argument("target", choices=SCHEMA_TARGETS)
    schema.add_argument("kind", nargs="?", default=None, help="for 'case': one case kind (default: all kinds)")

    reference = sub.add_parser("reference", help="write the pack as a readable reference (Markdown, zh and en)")
    reference.add_argument("directory", nargs="?", default=None, help="the pack's folder (default: bundled)")
    reference.add_argument("--out", default=None, help="write to this file instead of standard output")

    check.set_defaults(func=_cmd_check)
    evaluate.set_defaults(func=_cmd_evaluate)
    schema.set_defaults(func=_cmd_schema)
    reference.set_defaults(func=_cmd_reference)
    for register in _extensions():
        register(sub)
    return parser


#: Modules that define a command each: ``register(subparsers)`` adds a parser whose ``func`` default
#: runs the command and returns the exit code. Imported only when the command line is built.
EXTENSION_MODULES: tuple[str, ...] = (
    "commitrules.trace",
    "commitrules.specification",
    "commitrules.diagrams",
    "commitrules.diff",
    "commitrules.audit.command",
    "commitrules.service.http.command",
    "commitrules.service.log.cli",
)


def _extensions() -> list[Callable[[Any], None]]:
    return [importlib.import_module(name).register for name in EXTENSION_MODULES]


def _print_policy_error(exc: PolicyError, fmt: str) -> int:
    if fmt == "json":
        print(json.dumps({"ok": False, "diagnostics": [d.to_dict() for d in exc.diagnostics],
                          "total": exc.total}, ensure_ascii=False, indent=2))
    else:
        print(exc.render(), file=sys.stderr)
        count = exc.total
        print(f"\n{count} error{'s' if count != 1 else ''} in the policy pack.", file=sys.stderr)
    return EXIT_POLICY


def _cmd_check(args: argparse.Namespace) -> int:
    from commitrules.lint import check_policies  # noqa: PLC0415 - only this command lints

    try:
        result = check_policies(args.directory)
    except PolicyError as exc:
        return _print_policy_error(exc, args.format)
    pack = result.pack
    errors, warnings = len(result.errors), len(result.warnings)
    failed = errors > 0 or (args.strict and warnings > 0)
    rules = sum(len(p.rules) for p in pack.policies.values())
    if args.format == "json":
        print(json.dumps({"ok": not failed, "name": pack.name, "version": pack.version, "digest": pack.digest,
                          "kinds": list(pack.kinds), "rules": rules, "errors": errors, "warnings": warnings,
                          "strict": args.strict, "diagnostics": [d.to_dict() for d in result.diagnostics]},
                         ensure_ascii=False, indent=2))
        return EXIT_POLICY if failed else EXIT_OK
    for diagnostic in result.diagnostics:
        print(diagnostic.render(), file=sys.stderr)
    counts = ", ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in ((errors, "error"), (warnings, "warning"))
                       if n)
    if failed:
        why = " (--strict: warnings fail the check)" if errors == 0 else ""
        print(f"\n{counts} in the policy pack{why}.", file=sys.stderr)
        return EXIT_POLICY
    tail = f"; {counts} (above)" if warnings else ""
    print(f"ok: {pack.name} {pack.version}: {len(pack.kinds)} kinds, {rules} rules, "
          f"{len(pack.settings)} settings, {len(pack.clauses)} clauses ({pack.digest[:19]}){tail}")
    return EXIT_OK


def _resolve_as_of(args: argparse.Namespace) -> dt.date | None:
    """The date of ``--as-of`` (today when absent); None, after saying why, when it is not a date."""
    try:
        return resolve_as_of(args.as_of)
    except CaseValidationError:
        print(f"commitrules: error: --as-of '{args.as_of}' is not a date (YYYY-MM-DD)", file=sys.stderr)
        return None


def _cmd_evaluate(args: argparse.Namespace) -> int:
    if args.jsonl is not None:
        return _cmd_batch(args)
    if not args.paths:
        print("commitrules: error: name case files or folders, or a JSON Lines file with --jsonl", file=sys.stderr)
        return EXIT_USAGE
    return _evaluate_files(args)


def _evaluate_files(args: argparse.Namespace) -> int:
    as_of = _resolve_as_of(args)
    if as_of is None:
        return EXIT_USAGE
    try:
        pack = load_policies(args.policies)
    except PolicyError as exc:
        return _print_policy_error(exc, "text")
    cases, errors = read_cases(args.paths)
    if not errors and not cases:
        print("commitrules: error: no case files found in " + ", ".join(args.paths), file=sys.stderr)
        return EXIT_CASE
    decisions = []
    for item in cases:
        try:
            decisions.append(evaluate_case(pack, item.case, as_of=as_of, engine=args.engine))
        except CaseValidationError as exc:
            errors.extend(exc.with_source(item.source).errors)
        except EngineUnavailableError as exc:
            print(f"commitrules: error: {exc}", file=sys.stderr)
            return EXIT_ENGINE
    if errors:
        for error in errors:
            print(error.render(), file=sys.stderr)
        print(f"\n{len(errors)} problem{'s' if len(errors) != 1 else ''} in the input; no case was "
              "evaluated.", file=sys.stderr)
        return EXIT_CASE
    if args.format == "json":
        print(json.dumps([d.model_dump(mode="json") for d in decisions], ensure_ascii=False, indent=2))
    else:
        blocks = [f"# {item.source}\n{d.explain(args.lang)}" for item, d in zip(cases, decisions, strict=True)]
        print("\n\n".join(blocks))
    return EXIT_OK


def _batch_usage_problem(args: argparse.Namespace) -> str | None:
    if args.paths:
        return "--jsonl reads its cases from IN; do not also name case files"
    if args.workers < 1:
        return f"--workers must be 1 or more, not {args.workers}"
    if args.resume and args.out in (None, "-"):
        return "--resume needs --out: the lines already written there are kept"
    return None


def _cmd_batch(args: argparse.Namespace) -> int:
    """``evaluate --jsonl``: exit 0 when every line was decided, 1 when some were error records."""
    from commitrules.batch import run_batch  # noqa: PLC0415 - only batches need it

    as_of = _resolve_as_of(args)
    if as_of is None:
        return EXIT_USAGE
    problem = _batch_usage_problem(args)
    if problem:
        print(f"commitrules: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        pack = load_policies(args.policies)
    except PolicyError as exc:
        return _print_policy_error(exc, "text")
    try:
        summary = run_batch(pack, args.jsonl, args.out, as_of=as_of, engine=args.engine, workers=args.workers,
                            resume=args.resume)
    except EngineUnavailableError as exc:
        print(f"commitrules: error: {exc}", file=sys.stderr)
        return EXIT_ENGINE
    except KeyboardInterrupt:
        if args.out not in (None, "-"):
            print(f"\ncommitrules: interrupted; the complete lines are in '{args.out}': run the same command with "
                  "--resume to go on from there", file=sys.stderr)
        raise
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        print(f"commitrules: error: {exc.strerror or exc}: '{exc.filename or args.jsonl}'", file=sys.stderr)
        return EXIT_CASE
    print(f"commitrules: {summary.render()}", file=sys.stderr)
    return EXIT_CASE if summary.errors else EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from commitrules.model import CASE_MODELS  # noqa: PLC0415 - only this command needs it
    from commitrules.policy.files import json_schema  # noqa: PLC0415

    schema: dict[str, Any]
    if args.target == "case":
        if args.kind is not None and args.kind not in CASE_MODELS:
            print(f"commitrules: error: unknown case kind '{args.kind}'; known kinds: "
                  f"{', '.join(CASE_MODELS)}", file=sys.stderr)
            return EXIT_USAGE
        if args.kind is not None:
            schema = CASE_MODELS[args.kind].model_json_schema()
        else:
            from pydantic import TypeAdapter  # noqa: PLC0415

            union: Any = None
            for model in CASE_MODELS.values():
                union = model if union is None else union | model
            schema = TypeAdapter(union).json_schema()
            schema["title"] = "commitrules case"
    elif args.target == "decision":
        from commitrules.engine.decision import Decision  # noqa: PLC0415

        schema = Decision.model_json_schema()
    else:
        schema = json_schema(args.target)
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK


def _cmd_reference(args: argparse.Namespace) -> int:
    from commitrules.reference import render_reference  # noqa: PLC0415 - only this command needs it

    try:
        pack = load_policies(args.directory)
    except PolicyError as exc:
        return _print_policy_error(exc, "text")
    text = render_reference(pack)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except EvaluationError as exc:
        print(f"commitrules: internal error: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
