"""Property-based tests from the OpenAPI document: no 5xx for any request, every answer as documented.

The document is docs/openapi.json, which ``test_openapi`` keeps equal to the one the service serves (the
pytest plugin of schemathesis loads a schema at collection time, before any server is started).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from tests.service.server import ROOT, ServiceProcess

#: Every test here starts `commitrules serve` (or another process): the fast session leaves them out.
pytestmark = pytest.mark.slow

#: Examples per operation: enough to reach every parameter and the case schemas' branches, bounded so
#: that the whole run stays well under a minute on a 2-core machine.
EXAMPLES = 60

schema = schemathesis.openapi.from_path(ROOT / "docs" / "openapi.json")
# The coverage phase enumerates boundary values of every case field (minutes for the eleven case
# kinds); the fuzzing phase with EXAMPLES per operation covers them well enough within the minute.
schema.config.phases.coverage.enabled = False

#: The case documents are judged by the library, not by the JSON Schema alone: pydantic reads them in lax
#: mode (a list with a repeated code is a set, "3" is 3) and the library's own checks refuse some
#: schema-valid cases with 422 invalid_case. Whether a case is accepted is therefore not the schema's to
#: say for these two operations; every other check (no 5xx, statuses, types, headers, response schemas)
#: still runs on them, and all checks run on every other operation.
CASE_OPERATIONS = {("POST", "/v1/decisions"), ("POST", "/v1/decisions:batch")}


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_error_and_every_response_conforms(case: schemathesis.Case, server: ServiceProcess):
    """Every generated request is answered without a 5xx, with the documented status, type and schema."""
    judged_by_library = (case.method, case.path) in CASE_OPERATIONS
    excluded = [negative_data_rejection, positive_data_acceptance] if judged_by_library else []
    case.call_and_validate(base_url=server.url, excluded_checks=excluded)
