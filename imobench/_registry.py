"""Inspect AI entry point (`[project.entry-points.inspect_ai]`): importing this module registers
imobench's tasks and model providers with Inspect, so `inspect eval imobench/<task>` finds them."""
