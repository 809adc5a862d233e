"""Grader prompts (from rubrics/), grader specifications (from graders/), reply parsing, aggregation."""
