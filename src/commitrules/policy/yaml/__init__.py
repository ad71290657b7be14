"""Safe YAML to plain data, with the position of every key and value.

``encoding`` checks the size and the bytes before parsing; ``loader`` (with ``builder``) builds plain data and the
source map from PyYAML's event stream, without recursion; ``messages`` explains what is not plain
policy YAML; ``source_map`` answers where any path of the document is.
"""

from commitrules.policy.yaml.encoding import MAX_BYTES, MAX_DEPTH
from commitrules.policy.yaml.loader import load_yaml
from commitrules.policy.yaml.source_map import NodeStyle, SourceMap, YamlDocument, YamlPath, format_path

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "NodeStyle",
    "SourceMap",
    "YamlDocument",
    "YamlPath",
    "format_path",
    "load_yaml",
]
