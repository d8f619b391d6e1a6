"""Who may see and change papers: this app grants nothing of its own.

A paper belongs to an agenda item of a meeting, so it is seen by whoever may see that meeting
(VIEW_MEETINGS, through `Meeting.objects.visible_to`) and added or removed by whoever may
manage it (MANAGE_MEETINGS, through `Meeting.objects.changeable_by`); both are granted in
partnership/rules.py. Later features that take files (audit evidence, review reports) use
the checks in uploads.py and the scope of the record they attach to, in the same way.
"""
