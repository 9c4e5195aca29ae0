"""What the benchmark scripts print about the machine they ran on (docs/benchmarks.md quotes it)."""

import os
import platform
from pathlib import Path


def cpu_model() -> str:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    return next(
        (line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), platform.processor()
    )


def describe() -> str:
    """CPUs, CPU model, memory, Python and the load average at the start (other work shares the machine)."""
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    kib = int(next(line.split()[1] for line in meminfo if line.startswith("MemTotal")))
    return (
        f"{os.cpu_count()} CPUs (nproc), {cpu_model()}, {kib / 1024 / 1024:.0f} GiB RAM, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at start"
    )
