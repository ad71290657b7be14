"""``python -m commitrules.cli``: the same as the ``commitrules`` command."""

import sys

from commitrules.cli.main import main

sys.exit(main())
