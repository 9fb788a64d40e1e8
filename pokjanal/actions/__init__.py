"""Every write of the Tim Pembina's work, one module per part as in `pokjanal.models`. Each action is one
transaction with its audit entry; a retried submission (same client UUID) returns what the first one stored
and writes nothing. Everything is re-exported here, so callers write `actions.plan_rakor(...)`."""

from pokjanal.actions.actions import (
    MAX_EVIDENCE_BYTES,
    ActionTerms,
    create_action,
    evidence_content,
    follow_up_action,
    report_real_action,
    update_action,
    validate_evidence,
)
from pokjanal.actions.bodies import (
    add_member,
    create_body,
    remove_sector_role,
    set_sector_role,
    suggest_owner,
    update_body,
    update_member,
)
from pokjanal.actions.commitments import (
    CommitmentTerms,
    FromDecision,
    commitments_from_decision,
    record_commitment,
    validate_document,
)
from pokjanal.actions.needs import (
    handle_need,
    request_need,
    set_funding,
)
from pokjanal.actions.problems import (
    record_problem,
    record_supervision_visit,
    refresh_problems,
    set_problem_status,
)
from pokjanal.actions.rakor import (
    add_decision,
    cancel_rakor,
    hold_rakor,
    plan_rakor,
    update_rakor,
)
from pokjanal.actions.strata import (
    APPROVE,
    PROPOSE,
    REOPEN,
    RETURN,
    VERIFY,
    Transition,
    move_assessment,
    open_assessment,
    update_assessment_inputs,
)

__all__ = [
    "APPROVE",
    "MAX_EVIDENCE_BYTES",
    "PROPOSE",
    "REOPEN",
    "RETURN",
    "VERIFY",
    "ActionTerms",
    "CommitmentTerms",
    "FromDecision",
    "Transition",
    "add_decision",
    "add_member",
    "cancel_rakor",
    "commitments_from_decision",
    "create_action",
    "create_body",
    "evidence_content",
    "follow_up_action",
    "handle_need",
    "hold_rakor",
    "move_assessment",
    "open_assessment",
    "plan_rakor",
    "record_commitment",
    "record_problem",
    "record_supervision_visit",
    "refresh_problems",
    "remove_sector_role",
    "report_real_action",
    "request_need",
    "set_funding",
    "set_problem_status",
    "set_sector_role",
    "suggest_owner",
    "update_action",
    "update_assessment_inputs",
    "update_body",
    "update_member",
    "update_rakor",
    "validate_document",
    "validate_evidence",
]
