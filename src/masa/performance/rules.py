"""Who may see and change the performance dataset.

Nothing is granted yet: so far this app holds only the national statistics that
`masa import-dfe` loads, which no page or API reads. The indicator catalogue, local
submissions and benchmark pages (issue 4) declare their grants here when they are built.
"""
