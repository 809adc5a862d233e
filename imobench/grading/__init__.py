"""Grading as pure functions: prompts (rubrics/), grader specs (graders/), reply parsing on a scale,
aggregation into score records, the answer precedence rule, calibration records.  No model calls
here: the tasks gather those and hand the replies in."""
