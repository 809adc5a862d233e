"""Statistics for reports and metrics: intervals, agreement, calibration (numpy and scipy only)."""
