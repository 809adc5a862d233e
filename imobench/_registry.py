"""Inspect AI entry point (`[project.entry-points.inspect_ai]`): importing this module registers
imobench's tasks and the litellm model provider, so `inspect eval imobench/<task>` and
`--model litellm/...` work once the package is installed."""

from imobench.providers.litellm import litellm_provider  # noqa: F401
from imobench.tasks.answerbench import answerbench  # noqa: F401
from imobench.tasks.gradingbench import gradingbench  # noqa: F401
from imobench.tasks.proofbench import proofbench  # noqa: F401
