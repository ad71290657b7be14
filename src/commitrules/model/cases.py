"""One typed case model per case kind (``docs/domain.md`` section 5), composed of the shared entities.

A case document names its kind in ``kind:``; :data:`CASE_MODELS` maps each kind to its model, and
the field names of each model are the names its policy file's conditions start from
(``matter.listed``, ``result.has_finding('false_commitment')``, ``conduct.score()``).
"""

from typing import ClassVar, Literal

from commitrules.model._base import Case
from commitrules.model._types import Day, Flag, Text
from commitrules.model.administration import AssistanceRequest, CreditSiteContent, SummaryReport
from commitrules.model.applicant import Applicant
from commitrules.model.commitment import Commitment, PublicityRequest
from commitrules.model.credit import BlacklistEntry
from commitrules.model.matter import CertificationMatter
from commitrules.model.officials import Assessment, EscalationRequest, OfficialConduct
from commitrules.model.verification import VerificationResult

__all__ = [
    "CASE_MODELS",
    "ApplicationCase",
    "AssessmentCase",
    "AssistanceCase",
    "BlacklistCase",
    "CreditSiteCase",
    "EscalationCase",
    "LeniencyCase",
    "MatterReviewCase",
    "PublicityCase",
    "SummaryCase",
    "VerificationCase",
]


class MatterReviewCase(Case):
    """事项梳理: may this certification matter use notification-and-commitment at all (group A)."""

    KIND: ClassVar[str] = "matter_review"
    TITLE: ClassVar[dict[str, str]] = {"zh": "事项梳理", "en": "Matter review"}

    kind: Literal["matter_review"] = "matter_review"
    matter: CertificationMatter
    """The matter under review, with its unit and verification plan."""
    id: Text = None
    """The case's id in the host system."""


class ApplicationCase(Case):
    """告知承诺申请: may this applicant use the commitment route for this matter now (groups A, B, C)."""

    KIND: ClassVar[str] = "application"
    TITLE: ClassVar[dict[str, str]] = {"zh": "告知承诺申请", "en": "Application"}

    kind: Literal["application"] = "application"
    applicant: Applicant
    """Who applies, with its credit standing."""
    matter: CertificationMatter
    """What is applied for."""
    commitment: Commitment
    """The notification given and the letter (to be) signed."""
    declined: Flag = False
    """The applicant chose the ordinary route with the certificate (申请人自主选择, NAT-42)."""
    withdrawn_this_cycle: Flag = False
    """The applicant withdrew a commitment for this matter earlier in this cycle (optional rule, Q10)."""
    applied_on: Day | None = None
    """The day of the application. For the record only: no rule reads it; the case is judged as of its
    evaluation date (``as_of``), not this day."""
    id: Text = None
    """The case's id in the host system."""


class VerificationCase(Case):
    """核查处理: what follows from a verification result and its findings (groups D, E, F entry)."""

    KIND: ClassVar[str] = "verification"
    TITLE: ClassVar[dict[str, str]] = {"zh": "核查处理", "en": "Handling verification results"}

    kind: Literal["verification"] = "verification"
    applicant: Applicant
    """Whose commitment was verified. For the record only: no rule of this kind reads it (its credit and
    history decide applications; a listing is decided by a blacklist case)."""
    matter: CertificationMatter
    """The matter, with its verification plan (deadline, methods)."""
    commitment: Commitment
    """The verified letter: the decision on it, the fees paid, and the secrets it contains (which keep
    its performance or breach record off the public website)."""
    result: VerificationResult
    """The result: outcome and findings; no outcome while the verification is under way."""
    started_on: Day
    """The day the verification started; the plan's deadline counts from it."""
    id: Text = None
    """The case's id in the host system."""


class BlacklistCase(Case):
    """失信惩戒: what an active or exited blacklist entry triggers (group F)."""

    KIND: ClassVar[str] = "blacklist"
    TITLE: ClassVar[dict[str, str]] = {"zh": "失信惩戒", "en": "Blacklist and joint punishment"}

    kind: Literal["blacklist"] = "blacklist"
    entry: BlacklistEntry
    """The blacklist entry and its subject."""
    id: Text = None
    """The case's id in the host system."""


