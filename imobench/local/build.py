"""llama-cpp-python built once for *any* CPU of this architecture, and exactly that build installed.

Why this exists: llama-cpp-python ships as a source distribution, and pip builds it with ggml's default
`GGML_NATIVE=ON` (`-march=native`): the library then uses every instruction the *build* machine has
(AVX-512, AMX, ...). On a CPU without them, or on a VM that reports AMX but faults on it, the server dies
with SIGILL on its first completion. pip's wheel cache is keyed on the source distribution alone, not on
`CMAKE_ARGS`, so a native wheel built once is silently reused by every later install.

So the build here is `GGML_NATIVE=OFF`, ggml's portable baseline: on x86-64 SSE4.2, AVX, AVX2, FMA, F16C
and BMI2 (every x86-64 CPU since about 2013-2015; a CPU without AVX2 gets the SSE4.2-only build), no
AVX-512 and no AMX; on arm64 the compiler's generic armv8-a. The wheel is kept in imobench's own cache
under a key of version and flags, built with pip's cache off, and the installed library is checked against
it (digest of `libggml-cpu.so` and the compile features llama.cpp reports), so an earlier native build is
replaced rather than trusted.

ggml can also build every CPU variant and choose one at run time (`GGML_BACKEND_DL` with
`GGML_CPU_ALL_VARIANTS`), but llama-cpp-python's loader links `ggml-cpu` by name and never loads backends
dynamically, and the variant it would choose on an AMX-reporting VM is the AMX one that faults. One
baseline build is the choice that runs everywhere. The multimodal part (mtmd) is not built: the bundled
model is text-only, and leaving it out shortens the build.

Run as `python -m imobench.local.build` (scripts/install.sh does). Standard library only.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

PACKAGE = "llama-cpp-python"
LOCK = Path(__file__).resolve().parents[2] / "requirements.lock"
FALLBACK_VERSION = "0.3.36"  # when no requirements.lock is at hand (an installed wheel of imobench)
LIBRARY = "llama_cpp/lib/libggml-cpu.so"
BUILD_MINUTES = "6-10"  # measured on 2 cores: 5.5 min idle, about 10 min on a busy machine
HEARTBEAT_SECONDS = 60

# Compile features llama.cpp reports that a portable build never has: x86 beyond the AVX2 baseline, and
# arm64 extensions that not every armv8 CPU implements.
NON_PORTABLE = re.compile(r"^(AVX512.*|AVX_VNNI|AMX.*|SVE.*|SME.*|MATMUL_INT8|DOTPROD|FP16_VA)$")


def pinned_version(lock: Path = LOCK) -> str:
    """The version requirements.lock pins (the one every install must use)."""
    try:
        text = lock.read_text(encoding="utf-8")
    except OSError:
        return FALLBACK_VERSION
    m = re.search(rf"^{re.escape(PACKAGE)}==([^\s;]+)", text, re.M)
    return m.group(1) if m else FALLBACK_VERSION


def cpu_flags() -> set[str]:
    """The CPU's feature flags from /proc/cpuinfo (empty where there is none)."""
    try:
        text = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return set()
    m = re.search(r"^(?:flags|Features)\s*:\s*(.*)$", text, re.M)
    return set(m.group(1).split()) if m else set()


def portable_cmake_args(machine: str | None = None, flags: set[str] | None = None) -> list[str]:
    """CMake arguments for a build that runs on any CPU of `machine`'s architecture."""
    machine = (machine or platform.machine()).lower()
    args = ["-DGGML_NATIVE=OFF", "-DLLAVA_BUILD=OFF"]
    if machine in ("x86_64", "amd64"):
        flags = cpu_flags() if flags is None else flags
        if flags and "avx2" not in flags:  # older than the AVX2 baseline: SSE4.2 only
            args += ["-DGGML_AVX=OFF", "-DGGML_AVX2=OFF", "-DGGML_FMA=OFF", "-DGGML_F16C=OFF", "-DGGML_BMI2=OFF"]
    return args


def describe(args: list[str], machine: str | None = None) -> str:
    machine = machine or platform.machine()
    if machine.lower() in ("x86_64", "amd64"):
        level = "SSE4.2 baseline" if "-DGGML_AVX2=OFF" in args else "AVX2 baseline, no AVX-512 or AMX"
        return f"any {machine} CPU ({level})"
    return f"any {machine} CPU (generic baseline)"


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "imobench" / "wheels"


def wheel_dir(version: str, args: list[str], machine: str | None = None) -> Path:
    """Where the wheel for this version and these flags is kept (a different key for any change)."""
    key = hashlib.sha256(f"{version}|{machine or platform.machine()}|{' '.join(sorted(args))}".encode()).hexdigest()[:12]
    return cache_root() / f"{PACKAGE}-{version}-{key}"


def cached_wheel(folder: Path) -> Path | None:
    wheels = sorted(folder.glob("llama_cpp_python-*.whl"))
    return wheels[-1] if wheels else None


def wheel_library_digest(wheel: Path) -> str | None:
    """sha256 of the CPU library inside a wheel."""
    try:
        with zipfile.ZipFile(wheel) as z:
            return hashlib.sha256(z.read(LIBRARY)).hexdigest()
    except (OSError, KeyError, zipfile.BadZipFile):
        return None


