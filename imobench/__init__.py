"""imobench: IMO-Bench as versioned datasets, Inspect AI tasks and human-calibrated graders."""

__version__ = "0.1.0"
