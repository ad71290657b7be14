"""``commitrules evaluate``: decide case files, or a JSON Lines batch with ``--jsonl``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from commitrules import load_policies
from commitrules._printable import one_line
from commitrules.cli._common import (
    EXIT_CASE,
    EXIT_ENGINE,
    EXIT_INTERNAL,
    EXIT_IO,
    EXIT_OK,
    EXIT_USAGE,
    error,
    lang_of,
    output_is_input,
    pack_files,
    print_case_errors,
    print_policy_error,
    resolve_as_of_arg,
    whole_number,
)
from commitrules.engine import ENGINES, evaluate_case, resolve_as_of
from commitrules.errors import (
    CaseValidationError,
    CommitRulesError,
    DistributedRunError,
    EngineUnavailableError,
    PolicyError,
)
from commitrules.io.case_files import read_cases
from commitrules.io.probe import exists, is_file, names_no_file
from commitrules.messages import Lang, Text, message, os_reason


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the command's parser, with the batch options in their own group."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "evaluate", help="evaluate case files (YAML or JSON; folders are read recursively) or JSON Lines (--jsonl)"
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="case files or folders")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help=message("help.report_lang", "en"))
    parser.add_argument("--engine", choices=ENGINES, default="compiled")
    parser.add_argument("--as-of", default=None, help="judge the cases as of this date (YYYY-MM-DD; default today)")
    parser.add_argument("--policies", default=None, metavar="DIR", help="the pack's folder (default: bundled)")
    batch = parser.add_argument_group(
        "batch",
        "one case per line in, one JSON line per input line out (a decision or an error record naming "
        "the line), in input order; bad lines never stop the batch (--format does not apply; the error records' "
        "words are in the language of --lang, their codes and paths the same in each)",
    )
    batch.add_argument("--jsonl", default=None, metavar="IN", help="a JSON Lines file of cases ('-': standard input)")
    batch.add_argument("--out", default=None, metavar="OUT", help="write the output here (default: standard output)")
    batch.add_argument(
        "--workers",
        type=whole_number,
        default=1,
        metavar="N",
        help="worker processes (default: 1; at most one per CPU)",
    )
    batch.add_argument(
        "--resume",
        action="store_true",
        help="keep the complete lines already in OUT and skip as many input lines (only to continue the same run: "
        "same input, policies, --as-of and engine, recorded in OUT.run.json)",
    )
    batch.add_argument(
        "--dask",
        default=None,
        metavar="ADDRESS",
        help="evaluate on a Dask cluster: a scheduler address (tcp://host:8786) or local:N (N worker processes "
        "here); IN and OUT on storage every worker shares (needs commitrules[dask])",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Decide the files, or the batch of ``--jsonl``."""
    if args.jsonl is not None:
        return _run_batch(args)
    lang = lang_of(args)
    if not args.paths:
        error(message("cli.name_cases", lang), lang)
        return EXIT_USAGE
    batch_only = {"--out": args.out is not None, "--workers": args.workers != 1, "--resume": args.resume}
    batch_only["--dask"] = args.dask is not None
    for flag in (flag for flag, given in batch_only.items() if given):  # it was ignored without a word
        error(message("cli.batch_flag_without_jsonl", lang, flag=flag), lang)
        return EXIT_USAGE
    return _run_files(args)


