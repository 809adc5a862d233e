"""Inspect logs into tidy pandas frames, for reports and the dashboard."""
