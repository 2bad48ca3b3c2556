"""Performance benchmarks: ``python3 -m benchmarks`` (not part of the test suite).

See docs/performance.md for what each figure measures and the last results.
"""
