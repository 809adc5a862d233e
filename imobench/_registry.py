"""Inspect AI entry point (`[project.entry-points.inspect_ai]`): importing this module registers
imobench's tasks, the litellm model provider and imobench's hooks, so `inspect eval
imobench/<task>` and `--model litellm/...` work once the package is installed.  Importing it
does not import litellm (that costs seconds; the provider imports it when a litellm model is
made), so runs with other providers do not pay for it."""

from imobench.offline import apply_offline_defaults

apply_offline_defaults()

from imobench import hooks  # noqa: E402, F401
from imobench.providers.litellm import litellm_provider  # noqa: E402, F401
from imobench.tasks.answerbench import answerbench  # noqa: E402, F401
from imobench.tasks.gradingbench import gradingbench  # noqa: E402, F401
from imobench.tasks.proofbench import proofbench  # noqa: E402, F401
