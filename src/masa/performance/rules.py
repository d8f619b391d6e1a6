"""Who may see and change the performance dataset.

Nothing is granted yet. The national statistics `masa import-dfe` loads are public data, and
the indicator catalogue and benchmarks API (/api/v1/indicators/, /api/v1/benchmarks) are open
to everyone signed in (Access.SIGNED_IN). Local submissions and the dashboard (issue 4)
declare their grants here when they are built.
"""