def _run_files(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    as_of = resolve_as_of_arg(args)
    if as_of is None:
        return EXIT_USAGE
    try:
        pack = load_policies(args.policies, generate=False)  # the code of the cases' kinds only, when met
    except PolicyError as exc:
        return print_policy_error(exc, lang=lang)
    cases, errors = read_cases(args.paths, vocabulary=pack.vocabulary)
    if not errors and not cases:
        error(message("cli.no_case_files", lang, paths=", ".join(args.paths)), lang)
        return EXIT_CASE
    decided = []
    for item in cases:
        try:
            decided.append((item, evaluate_case(pack, item.case, as_of=as_of, engine=args.engine)))
        except CaseValidationError as exc:
            errors.extend(exc.with_source(item.source).errors)
        except EngineUnavailableError as exc:
            error(exc.message_in(lang), lang)
            return EXIT_ENGINE
    if decided and args.format == "json":
        print(json.dumps([d.model_dump(mode="json") for _, d in decided], ensure_ascii=False, indent=2))
    elif decided:
        print("\n\n".join(f"# {one_line(item.source)}\n{pack.explain(d, lang)}" for item, d in decided))
    if errors:  # the good cases are decided all the same; each bad one is named
        bad = len({e.source for e in errors})
        done = len(decided)
        tail = message(
            "cli.evaluate_tail",
            lang,
            inputs=message(f"cli.bad_inputs.{'one' if bad == 1 else 'other'}", lang, count=bad),
            cases=message(f"cli.cases_evaluated.{'one' if done == 1 else 'other'}", lang, count=done),
        )
        print_case_errors(errors, tail, lang)
        return EXIT_IO if any(e.io_failure for e in errors) else EXIT_CASE  # a file the system failed to read: 6
    return EXIT_OK


def _batch_usage_problem(args: argparse.Namespace) -> Text | None:
    if args.paths:
        return Text("batch.usage.paths")
    if args.workers < 1:
        return Text("batch.usage.workers", workers=args.workers)
    if args.resume and args.out in (None, "-"):
        return Text("batch.usage.resume")
    if args.out not in (None, "-"):  # the batch's OUT written over a policy file of the pack it decides with
        refused = output_is_input(args.out, pack_files(args.policies))
        if refused is not None:
            return refused
    return _dask_usage_problem(args) if args.dask is not None else None


def _dask_usage_problem(args: argparse.Namespace) -> Text | None:
    if args.jsonl == "-" or args.out in (None, "-"):
        return Text("batch.usage.dask_files")
    if exists(args.jsonl) and not is_file(args.jsonl):  # cut in parts by its size
        return Text("batch.usage.dask_regular", path=args.jsonl)
    if args.workers != 1:
        return Text("batch.usage.dask_workers")
    return None


def _batch(args: argparse.Namespace, pack: Any, as_of: Any, lang: Lang) -> Any:
    """The batch in this process (or its ``--workers``), or on a Dask cluster with ``--dask``."""
    if args.dask is None:
        from commitrules.service.batch import run_batch  # noqa: PLC0415 - only batches need it

        return run_batch(
            pack,
            args.jsonl,
            args.out,
            as_of=as_of,
            engine=args.engine,
            workers=args.workers,
            resume=args.resume,
            lang=lang,
            lang_given=getattr(args, "lang_explicit", True),
        )
    from commitrules.service.batch import Progress, count_lines  # noqa: PLC0415
    from commitrules.service.batch_run import available_cpus  # noqa: PLC0415
    from commitrules.service.distributed import evaluate_jsonl_dask, local_workers  # noqa: PLC0415 - nor Dask

    asked = local_workers(args.dask)
    if asked is not None and asked > (cpus := available_cpus()):
        print(message("batch.dask_local_lowered", lang, cluster=args.dask, cpus=cpus), file=sys.stderr)

    bar = Progress(sys.stderr, count_lines(Path(args.jsonl)), lang=lang) if sys.stderr.isatty() else None
    summary = evaluate_jsonl_dask(
        pack,
        args.jsonl,
        args.out,
        cluster=args.dask,
        as_of=as_of,
        engine=args.engine,
        resume=args.resume,
        on_progress=bar.update if bar else None,
        lang=lang,
        lang_given=getattr(args, "lang_explicit", True),
    )
    if bar is not None:
        bar.close(summary.skipped + summary.lines)
    return summary


def _interrupted(args: argparse.Namespace, lang: Lang) -> None:
    """Say where the finished work of an interrupted batch is, and how to go on."""
    if args.dask is not None:
        print("\n" + message("batch.interrupted.dask", lang, out=args.out), file=sys.stderr)
    elif args.out not in (None, "-"):
        print("\n" + message("batch.interrupted", lang, out=args.out), file=sys.stderr)


def _run_batch(args: argparse.Namespace) -> int:
    """``evaluate --jsonl``: exit 0 when every line was decided, 1 when some were error records."""
    from commitrules.service.batch import MAX_LINE_BYTES  # noqa: PLC0415 - only batches need it
    from commitrules.service.batch_run import (  # noqa: PLC0415
        BatchIOError,
        BatchUsageError,
        BatchWorkerLostError,
        available_cpus,
    )

    lang = lang_of(args)
    if resolve_as_of_arg(args) is None:
        return EXIT_USAGE
    problem = _batch_usage_problem(args)
    if problem:
        error(problem.in_(lang), lang)
        return EXIT_USAGE
    if args.workers > (cpus := available_cpus()):
        print(message("batch.workers_lowered", lang, workers=args.workers, cpus=cpus), file=sys.stderr)
    try:
        pack = load_policies(args.policies)
    except PolicyError as exc:
        return print_policy_error(exc, lang=lang)
    as_of = None if args.as_of is None else resolve_as_of(args.as_of)  # None: today, or the date resumed
    try:
        summary = _batch(args, pack, as_of, lang)
    except KeyboardInterrupt:
        _interrupted(args, lang)
        raise
    except (
        EngineUnavailableError,
        BatchUsageError,
        BatchIOError,
        BatchWorkerLostError,
        DistributedRunError,
        OSError,
    ) as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        return _batch_failed(exc, args)
    print(message("batch.done", lang, summary=summary.render(lang)), file=sys.stderr)
    if summary.unended_line is not None:  # a stream's line without an end in sight: the batch stopped there
        source = Text("cli.stdin") if args.jsonl == "-" else Text("found.text", value=args.jsonl)
        max_mib = MAX_LINE_BYTES // 2**20
        error(message("batch.unended", lang, line=summary.unended_line, input=source, max=max_mib), lang)
        return EXIT_CASE  # on --resume too, when the line was answered before: the input is no more read whole
    return EXIT_CASE if summary.errors else EXIT_OK


def _batch_failed(exc: Exception, args: argparse.Namespace) -> int:
    """Say why the batch stopped; the exit code for it."""
    from commitrules.service.batch_run import (  # noqa: PLC0415 - only batches need it
        BatchIOError,
        BatchUsageError,
        BatchWorkerLostError,
    )

    lang = lang_of(args)
    if isinstance(exc, DistributedRunError):  # the Dask cluster unreachable, or its partial run not resumable
        error(exc.message_in(lang), lang)
        return EXIT_USAGE
    if isinstance(exc, OSError):  # the input names no file to read; or, on a cluster, a file it could not read or write
        path = exc.filename or args.jsonl
        error(message("batch.cannot_open", lang, reason=os_reason(exc), path=path), lang)
        wrong_input = names_no_file(exc) and Path(path) == Path(args.jsonl)
        return EXIT_CASE if wrong_input else EXIT_IO
    error(exc.message_in(lang) if isinstance(exc, CommitRulesError) else str(exc), lang)
    if isinstance(exc, BatchIOError | BatchWorkerLostError):
        if args.out not in (None, "-") and is_file(args.out):  # a folder or a missing one keeps nothing
            print(message("batch.kept", lang, out=args.out), file=sys.stderr)
        return EXIT_IO if isinstance(exc, BatchIOError) else EXIT_INTERNAL
    return EXIT_USAGE if isinstance(exc, BatchUsageError) else EXIT_ENGINE
