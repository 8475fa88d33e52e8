"""Shared pieces every area uses. Depends on nothing else in the project."""
