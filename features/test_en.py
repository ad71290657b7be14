"""The auditors' specification in English: every scenario of features/en, on both engines."""

from pytest_bdd import scenarios

scenarios("en")
