"""The local model's engine is built for any CPU of this architecture, and that build is what is installed."""

from __future__ import annotations

import pytest

from imobench.local import build


@pytest.mark.parametrize(
    ("machine", "flags", "present", "absent"),
    [
        ("x86_64", {"sse4_2", "avx", "avx2", "fma", "avx512f", "amx_int8"}, ["-DGGML_NATIVE=OFF"], ["-DGGML_AVX2=OFF"]),
        ("x86_64", {"sse4_2", "avx"}, ["-DGGML_NATIVE=OFF", "-DGGML_AVX2=OFF", "-DGGML_FMA=OFF"], []),
        ("aarch64", {"fp", "asimd", "sve"}, ["-DGGML_NATIVE=OFF"], ["-DGGML_AVX2=OFF"]),
    ],
    ids=["x86-amx-machine", "x86-without-avx2", "arm64"],
)
def test_build_flags_never_follow_the_build_machine(machine, flags, present, absent) -> None:
    args = build.portable_cmake_args(machine, flags)
    assert all(a in args for a in present) and not any(a in args for a in absent)
    assert not any("NATIVE=ON" in a or "AVX512" in a or "AMX" in a for a in args)


def test_the_wheel_cache_key_changes_with_version_and_flags() -> None:
    a = build.wheel_dir("0.3.36", ["-DGGML_NATIVE=OFF"], "x86_64")
    assert a == build.wheel_dir("0.3.36", ["-DGGML_NATIVE=OFF"], "x86_64")
    assert a != build.wheel_dir("0.3.37", ["-DGGML_NATIVE=OFF"], "x86_64")
    assert a != build.wheel_dir("0.3.36", ["-DGGML_NATIVE=OFF", "-DGGML_AVX2=OFF"], "x86_64")


@pytest.mark.parametrize(
    ("installed", "wheel", "features", "why"),
    [
        (None, "d1", None, "not installed"),
        ("d1", "d1", None, "cannot be imported"),
        ("d2", "d1", {"AVX", "AVX2", "AVX512", "AMX_INT8"}, "built for one machine's instruction set (AMX_INT8, AVX512)"),
        ("d2", "d1", {"AVX", "AVX2", "FMA"}, "not the portable build"),
        ("d1", "d1", {"AVX", "AVX2", "FMA"}, None),
        ("d1", None, {"AVX", "AVX2", "FMA"}, None),
        ("d1", None, {"NEON", "ARM_FMA", "SVE"}, "built for one machine's instruction set (SVE)"),
    ],
    ids=["absent", "broken", "native-amx", "other-build", "ours", "portable-no-cache", "arm-sve"],
)
def test_what_is_installed_is_replaced_unless_it_is_the_portable_build(installed, wheel, features, why) -> None:
    reason = build.needs_install(installed, wheel, features)
    assert (reason is None) if why is None else (why in reason)


def test_the_pinned_version_comes_from_the_lock() -> None:
    lock = build.LOCK.read_text()
    assert f"llama-cpp-python=={build.pinned_version()}" in lock


def test_the_installed_engine_runs_on_any_cpu_of_this_architecture() -> None:
    """The library installed in this environment (by scripts/install.sh) reports no instruction beyond the
    portable baseline; a native build on this kind of machine reports AVX512 and AMX_INT8."""
    features = build.compile_features()
    assert features is not None, "llama_cpp cannot be imported"
    assert build.non_portable(features) == []
    assert {"AVX2", "FMA"} <= features or {"NEON"} & features or "SSE3" in features
