"""MkDocs hooks: keep the documentation site free of requests to other hosts, and of dead links.

Material's ``offline`` plugin adds ``<script src="https://unpkg.com/iframe-worker/shim">`` to every page
(the shim lets search run from ``file://``). An intranet cannot reach unpkg.com, so each page is pointed
at the copy vendored in ``docs/assets/vendor/iframe-worker/`` (from the npm package, MIT).
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

SHIM = 'src="https://unpkg.com/iframe-worker/shim"'
LOCAL = "assets/vendor/iframe-worker/shim.js"


def _local(output: str, depth: int) -> str:
    return output.replace(SHIM, f'src="{"../" * depth}{LOCAL}"')


def on_post_page(output: str, page: Any, config: Any) -> str:  # noqa: ARG001 - MkDocs' hook signature
    """Point a page at the vendored shim, relative to the page's folder."""
    return _local(output, page.file.dest_uri.count("/"))


def on_post_template(output_content: str, template_name: str, config: Any) -> str:  # noqa: ARG001
    """The same for the site's templates (404.html sits at the top)."""
    return _local(output_content, template_name.count("/"))


_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s#]+)(#[^)]*)?\)")


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:  # noqa: ARG001
    """A link to a file of the repository outside ``docs/`` (``../policies/source/README.md``) becomes its path.

    Such links work where the Markdown is read in the repository; the site has no such page, so the
    link text is kept with the repository path beside it, and ``--strict`` still fails on a dead link
    inside the documentation.
    """
    folder = posixpath.dirname(page.file.src_uri)

    def outside(match: re.Match[str]) -> str:
        target = match.group(2)
        if "://" in target or target.startswith(("mailto:", "/")):
            return match.group(0)
        resolved = posixpath.normpath(posixpath.join(folder, target))
        if not resolved.startswith("../"):
            return match.group(0)
        return f"{match.group(1)} (`{resolved.removeprefix('../')}`)"

    return _LINK.sub(outside, markdown)
