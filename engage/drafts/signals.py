"""Signals the drafts area sends after an operation changed something (not yet committed).

Receivers get the sender (the operation's name) and keyword data.
"""

from blinker import Namespace

_signals = Namespace()

version_published = _signals.signal("draft-version-published")  # draft, version
draft_comment_added = _signals.signal("draft-comment-added")  # comment, draft, paragraph
# A paragraph comment reached the flag threshold and is hidden until a moderator decides.
comment_hidden = _signals.signal("draft-comment-hidden")  # comment, draft, reason
# A comment's author is to be told how it was handled: sent for every comment with a response
# when the response table is published, and again when a response changes afterwards.
comment_response_published = _signals.signal("comment-response-published")  # comment, response