class PublicityCase(Case):
    """承诺公示: whether and where a commitment letter is displayed (group G)."""

    KIND: ClassVar[str] = "publicity"
    TITLE: ClassVar[dict[str, str]] = {"zh": "承诺公示", "en": "Publicity of a commitment"}

    kind: Literal["publicity"] = "publicity"
    applicant: Applicant
    """Who committed; its village committee is a channel."""
    matter: CertificationMatter
    """The matter; a project location is a channel."""
    commitment: Commitment
    """The letter to display."""
    request: PublicityRequest
    """The secrecy flags, the proposed channels and the applicant's wishes."""
    id: Text = None
    """The case's id in the host system."""


class EscalationCase(Case):
    """请示报告: to whom an issue is reported, and whether the report is complete (group H)."""

    KIND: ClassVar[str] = "escalation"
    TITLE: ClassVar[dict[str, str]] = {"zh": "请示报告", "en": "Reporting upwards"}

    kind: Literal["escalation"] = "escalation"
    request: EscalationRequest
    """The issue, who has it, and what the report says."""
    id: Text = None
    """The case's id in the host system."""


class LeniencyCase(Case):
    """容错纠错: the leniency an official's or unit's mistake gets (group I)."""

    KIND: ClassVar[str] = "leniency"
    TITLE: ClassVar[dict[str, str]] = {"zh": "容错纠错", "en": "Error tolerance and correction"}

    kind: Literal["leniency"] = "leniency"
    conduct: OfficialConduct
    """The mistake, its six factors and any bars."""
    id: Text = None
    """The case's id in the host system."""


class AssistanceCase(Case):
    """行政协助: whether an administrative-assistance action may go ahead (group J)."""

    KIND: ClassVar[str] = "assistance"
    TITLE: ClassVar[dict[str, str]] = {"zh": "行政协助", "en": "Administrative assistance"}

    kind: Literal["assistance"] = "assistance"
    request: AssistanceRequest
    """The assistance asked for, or the change to the catalog."""
    id: Text = None
    """The case's id in the host system."""


class AssessmentCase(Case):
    """督导考核: commendation or accountability for a unit; exemption or accountability for an official.

    Rule group K.
    """

    KIND: ClassVar[str] = "assessment"
    TITLE: ClassVar[dict[str, str]] = {"zh": "督导考核", "en": "Supervision and assessment"}

    kind: Literal["assessment"] = "assessment"
    assessment: Assessment
    """Who is assessed and how they did."""
    id: Text = None
    """The case's id in the host system."""


class SummaryCase(Case):
    """总结评估: whether a periodic summary report is complete (group L)."""

    KIND: ClassVar[str] = "summary"
    TITLE: ClassVar[dict[str, str]] = {"zh": "总结评估", "en": "Summary and evaluation"}

    kind: Literal["summary"] = "summary"
    report: SummaryReport
    """The written summary."""
    id: Text = None
    """The case's id in the host system."""


class CreditSiteCase(Case):
    """信用网站公开: whether the credit website publishes all five required items (group G)."""

    KIND: ClassVar[str] = "credit_site"
    TITLE: ClassVar[dict[str, str]] = {"zh": "信用网站公开", "en": "Publication on the credit website"}

    kind: Literal["credit_site"] = "credit_site"
    content: CreditSiteContent
    """What the site publishes."""
    id: Text = None
    """The case's id in the host system."""


#: Every case kind and the model that validates it, in the order of ``docs/domain.md`` section 5.
CASE_MODELS: dict[str, type[Case]] = {
    model.KIND: model
    for model in (
        MatterReviewCase,
        ApplicationCase,
        VerificationCase,
        BlacklistCase,
        PublicityCase,
        EscalationCase,
        LeniencyCase,
        AssistanceCase,
        AssessmentCase,
        SummaryCase,
        CreditSiteCase,
    )
}
