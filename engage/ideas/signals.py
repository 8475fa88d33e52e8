"""Signals the ideas area sends after an operation changed something (not yet committed).

Other areas (notifications, moderation log, similarity index) connect receivers instead of
being called from here. Receivers get the sender (the operation's name) and keyword data.
"""

from blinker import Namespace

_signals = Namespace()

idea_submitted = _signals.signal("idea-submitted")  # idea
idea_edited = _signals.signal("idea-edited")  # idea, editor
idea_status_changed = _signals.signal("idea-status-changed")  # idea, change (IdeaStatusChange)
comment_added = _signals.signal("comment-added")  # comment, idea
content_hidden = _signals.signal("content-hidden")  # target (idea or comment), idea, reason
