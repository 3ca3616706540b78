"""The rules layer: what each rule checks, the engine that runs them, and the fixer.

- :mod:`.base`: what a rule is (``Rule``, ``Option``), the ``@rule`` decorator
  and the ``Context`` a check runs in;
- one module per family of rules, each holding its rules whole:
  :mod:`.structure` (ND0xx), :mod:`.layout` (ND101-ND110), :mod:`.spacing`,
  :mod:`.headlines`, :mod:`.body`, :mod:`.quotes`, :mod:`.characters`;
- :mod:`.registry`: every rule, by code and name, and the selectors;
- :mod:`.engine`: ``validate``; :mod:`.fixer`: ``fix``.

See docs/architecture.md, and CONTRIBUTING.md for how to add a rule.
"""

from .base import Context, Option, Rule, RuleSettings, rule
from .engine import diagnose, validate
from .fixer import FixResult, fix
from .registry import RULES, RULES_BY_CODE

__all__ = [
    "RULES",
    "RULES_BY_CODE",
    "Context",
    "FixResult",
    "Option",
    "Rule",
    "RuleSettings",
    "diagnose",
    "fix",
    "rule",
    "validate",
]
