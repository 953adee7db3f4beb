# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The outcome of the manipulation check: categories, findings and verdicts."""

from __future__ import annotations

from dataclasses import dataclass
import enum


class Category(str, enum.Enum):
    """What a manipulative sentence does; listed in the order findings are reported."""

    SECRECY = 'secrecy'
    GUILT = 'guilt'
    DEPENDENCY = 'dependency'
    THREAT = 'threat'
    FLATTERY = 'flattery'
    SOCIAL_PROOF = 'social_proof'
    SCARCITY = 'scarcity'
    URGENCY = 'urgency'
    COMMERCIAL = 'commercial'
    PRESSURE = 'pressure'


WHY: dict[Category, str] = {
    Category.SECRECY: 'asks the person to hide something from others',
    Category.GUILT: "makes the robot's feelings the price of what the person does "
                    '(guilt-tripping, confirmshaming)',
    Category.DEPENDENCY: 'fosters emotional dependency or keeps the person from leaving',
    Category.THREAT: 'threatens a bad outcome to steer the person',
    Category.FLATTERY: 'uses a compliment to get the person to act',
    Category.SOCIAL_PROOF: 'claims that most people do it, to get the person to do it',
    Category.SCARCITY: 'claims something is running out, to hurry a decision',
    Category.URGENCY: 'puts the person under time pressure',
    Category.COMMERCIAL: 'sells or advertises',
    Category.PRESSURE: 'tells the person what they must do or feel',
}
"""One-line explanation of each category (the start of every refusal's reason)."""


@dataclass(frozen=True)
class Finding:
    """One manipulative act found in a text: its category and the words that do it."""

    category: Category
    evidence: str
    learned: bool = False
    """Found by the learned check (the evidence is then a sentence it reads like)."""

    @property
    def reason(self) -> str:
        """Explain the refusal: what the words do."""
        if self.learned:
            return f'{WHY[self.category]}: {self.evidence}'
        return f'{WHY[self.category]}: "{self.evidence}"'


@dataclass(frozen=True)
class Verdict:
    """The check of one text: allowed, or refused with every finding (most serious first)."""

    text: str
    findings: tuple[Finding, ...]

    @property
    def allowed(self) -> bool:
        """Whether the robot may say the text."""
        return not self.findings

    @property
    def category(self) -> str:
        """Return the first finding's category, or '' when the text is allowed."""
        return self.findings[0].category.value if self.findings else ''

    @property
    def reason(self) -> str:
        """Why the text is refused, or that nothing manipulative was found."""
        if not self.findings:
            return 'no persuasion or manipulation found'
        return '; '.join(f.reason for f in self.findings)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form: text, allowed, category, reason, categories, evidence, found_by."""
        return {'text': self.text, 'allowed': self.allowed, 'category': self.category,
                'reason': self.reason,
                'categories': [f.category.value for f in self.findings],
                'evidence': [f.evidence for f in self.findings],
                'found_by': ['learned' if f.learned else 'rules' for f in self.findings]}
