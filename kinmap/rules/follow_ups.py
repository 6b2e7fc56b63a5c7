"""What the rules do after a change to a child's record is committed (settings.KINMAP_RECORD_FOLLOW_UPS).

`kinmap.core.actions.change_record` calls each follow-up with the child's id once the change is
committed, inside the same request, so the worklist and the child's page drawn next already show
the change (decision 0008).
"""

from __future__ import annotations

from django.utils import timezone

from kinmap.people.models import Child
from kinmap.rules.models import RuleResult
from kinmap.rules.services import check_child


def recheck_child(*, child_id: int) -> None:
    """Check the child's rules again as of today; an archived child's results go, as a council check leaves
    them out."""
    child = Child.objects.filter(pk=child_id).only("pk", "archived_at").first()
    if child is None or child.archived_at is not None:
        RuleResult.objects.filter(child_id=child_id).delete()
        return
    check_child(child=child, as_of=timezone.localdate())