def installed_library(python: str = sys.executable) -> Path | None:
    """The CPU library of the llama_cpp installed for `python` (found without importing it)."""
    if python == sys.executable:
        spec = importlib.util.find_spec("llama_cpp")
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations)))
    else:
        out = subprocess.run([python, "-c", "import importlib.util as u; s = u.find_spec('llama_cpp'); "
                              "print(next(iter(s.submodule_search_locations)) if s else '')"],
                             capture_output=True, text=True)
        if not out.stdout.strip():
            return None
        folder = Path(out.stdout.strip())
    lib = folder / "lib" / "libggml-cpu.so"
    return lib if lib.is_file() else None


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compile_features(python: str = sys.executable) -> set[str] | None:
    """The CPU features the installed llama.cpp was compiled with (`FEATURE = 1` in its system info);
    None when it cannot be imported.  Read in a child process: loading the library runs no kernels."""
    out = subprocess.run([python, "-c", "import llama_cpp; print(llama_cpp.llama_print_system_info().decode())"],
                         capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        return None
    return set(re.findall(r"([A-Z][A-Z0-9_]*) = 1", out.stdout))


def non_portable(features: set[str]) -> list[str]:
    return sorted(f for f in features if NON_PORTABLE.match(f))


def needs_install(installed_digest: str | None, wheel_digest: str | None, features: set[str] | None) -> str | None:
    """Why the portable wheel must be (re)installed, or None when the installed library is that wheel's."""
    if installed_digest is None:
        return "llama-cpp-python is not installed"
    if features is None:
        return "the installed llama-cpp-python cannot be imported"
    bad = non_portable(features)
    if bad:
        return f"the installed llama-cpp-python was built for one machine's instruction set ({', '.join(bad)})"
    if wheel_digest is not None and installed_digest != wheel_digest:
        return "the installed llama-cpp-python is not the portable build"
    return None


def _heartbeat(stop: threading.Event, started: float, out) -> None:
    while not stop.wait(HEARTBEAT_SECONDS):
        print(f"  still building ({(time.monotonic() - started) / 60:.0f} min) ...", file=out, flush=True)


def build(version: str, args: list[str], folder: Path, log: Path, python: str = sys.executable, out=sys.stdout) -> Path:
    """Build the wheel with pip (its cache off, so no earlier build is reused) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    print(f"Building {PACKAGE} {version} from source for {describe(args)}: about {BUILD_MINUTES} minutes on "
          f"2 cores, once (kept in {folder}; build log {log})", file=out, flush=True)
    started = time.monotonic()
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(stop, started, out), daemon=True)
    beat.start()
    env = {**os.environ, "CMAKE_ARGS": " ".join(args), "FORCE_CMAKE": "1"}
    with tempfile.TemporaryDirectory(dir=folder.parent) as tmp, log.open("w", encoding="utf-8") as fh:
        cmd = [python, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "--disable-pip-version-check",
               "--no-binary", PACKAGE, f"{PACKAGE}=={version}", "-w", tmp]
        fh.write(f"$ CMAKE_ARGS='{env['CMAKE_ARGS']}' {' '.join(cmd)}\n")
        fh.flush()
        try:
            result = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env)
        finally:
            stop.set()
        if result.returncode != 0:
            raise SystemExit(f"building {PACKAGE} failed (exit {result.returncode}); the build log {log} ends with:\n"
                             + "\n".join(log.read_text(errors="replace").splitlines()[-25:]))
        [wheel] = Path(tmp).glob("*.whl")
        target = folder / wheel.name
        os.replace(wheel, target)  # complete or absent: an interrupted build leaves no half wheel
    print(f"  built in {(time.monotonic() - started) / 60:.1f} min", file=out, flush=True)
    return target


def install(wheel: Path, log: Path, python: str = sys.executable) -> None:
    with log.open("a", encoding="utf-8") as fh:
        result = subprocess.run([python, "-m", "pip", "install", "--no-deps", "--force-reinstall",
                                 "--disable-pip-version-check", str(wheel)], stdout=fh, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise SystemExit(f"installing {wheel} failed; see {log}")


def ensure(python: str = sys.executable, log_dir: Path | None = None, out=sys.stdout) -> str:
    """Make `python`'s environment hold the portable build of the pinned version; returns what was done."""
    version = pinned_version()
    args = portable_cmake_args()
    folder = wheel_dir(version, args)
    log_dir = log_dir or folder.parent
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{PACKAGE}-{version}-build.log"
    wheel = cached_wheel(folder)
    lib = installed_library(python)
    features = compile_features(python) if lib is not None else None
    reason = needs_install(file_digest(lib) if lib else None, wheel_library_digest(wheel) if wheel else None, features)
    if reason is None:
        return f"{PACKAGE} {version}: the portable build ({describe(args)}) is installed"
    print(f"{PACKAGE} {version}: {reason}", file=out, flush=True)
    if wheel is None:
        wheel = build(version, args, folder, log, python=python, out=out)
    install(wheel, log, python=python)
    left = non_portable(compile_features(python) or set())
    if left:
        raise SystemExit(f"{PACKAGE} still reports {', '.join(left)} after installing {wheel}; delete {folder} and run again")
    return f"{PACKAGE} {version}: installed the portable build ({describe(args)}) from {wheel}"


def main() -> int:
    try:
        print(ensure(), flush=True)
    except KeyboardInterrupt:
        print(f"\n{PACKAGE}: build interrupted; nothing half-built was kept", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
