"""In-app and e-mail notifications, digests and their settings."""
