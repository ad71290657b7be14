"""The auditors' specification in Chinese: every scenario of features/zh-CN, on both engines."""

from pytest_bdd import scenarios

scenarios("zh-CN")
