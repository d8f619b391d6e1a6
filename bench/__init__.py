"""`make bench`: queries per page and latency on a scaled partnership (docs/performance.md)."""
