"""Signals the moderation area sends after an operation changed something (not yet committed).

Receivers get the sender (the operation's name) and keyword data. Besides these, moderation
sends the ideas area's signals where they fit, so that their receivers (similar-idea index,
notifications) react to moderators' actions as to any other change:

* ``engage.ideas.signals.idea_status_changed`` — ``idea``, ``change`` (the
  :class:`~engage.ideas.models.IdeaStatusChange`, ``is_official_answer`` for official
  answers), ``actor`` — sent by approve, hide, restore and status change / official answer;
* ``engage.ideas.signals.content_hidden`` — ``target`` (idea or comment), ``idea``,
  ``reason`` (the moderator's text; ``"flags"`` when the flag threshold hid it), ``actor``
  — sent when a moderator hides an idea or comment (single, bulk or by upholding flags).
"""

from blinker import Namespace

_signals = Namespace()

# target (idea or comment), idea, actor, reason ("" if none given)
content_restored = _signals.signal("moderation-content-restored")
# idea (the duplicate), into (the idea it went into), actor, moved (supports moved), reason
idea_merged = _signals.signal("moderation-idea-merged")
# idea, assignment (organisation, due_date), actor
idea_assigned = _signals.signal("moderation-idea-assigned")
# target (idea or comment), idea, actor, outcome ("dismissed" or "upheld"), count
flags_decided = _signals.signal("moderation-flags-decided")
