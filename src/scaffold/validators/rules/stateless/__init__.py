"""The stateless-agent rules (SA1xx): one small class per family, registered here in order."""

from __future__ import annotations

from scaffold.validators.rule import Rule
from scaffold.validators.rules.stateless.app_state import AppStateRule
from scaffold.validators.rules.stateless.class_state import ClassStateRule
from scaffold.validators.rules.stateless.conversation_memory import ConversationMemoryRule
from scaffold.validators.rules.stateless.framework_state import FrameworkStateRule
from scaffold.validators.rules.stateless.global_rebinding import GlobalRebindingRule
from scaffold.validators.rules.stateless.memoization import MemoizationRule
from scaffold.validators.rules.stateless.middleware_state import MiddlewareStateRule
from scaffold.validators.rules.stateless.module_state import ModuleStateRule
from scaffold.validators.rules.stateless.mutable_defaults import MutableDefaultRule
from scaffold.validators.rules.stateless.process_local import ProcessLocalRule
from scaffold.validators.rules.stateless.shared_instance import SharedInstanceRule

# The finding a `# scaffold: ignore[...]` comment gets when it suppresses nothing.
UNUSED_SUPPRESSION = "SA100"

RULES: tuple[Rule, ...] = (
    ModuleStateRule(),
    GlobalRebindingRule(),
    ClassStateRule(),
    SharedInstanceRule(),
    MemoizationRule(),
    AppStateRule(),
    ConversationMemoryRule(),
    ProcessLocalRule(),
    MutableDefaultRule(),
    FrameworkStateRule(),
    MiddlewareStateRule(),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
