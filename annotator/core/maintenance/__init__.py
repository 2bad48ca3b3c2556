"""Keeping project files healthy: the integrity check and rotating backups/restore."""
