"""The one way the in-process benchmarks time a step: the median of several runs, so one slow run on a shared
machine does not set the figure."""
import statistics
import time


def median_seconds(step, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
