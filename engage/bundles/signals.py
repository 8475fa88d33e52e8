"""Signals the bundles area sends after an operation (not yet committed)."""

from blinker import Namespace

_signals = Namespace()

bundle_submitted = _signals.signal("bundle-submitted")  # bundle
bundle_decided = _signals.signal("bundle-decided")  # bundle, decision, project (or None)
project_updated = _signals.signal("project-updated")  # project, update
